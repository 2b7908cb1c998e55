import { inferenceServingAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readSubAccount } from "../client/read.js";
import { sessionCache } from "../client/session.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ComputeTransactionError, SubAccountNotFoundError } from "../errors.js";

export type RevokeAllTokensParameters = ComputeContractsParameter &
  AccountParameter & {
    provider: Address;
  };

export type RevokeAllTokensReturnType = ComputeWriteReturnType;

export type RevokeAllTokensErrorType =
  | SubAccountNotFoundError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Revokes every session token and API key of the account for a provider
 * (`InferenceServing.revokeAllTokens`: bumps the generation, clears the revoked bitmap) and forgets
 * this client's cached ephemeral token, so the next request mints one of the new generation.
 *
 * @throws {SubAccountNotFoundError}
 * @example
 * import { revokeAllTokens } from "@0g/compute";
 * await revokeAllTokens(walletClient, { provider });
 */
export async function revokeAllTokens(client: ComputeWalletClient, parameters: RevokeAllTokensParameters): Promise<RevokeAllTokensReturnType> {
  const account = requireAccount(client, parameters.account, "revokeAllTokens");
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  if ((await readSubAccount(client, inference, account.address, provider)) === undefined) throw new SubAccountNotFoundError({ user: account.address, provider });
  const sent = await writeAndWait(client, { account, address: inference, abi: inferenceServingAbi, functionName: "revokeAllTokens", args: [provider] });
  sessionCache(client, account).clear(provider);
  return sent;
}
