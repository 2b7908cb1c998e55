import { fineTuningServingAbi } from "@0g/contracts";
import type { Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import type { ComputeAccountRequiredError, ComputeContractNotFoundError, ComputeTransactionError, FineTuningDeliverableNotFoundError } from "../errors.js";
import { taskIdBytes } from "./request.js";
import { readDeliverable } from "./service.js";

export type AcknowledgeFineTuningDeliverableParameters = ComputeContractsParameter &
  AccountParameter & {
    provider: Address;
    taskId: string;
  };

export type AcknowledgeFineTuningDeliverableReturnType = ComputeWriteReturnType;

export type AcknowledgeFineTuningDeliverableErrorType =
  | FineTuningDeliverableNotFoundError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError;

/**
 * Acknowledges a delivered model on chain (`FineTuningServing.acknowledgeDeliverable(provider,
 * taskId)`): the provider then settles the full fee and publishes the model key sealed to the
 * account; without it, the provider settles after its acknowledgement window with the penalty fee
 * (a share of the fee) and no key. It also frees the sub-account for the next task (a new
 * deliverable needs the previous one acknowledged). Resolves once mined.
 *
 * Check the model first if you like: download it from 0G Storage by `deliverable.modelRootHash`.
 *
 * @throws {FineTuningDeliverableNotFoundError} before the provider delivered.
 * @example
 * import { acknowledgeFineTuningDeliverable } from "@0g/compute";
 * await acknowledgeFineTuningDeliverable(walletClient, { provider, taskId });
 */
export async function acknowledgeFineTuningDeliverable(
  client: ComputeWalletClient,
  parameters: AcknowledgeFineTuningDeliverableParameters,
): Promise<AcknowledgeFineTuningDeliverableReturnType> {
  const account = requireAccount(client, parameters.account, "acknowledgeFineTuningDeliverable");
  const provider = checkAddress("provider", parameters.provider);
  taskIdBytes(parameters.taskId);
  const address = await computeContract(client, "fineTuning", parameters.contracts);
  await readDeliverable(client, { user: account.address, provider, taskId: parameters.taskId, contracts: parameters.contracts });
  return writeAndWait(client, {
    account,
    address,
    abi: fineTuningServingAbi,
    functionName: "acknowledgeDeliverable",
    args: [provider, parameters.taskId],
  });
}
