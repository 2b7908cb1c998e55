import { inferenceServingAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readSubAccount } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ComputeTransactionError, SubAccountNotFoundError } from "../errors.js";

export type AcknowledgeTeeSignerParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider whose TEE signer the account trusts. */
    provider: Address;
  };

/** The transaction, or `undefined` when the sub-account had acknowledged already (nothing sent). */
export type AcknowledgeTeeSignerReturnType = ComputeWriteReturnType | undefined;

export type AcknowledgeTeeSignerErrorType =
  | SubAccountNotFoundError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Acknowledges the provider's TEE signer for the account's sub-account
 * (`InferenceServing.acknowledgeTEESigner(provider, true)`): the provider answers and settles only
 * then. `transferFund` does it when it opens or tops up a sub-account; this is for after
 * {@link revokeTeeSignerAcknowledgement}. Nothing is sent when it is acknowledged already.
 *
 * @throws {SubAccountNotFoundError}
 * @example
 * import { acknowledgeTeeSigner } from "@0g/compute";
 * await acknowledgeTeeSigner(walletClient, { provider });
 */
export async function acknowledgeTeeSigner(
  client: ComputeWalletClient,
  parameters: AcknowledgeTeeSignerParameters,
): Promise<AcknowledgeTeeSignerReturnType> {
  const account = requireAccount(client, parameters.account, "acknowledgeTeeSigner");
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  const sub = await readSubAccount(client, inference, account.address, provider);
  if (sub === undefined) throw new SubAccountNotFoundError({ user: account.address, provider });
  if (sub.acknowledged) return undefined;
  return writeAndWait(client, { account, address: inference, abi: inferenceServingAbi, functionName: "acknowledgeTEESigner", args: [provider, true] });
}
