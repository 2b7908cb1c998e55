import type { Address, Client } from "viem";
import { checkTokenId } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { authorizedUsersOf } from "../client/read.js";
import type { AgentNftNotDeployedError, InftContractNotFoundError, TokenNotFoundError } from "../errors.js";

export type GetAuthorizedUsersParameters = Pick<InftContractsParameter, "agentNft"> & {
  tokenId: bigint;
};

export type GetAuthorizedUsersReturnType = Address[];

export type GetAuthorizedUsersErrorType = InftContractNotFoundError | AgentNftNotDeployedError | TokenNotFoundError;

/**
 * The users the holder authorised to use the agent (ERC-7857 `authorizedUsersOf`).
 *
 * @example
 * import { getAuthorizedUsers } from "@0g/inft";
 * const users = await getAuthorizedUsers(client, { tokenId });
 */
export async function getAuthorizedUsers(client: Client, parameters: GetAuthorizedUsersParameters): Promise<GetAuthorizedUsersReturnType> {
  const tokenId = checkTokenId(parameters.tokenId);
  return authorizedUsersOf(client, await resolveAgentNft(client, parameters.agentNft), tokenId);
}
