import { fineTuningServingAbi } from "@0g/contracts";
import type { Address, Client, ContractFunctionReturnType, Hex } from "viem";
import { readContract } from "viem/actions";
import { checkAddress, userAddress, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContracts, type ComputeContractsParameter } from "../client/contracts.js";
import { okOrThrow, providerFetch, type FetchFn } from "../client/http.js";
import { revertOf } from "@0g/core";
import { FineTuningDeliverableNotFoundError, FineTuningServiceNotFoundError, FineTuningTaskNotFoundError, ProviderRequestError } from "../errors.js";
import { taskIdBytes } from "./request.js";

// Shared by the fine-tuning actions: the service on chain, the provider's HTTP API, deliverables.

/** The provider's machine, as its service states it (`Quota`). */
export type FineTuningQuota = { cpuCount: bigint; nodeMemory: bigint; gpuCount: bigint; nodeStorage: bigint; gpuType: string };

/** A fine-tuning provider's service on `FineTuningServing`. */
export type FineTuningService = {
  provider: Address;
  /** The provider's base URL: tasks at `{url}/v1/user/{address}/task`. */
  url: string;
  quota: FineTuningQuota;
  /** Neuron per training token (the fee is tokens × epochs × this, set by the provider at set-up). */
  pricePerToken: bigint;
  /** True while the provider trains. */
  occupied: boolean;
  /** Names of the pre-trained models it fine-tunes. */
  models: readonly string[];
  /** The TEE signer that signs settlements and encrypted models. */
  teeSignerAddress: Address;
  /** True when the contract owner acknowledged the TEE signer. */
  teeSignerAcknowledged: boolean;
};

type RawService = ContractFunctionReturnType<typeof fineTuningServingAbi, "view", "getService">;

/** A delivered model on chain (`Deliverable`). */
export type FineTuningDeliverable = {
  /** The task id. */
  id: string;
  /** The encrypted model's file root on 0G Storage (32 bytes). */
  modelRootHash: Hex;
  /** The model key sealed to the user (ECIES); `0x` until settled, and after a penalty settlement. */
  encryptedSecret: Hex;
  /** True once the user acknowledged it on chain. */
  acknowledged: boolean;
  /** When it was added (Unix seconds). */
  timestamp: bigint;
  /** True once the provider settled its fee. */
  settled: boolean;
};

export type ProviderHttpOptions = {
  /** Milliseconds to wait for the provider's answer. @default 30_000 */
  timeout?: number | undefined;
  /** A `fetch` implementation (the global one by default). */
  fetch?: FetchFn | undefined;
};

export function toFineTuningService(raw: RawService): FineTuningService {
  return {
    provider: raw.provider,
    url: raw.url,
    quota: { ...raw.quota },
    pricePerToken: raw.pricePerToken,
    occupied: raw.occupied,
    models: [...raw.models],
    teeSignerAddress: raw.teeSignerAddress,
    teeSignerAcknowledged: raw.teeSignerAcknowledged,
  };
}

/**
 * `FineTuningServing.getService(provider)`.
 *
 * @throws {FineTuningServiceNotFoundError}
 */
export async function readFineTuningService(client: Client, provider: Address, contracts: ComputeContracts | undefined): Promise<FineTuningService> {
  const address = await computeContract(client, "fineTuning", contracts);
  try {
    return toFineTuningService(await readContract(client, { address, abi: fineTuningServingAbi, functionName: "getService", args: [provider] }));
  } catch (error) {
    if (revertOf(error)?.errorName === "ServiceNotExist") throw new FineTuningServiceNotFoundError({ provider });
    throw error;
  }
}

/**
 * `FineTuningServing.getDeliverable(user, provider, taskId)`.
 *
 * @throws {FineTuningDeliverableNotFoundError} when the task has no deliverable (or the user no sub-account).
 */
export async function readDeliverable(
  client: Client,
  { user, provider, taskId, contracts }: { user: Address; provider: Address; taskId: string; contracts: ComputeContracts | undefined },
): Promise<FineTuningDeliverable> {
  const address = await computeContract(client, "fineTuning", contracts);
  try {
    const d = await readContract(client, { address, abi: fineTuningServingAbi, functionName: "getDeliverable", args: [user, provider, taskId] });
    return { id: d.id, modelRootHash: d.modelRootHash, encryptedSecret: d.encryptedSecret, acknowledged: d.acknowledged, timestamp: d.timestamp, settled: d.settled };
  } catch (error) {
    const name = revertOf(error)?.errorName;
    if (name === "DeliverableNotExists" || name === "AccountNotExists") throw new FineTuningDeliverableNotFoundError({ taskId, provider, user });
    throw error;
  }
}

/**
 * A request to the provider's fine-tuning API at `{service.url}{path}`: its answer when 2xx, else the
 * typed error of the answer (`ProviderRequestError`, ...); `ProviderUnreachableError` when it does not answer.
 */
export async function fineTuningRequest(
  service: Pick<FineTuningService, "url">,
  path: string,
  init: RequestInit,
  { timeout = 30_000, fetch }: ProviderHttpOptions,
): Promise<Response> {
  const url = `${service.url.replace(/\/+$/, "")}${path}`;
  return okOrThrow(url, await providerFetch(url, init, { timeout, fetch }));
}

/**
 * `GET {url}/v1/user/{user}/task/{taskId}{suffix}` for the task reads: checks the arguments, finds the
 * provider's service, and turns the provider's "not found" answer into `FineTuningTaskNotFoundError`.
 */
export async function fineTuningTaskRequest(
  client: Client,
  parameters: ComputeContractsParameter & AccountParameter & ProviderHttpOptions & { provider: Address; taskId: string; user?: Address | undefined },
  action: string,
  suffix: "" | "/log",
): Promise<Response> {
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, action);
  taskIdBytes(parameters.taskId);
  const service = await readFineTuningService(client, provider, parameters.contracts);
  try {
    return await fineTuningRequest(service, `/v1/user/${user}/task/${parameters.taskId}${suffix}`, { method: "GET" }, parameters);
  } catch (error) {
    if (error instanceof ProviderRequestError && /record not found|not found/i.test(error.providerMessage))
      throw new FineTuningTaskNotFoundError({ taskId: parameters.taskId, provider, cause: error });
    throw error;
  }
}
