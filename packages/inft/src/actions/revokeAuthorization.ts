import { agentNftAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, checkTokenId, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { requireHolder } from "../client/read.js";
import { simulateAndSend, type InftWriteReturnType } from "../client/transaction.js";
import type { AgentNftNotDeployedError, InftAccountRequiredError, InftContractNotFoundError, InftTransactionError, NotTokenHolderError, TokenNotFoundError } from "../errors.js";

export type RevokeAuthorizationParameters = Pick<InftContractsParameter, "agentNft"> &
  AccountParameter & {
    tokenId: bigint;
    /** The authorised user to remove. */
    user: Address;
  };

export type RevokeAuthorizationReturnType = InftWriteReturnType;

export type RevokeAuthorizationErrorType =
  | InftAccountRequiredError
  | InftContractNotFoundError
  | AgentNftNotDeployedError
  | InvalidParameterError
  | TokenNotFoundError
  | NotTokenHolderError
  | InftTransactionError;

/**
 * Removes an authorised user (ERC-7857 `revokeAuthorization`, holder only): the oracle refuses its
 * access requests from then on. A user who is not authorised is an {@link InftTransactionError}
 * with reason `ERC7857NotAuthorized` (nothing is sent).
 *
 * @example
 * import { revokeAuthorization } from "@0g/inft";
 * await revokeAuthorization(holderClient, { tokenId, user: "0x…" });
 */
export async function revokeAuthorization(client: InftClient, parameters: RevokeAuthorizationParameters): Promise<RevokeAuthorizationReturnType> {
  const account = requireAccount(client, parameters.account, "revokeAuthorization");
  const tokenId = checkTokenId(parameters.tokenId);
  const user = checkAddress("user", parameters.user);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  await requireHolder(client, agentNft, tokenId, account.address, "revokeAuthorization");
  const { transactionHash, blockNumber } = await simulateAndSend(client, {
    account,
    address: agentNft,
    abi: agentNftAbi,
    functionName: "revokeAuthorization",
    args: [tokenId, user],
  });
  return { transactionHash, blockNumber };
}
