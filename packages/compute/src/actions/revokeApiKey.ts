import { inferenceServingAbi } from "@0g/contracts";
import { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readSubAccount } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ComputeTransactionError, SubAccountNotFoundError } from "../errors.js";
import { maxPersistentTokenId } from "../token/constants.js";

export type RevokeApiKeyParameters = ComputeContractsParameter &
  AccountParameter & {
    provider: Address;
    /** The API key's token id (0-254; `createApiKey` returns it). */
    tokenId: number;
  };

export type RevokeApiKeyReturnType = ComputeWriteReturnType;

export type RevokeApiKeyErrorType =
  | SubAccountNotFoundError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Revokes one API key (`InferenceServing.revokeToken(provider, tokenId)`): the provider refuses it
 * from the next block on. Ephemeral tokens (id 255) die only with {@link revokeAllTokens}.
 *
 * @throws {SubAccountNotFoundError}
 * @example
 * import { createApiKey, revokeApiKey } from "@0g/compute";
 * const { tokenId } = await createApiKey(walletClient, { provider });
 * await revokeApiKey(walletClient, { provider, tokenId });
 */
export async function revokeApiKey(client: ComputeWalletClient, parameters: RevokeApiKeyParameters): Promise<RevokeApiKeyReturnType> {
  const account = requireAccount(client, parameters.account, "revokeApiKey");
  const provider = checkAddress("provider", parameters.provider);
  const { tokenId } = parameters;
  if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId > maxPersistentTokenId)
    throw new InvalidParameterError({ name: "tokenId", value: tokenId, expected: `an API key's token id, 0-${maxPersistentTokenId} (ephemeral tokens: revokeAllTokens)` });
  const inference = await computeContract(client, "inference", parameters.contracts);
  if ((await readSubAccount(client, inference, account.address, provider)) === undefined) throw new SubAccountNotFoundError({ user: account.address, provider });
  return writeAndWait(client, { account, address: inference, abi: inferenceServingAbi, functionName: "revokeToken", args: [provider, tokenId] });
}
