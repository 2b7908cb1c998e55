import { inferenceServingAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readSubAccount } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import {
  AcknowledgementRevokeError,
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type ComputeTransactionError,
  SubAccountNotFoundError,
} from "../errors.js";

export type RevokeTeeSignerAcknowledgementParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider whose TEE signer the account no longer trusts. */
    provider: Address;
  };

export type RevokeTeeSignerAcknowledgementReturnType = ComputeWriteReturnType;

export type RevokeTeeSignerAcknowledgementErrorType =
  | SubAccountNotFoundError
  | AcknowledgementRevokeError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Withdraws the account's acknowledgement of the provider's TEE signer
 * (`InferenceServing.acknowledgeTEESigner(provider, false)`): the provider can then neither serve
 * nor settle. Only an empty sub-account can do this (checked before sending).
 *
 * @throws {SubAccountNotFoundError | AcknowledgementRevokeError}
 * @example
 * import { revokeTeeSignerAcknowledgement } from "@0g/compute";
 * await revokeTeeSignerAcknowledgement(walletClient, { provider });
 */
export async function revokeTeeSignerAcknowledgement(
  client: ComputeWalletClient,
  parameters: RevokeTeeSignerAcknowledgementParameters,
): Promise<RevokeTeeSignerAcknowledgementReturnType> {
  const account = requireAccount(client, parameters.account, "revokeTeeSignerAcknowledgement");
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  const sub = await readSubAccount(client, inference, account.address, provider);
  if (sub === undefined) throw new SubAccountNotFoundError({ user: account.address, provider });
  if (sub.acknowledged && sub.balance !== 0n) throw new AcknowledgementRevokeError({ provider, balance: sub.balance });
  return writeAndWait(client, { account, address: inference, abi: inferenceServingAbi, functionName: "acknowledgeTEESigner", args: [provider, false] });
}
