import type { Address, Client } from "viem";
import type { AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type {
  FineTuningTaskNotFoundError,
  ProviderRequestError,
  ComputeContractNotFoundError,
  FineTuningServiceNotFoundError,
  ProviderUnreachableError,
} from "../errors.js";
import { parseFineTuningTask } from "./request.js";
import { fineTuningTaskRequest, type ProviderHttpOptions } from "./service.js";
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
  const response = await fineTuningTaskRequest(client, parameters, "getFineTuningTask", "");
  return parseFineTuningTask((await response.json()) as FineTuningTaskJson);
}
