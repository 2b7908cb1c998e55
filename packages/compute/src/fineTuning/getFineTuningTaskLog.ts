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
import { fineTuningTaskRequest, type ProviderHttpOptions } from "./service.js";

export type GetFineTuningTaskLogParameters = ComputeContractsParameter &
  AccountParameter &
  ProviderHttpOptions & {
    provider: Address;
    taskId: string;
    /** Whose task: the account's by default. */
    user?: Address | undefined;
  };

/** The task's `progress.log`: one `[RFC 3339 time] message` line per step. */
export type GetFineTuningTaskLogReturnType = string;

export type GetFineTuningTaskLogErrorType =
  | FineTuningTaskNotFoundError
  | FineTuningServiceNotFoundError
  | ProviderRequestError
  | ProviderUnreachableError
  | ComputeContractNotFoundError;

/**
 * The progress log of a fine-tuning task (`GET {url}/v1/user/{address}/task/{id}/log`): set-up,
 * training output, delivery and settlement lines, and the reason when it failed.
 *
 * @example
 * import { getFineTuningTaskLog } from "@0g/compute";
 * console.log(await getFineTuningTaskLog(walletClient, { provider, taskId }));
 */
export async function getFineTuningTaskLog(client: Client, parameters: GetFineTuningTaskLogParameters): Promise<GetFineTuningTaskLogReturnType> {
  return (await fineTuningTaskRequest(client, parameters, "getFineTuningTaskLog", "/log")).text();
}
