import type { Address } from "viem";
import { checkAddress, requireAccount, sessionSigner, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type { ComputeWalletClient } from "../client/transaction.js";
import {
  FineTuningTaskNotCancellableError,
  ProviderRequestError,
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type FineTuningServiceNotFoundError,
  type ProviderUnreachableError,
} from "../errors.js";
import { fineTuningCancelHash } from "./request.js";
import { fineTuningRequest, readFineTuningService, type ProviderHttpOptions } from "./service.js";

export type CancelFineTuningTaskParameters = ComputeContractsParameter &
  AccountParameter &
  ProviderHttpOptions & {
    provider: Address;
    taskId: string;
  };

/** The provider's confirmation, e.g. `"task 0b7c… cancelled"`. */
export type CancelFineTuningTaskReturnType = string;

export type CancelFineTuningTaskErrorType =
  | FineTuningTaskNotCancellableError
  | FineTuningServiceNotFoundError
  | ProviderRequestError
  | ProviderUnreachableError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError;

/**
 * Cancels a fine-tuning task that has not started training (`Init`, `SettingUp`, `SetUp`): the
 * account signs keccak256 of the task id's 16 bytes (EIP-191, 0G's SDK `signTaskID`) and posts it to
 * `{url}/v1/user/{address}/task/{id}/cancel`. The task ends as `Failed`; nothing is charged.
 *
 * @throws {FineTuningTaskNotCancellableError} when the task is training or past it.
 * @example
 * import { cancelFineTuningTask } from "@0g/compute";
 * await cancelFineTuningTask(walletClient, { provider, taskId }); // "task … cancelled"
 */
export async function cancelFineTuningTask(client: ComputeWalletClient, parameters: CancelFineTuningTaskParameters): Promise<CancelFineTuningTaskReturnType> {
  const account = requireAccount(client, parameters.account, "cancelFineTuningTask");
  const provider = checkAddress("provider", parameters.provider);
  const hash = fineTuningCancelHash(parameters.taskId);
  const service = await readFineTuningService(client, provider, parameters.contracts);
  const signature = await sessionSigner(client, account).signMessage({ message: { raw: hash } });
  try {
    const response = await fineTuningRequest(
      service,
      `/v1/user/${account.address}/task/${parameters.taskId}/cancel`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature }) },
      parameters,
    );
    return await response.text();
  } catch (error) {
    if (error instanceof ProviderRequestError && /cancel task/i.test(error.providerMessage))
      throw new FineTuningTaskNotCancellableError({ taskId: parameters.taskId, providerMessage: error.providerMessage });
    throw error;
  }
}
