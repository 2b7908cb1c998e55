import type { Address, Client } from "viem";
import { getBalance } from "viem/actions";
import { checkTokenId } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { accountOf, readNft } from "../client/read.js";
import type { AgentNftNotDeployedError, InftContractNotFoundError, TokenNotFoundError } from "../errors.js";

export type GetAgentAccountParameters = Pick<InftContractsParameter, "agentNft"> & {
  tokenId: bigint;
};

export type GetAgentAccountReturnType = {
  /** The agent's account: an ERC-6551-style contract bound to the token, deployed at mint or clone. */
  address: Address;
  /** Its native balance, in wei. */
  balance: bigint;
  /** Who controls it now: the token's holder ... */
  holder: Address;
  /** ... and its agent operator (the current agent key's address; zero: none). */
  operator: Address;
};

export type GetAgentAccountErrorType = InftContractNotFoundError | AgentNftNotDeployedError | TokenNotFoundError;

/**
 * The agent's on-chain account (`accountOf`): its address, balance, and the two parties it acts
 * for (`agentControllersOf`): the holder and the agent operator. What the account holds moves with
 * the token.
 *
 * @example
 * import { getAgentAccount } from "@0g/inft";
 * const { address, balance, operator } = await getAgentAccount(client, { tokenId });
 */
export async function getAgentAccount(client: Client, parameters: GetAgentAccountParameters): Promise<GetAgentAccountReturnType> {
  const tokenId = checkTokenId(parameters.tokenId);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const [[holder, operator], address] = await Promise.all([
    readNft(client, agentNft, "agentControllersOf", [tokenId], tokenId) as Promise<readonly [Address, Address]>,
    accountOf(client, agentNft, tokenId),
  ]);
  return { address, balance: await getBalance(client, { address }), holder, operator };
}

