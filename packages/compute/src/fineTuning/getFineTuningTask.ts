import type { Address, Client } from "viem";
import { checkAddress, userAddress, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import {
  FineTuningTaskNotFoundError,
  ProviderRequestError,
  type ComputeContractNotFoundError,
  type FineTuningServiceNotFoundError,
  type ProviderUnreachableError,
} from "../errors.js";
import { parseFineTuningTask, taskIdBytes } from "./request.js";
import { fineTuningRequest, readFineTuningService, type ProviderHttpOptions } from "./service.js";
import type { FineTuningTask, FineTuningTaskJson } from "./types.js";

export type GetFineTuningTaskParameters = ComputeContractsParameter &
  AccountParameter &
  ProviderHttpOptions & {
    provider: Address;
    taskId: string;
    /** Whose task: the account's by default. */
    user?: Address | undefined;
  };

export type GetFineTuningTaskReturnType = FineTuningTask;

export type GetFineTuningTaskErrorType =
  | FineTuningTaskNotFoundError
  | FineTuningServiceNotFoundError
  | ProviderRequestError
  | ProviderUnreachableError
  | ComputeContractNotFoundError;

/**
 * A fine-tuning task as its provider reports it (`GET {url}/v1/user/{address}/task/{id}`): progress,
 * fee (set once the dataset's tokens are counted), nonce, delivery time.
 *
 * @example
 * import { getFineTuningTask } from "@0g/compute";
 * const task = await getFineTuningTask(walletClient, { provider, taskId });
 * task.progress; // "Training"
 */
export async function getFineTuningTask(client: Client, parameters: GetFineTuningTaskParameters): Promise<GetFineTuningTaskReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, "getFineTuningTask");
  taskIdBytes(parameters.taskId);
  const service = await readFineTuningService(client, provider, parameters.contracts);
  try {
    const response = await fineTuningRequest(service, `/v1/user/${user}/task/${parameters.taskId}`, { method: "GET" }, parameters);
    return parseFineTuningTask((await response.json()) as FineTuningTaskJson);
  } catch (error) {
    if (error instanceof ProviderRequestError && /record not found|not found/i.test(error.providerMessage))
      throw new FineTuningTaskNotFoundError({ taskId: parameters.taskId, provider, cause: error });
    throw error;
  }
}
