import { InvalidParameterError } from "@0g/core";
import { isHex, type Address, type Hex } from "viem";
import { checkAddress, requireAccount, sessionSigner, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import { readServingAccount, servingContract } from "../client/read.js";
import type { ComputeWalletClient } from "../client/transaction.js";
import {
  FineTuningModelNotFoundError,
  ProviderRequestError,
  SubAccountNotFoundError,
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type FineTuningServiceNotFoundError,
  type ProviderAccountNotFoundError,
  type ProviderUnreachableError,
} from "../errors.js";
import { fineTuningPredefinedModels } from "./models.js";
import { fineTuningTaskNonce, signFineTuningTaskRequest } from "./request.js";
import { fineTuningRequest, readFineTuningService, type FineTuningService, type ProviderHttpOptions } from "./service.js";
import type { FineTuningModel, FineTuningTaskRequest } from "./types.js";

export type CreateFineTuningTaskParameters = ComputeContractsParameter &
  AccountParameter &
  ProviderHttpOptions & {
    provider: Address;
    /** The pre-trained model: a name the provider lists (`"mock-model"`, `"Qwen2.5-0.5B-Instruct"`), or its root hash. */
    model: string;
    /**
     * The dataset's root hash on 0G Storage (upload it first with `@0g/storage`'s `upload`): a JSONL
     * file of `{"instruction", "input", "output"}`, `{"messages": [...]}` or `{"text"}` records.
     */
    datasetHash: Hex;
    /** The training configuration, e.g. `{ num_train_epochs: 1, learning_rate: 0.0002 }` (an object, or its JSON text). */
    trainingParams: Record<string, unknown> | string;
    /** Queue behind other users' tasks instead of being refused while the provider is busy. @default false */
    wait?: boolean | undefined;
    /** The request's nonce; above the sub-account's. @default Unix ms × 10 000 + 40, as 0G's SDK */
    nonce?: bigint | undefined;
  };

export type CreateFineTuningTaskReturnType = {
  /** The task id (a UUID): the deliverable's id on chain. */
  taskId: string;
  /** The pre-trained model's root hash sent. */
  preTrainedModelHash: Hex;
  nonce: bigint;
};

export type CreateFineTuningTaskErrorType =
  | SubAccountNotFoundError
  | FineTuningModelNotFoundError
  | FineTuningServiceNotFoundError
  | ProviderAccountNotFoundError
  | ProviderRequestError
  | ProviderUnreachableError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Creates a fine-tuning task with a provider, as 0G's SDK `createTask` does: the model's root hash
 * (0G's predefined models by name, else the provider's `GET /v1/model/{name}`), a request signed by
 * the account (EIP-191 of keccak256(user, nonce, datasetHash)), `POST {url}/v1/user/{address}/task`.
 * The provider then downloads the dataset, counts its tokens, sets the fee and checks the
 * sub-account covers it: follow with {@link waitForFineTuningDeliverable}.
 *
 * Fund the sub-account first: `transferFund(client, { provider, amount, service: "fine-tuning" })`.
 *
 * @throws {SubAccountNotFoundError} when the account has no fine-tuning sub-account with the provider.
 * @example
 * import { createFineTuningTask } from "@0g/compute";
 * const { taskId } = await createFineTuningTask(walletClient, {
 *   provider, model: "mock-model", datasetHash: root, trainingParams: { num_train_epochs: 1 },
 * });
 */
export async function createFineTuningTask(client: ComputeWalletClient, parameters: CreateFineTuningTaskParameters): Promise<CreateFineTuningTaskReturnType> {
  const account = requireAccount(client, parameters.account, "createFineTuningTask");
  const provider = checkAddress("provider", parameters.provider);
  const { contracts, timeout, fetch } = parameters;
  if (typeof parameters.datasetHash !== "string" || !isHex(parameters.datasetHash, { strict: true }) || parameters.datasetHash.length !== 66)
    throw new InvalidParameterError({ name: "datasetHash", value: parameters.datasetHash, expected: "a 32-byte root hash (0x + 64 hex digits)" });
  const trainingParams = typeof parameters.trainingParams === "string" ? parameters.trainingParams : JSON.stringify(parameters.trainingParams);
  try {
    const parsed = JSON.parse(trainingParams) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TypeError("not an object");
  } catch {
    throw new InvalidParameterError({ name: "trainingParams", value: parameters.trainingParams, expected: "a JSON object (or its text)" });
  }

  const [service, serving] = await Promise.all([readFineTuningService(client, provider, contracts), servingContract(client, "fine-tuning", contracts)]);
  if ((await readServingAccount(client, "fine-tuning", serving, account.address, provider)) === undefined)
    throw new SubAccountNotFoundError({ user: account.address, provider });
  const preTrainedModelHash = await modelHash(service, parameters.model, { timeout, fetch });

  const nonce = parameters.nonce ?? fineTuningTaskNonce();
  const signature = await signFineTuningTaskRequest({ account: sessionSigner(client, account), nonce, datasetHash: parameters.datasetHash });
  const body: FineTuningTaskRequest = {
    userAddress: account.address,
    datasetHash: parameters.datasetHash,
    trainingParams,
    preTrainedModelHash,
    fee: "0",
    nonce: nonce.toString(),
    signature,
    wait: parameters.wait ?? false,
  };
  const response = await fineTuningRequest(
    service,
    `/v1/user/${account.address}/task`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    { timeout, fetch },
  );
  const { id } = (await response.json()) as { id: string };
  return { taskId: id, preTrainedModelHash, nonce };
}

/** The root hash of `model`: a hash as given, 0G's predefined models by name, else the provider's. */
async function modelHash(service: FineTuningService, model: string, http: ProviderHttpOptions): Promise<Hex> {
  if (typeof model !== "string" || model === "") throw new InvalidParameterError({ name: "model", value: model, expected: "a model name or root hash" });
  if (isHex(model, { strict: true }) && model.length === 66) return model;
  if (model in fineTuningPredefinedModels) return fineTuningPredefinedModels[model as keyof typeof fineTuningPredefinedModels];
  try {
    const found = (await (await fineTuningRequest(service, `/v1/model/${encodeURIComponent(model)}`, { method: "GET" }, http)).json()) as FineTuningModel;
    return found.hash;
  } catch (error) {
    if (!(error instanceof ProviderRequestError)) throw error;
    const listed = (await (await fineTuningRequest(service, "/v1/model", { method: "GET" }, http)).json().catch(() => [])) as FineTuningModel[];
    throw new FineTuningModelNotFoundError({ model, provider: service.provider, available: listed.map((m) => m.name) });
  }
}
