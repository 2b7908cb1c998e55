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
import { taskIdBytes } from "./request.js";
import { fineTuningRequest, readFineTuningService, type ProviderHttpOptions } from "./service.js";

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
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, "getFineTuningTaskLog");
  taskIdBytes(parameters.taskId);
  const service = await readFineTuningService(client, provider, parameters.contracts);
  try {
    return await (await fineTuningRequest(service, `/v1/user/${user}/task/${parameters.taskId}/log`, { method: "GET" }, parameters)).text();
  } catch (error) {
    if (error instanceof ProviderRequestError && /record not found/i.test(error.providerMessage))
      throw new FineTuningTaskNotFoundError({ taskId: parameters.taskId, provider, cause: error });
    throw error;
  }
}
