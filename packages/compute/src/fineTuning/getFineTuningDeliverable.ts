import type { Address, Client } from "viem";
import { checkAddress, userAddress, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type { ComputeContractNotFoundError, FineTuningDeliverableNotFoundError } from "../errors.js";
import { taskIdBytes } from "./request.js";
import { readDeliverable, type FineTuningDeliverable } from "./service.js";

export type GetFineTuningDeliverableParameters = ComputeContractsParameter &
  AccountParameter & {
    provider: Address;
    taskId: string;
    /** Whose deliverable: the account's by default. */
    user?: Address | undefined;
  };

export type GetFineTuningDeliverableReturnType = FineTuningDeliverable;

export type GetFineTuningDeliverableErrorType = FineTuningDeliverableNotFoundError | ComputeContractNotFoundError;

/**
 * A delivered model as `FineTuningServing` records it (`getDeliverable(user, provider, taskId)`): the
 * encrypted model's root on 0G Storage, whether the user acknowledged it, whether the provider
 * settled, and (once settled) the model key sealed to the user.
 *
 * @throws {FineTuningDeliverableNotFoundError} before the provider delivered.
 * @example
 * import { getFineTuningDeliverable } from "@0g/compute";
 * const { modelRootHash, acknowledged } = await getFineTuningDeliverable(walletClient, { provider, taskId });
 */
export async function getFineTuningDeliverable(client: Client, parameters: GetFineTuningDeliverableParameters): Promise<GetFineTuningDeliverableReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, "getFineTuningDeliverable");
  taskIdBytes(parameters.taskId);
  return readDeliverable(client, { user, provider, taskId: parameters.taskId, contracts: parameters.contracts });
}
