import { agentNftAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, checkTokenId, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { requireHolder } from "../client/read.js";
import { simulateAndSend, type InftWriteReturnType } from "../client/transaction.js";
import type { AgentNftNotDeployedError, InftAccountRequiredError, InftContractNotFoundError, InftTransactionError, NotTokenHolderError, TokenNotFoundError } from "../errors.js";

export type AuthorizeUsageParameters = Pick<InftContractsParameter, "agentNft"> &
  AccountParameter & {
    tokenId: bigint;
    /** Who may use the agent. */
    user: Address;
  };

export type AuthorizeUsageReturnType = InftWriteReturnType;

export type AuthorizeUsageErrorType = InftAccountRequiredError | InftContractNotFoundError | AgentNftNotDeployedError | InvalidParameterError | TokenNotFoundError | NotTokenHolderError | InftTransactionError;

/**
 * Lets `user` use the agent (ERC-7857 `authorizeUsage`, holder only): it can then read the agent's
 * data through the oracle (`loadAgent`), never its key, and does not control the agent account.
 * A token has at most 100 authorised users; a transfer clears them. A user authorised already is
 * an {@link InftTransactionError} with reason `ERC7857AlreadyAuthorized` (nothing is sent).
 *
 * @example
 * import { authorizeUsage } from "@0g/inft";
 * await authorizeUsage(holderClient, { tokenId, user: "0x…" });
 */
export async function authorizeUsage(client: InftClient, parameters: AuthorizeUsageParameters): Promise<AuthorizeUsageReturnType> {
  const account = requireAccount(client, parameters.account, "authorizeUsage");
  const tokenId = checkTokenId(parameters.tokenId);
  const user = checkAddress("user", parameters.user);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  await requireHolder(client, agentNft, tokenId, account.address, "authorizeUsage");
  const { transactionHash, blockNumber } = await simulateAndSend(client, { account, address: agentNft, abi: agentNftAbi, functionName: "authorizeUsage", args: [tokenId, user] });
  return { transactionHash, blockNumber };
}
