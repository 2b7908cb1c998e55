import type { Address, Client, Hex } from "viem";
import { getBalance } from "viem/actions";
import { checkTokenId } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { accountOf, agentOperatorOf, authorizedUsersOf, intelligentDatasOf, ownerOf, readNft, type IntelligentData } from "../client/read.js";
import type { AgentNftNotDeployedError, InftContractNotFoundError, TokenNotFoundError } from "../errors.js";

export type GetAgentParameters = Pick<InftContractsParameter, "agentNft"> & {
  tokenId: bigint;
};

export type GetAgentReturnType = {
  tokenId: bigint;
  /** The AgentNFT contract. */
  agentNft: Address;
  /** The token's holder (`ownerOf`). */
  holder: Address;
  /** The agent operator: the address of the agent key inside the encrypted data (zero: none). */
  operator: Address;
  /** The agent's account (ERC-6551 style), bound to the token. */
  account: Address;
  /** The account's native balance, in wei. */
  balance: bigint;
  /** The data hashes (0G Storage roots of the envelopes), in order. */
  dataHashes: Hex[];
  /** The `IntelligentData` entries: public descriptions and data hashes. */
  datas: IntelligentData[];
  /** Who minted it (a clone's: the source's creator). */
  creator: Address;
  /** Users the holder authorised (`authorizeUsage`); cleared by every transfer. */
  authorizedUsers: Address[];
};

export type GetAgentErrorType = InftContractNotFoundError | AgentNftNotDeployedError | TokenNotFoundError;

/**
 * What the chain says about an agent: holder, operator, account and its balance, data hashes,
 * creator and authorised users. Reads only; nothing is decrypted (see `loadAgent`).
 *
 * @example
 * import { getAgent } from "@0g/inft";
 * const { holder, operator, account, dataHashes } = await getAgent(client, { tokenId: 0n });
 */
export async function getAgent(client: Client, parameters: GetAgentParameters): Promise<GetAgentReturnType> {
  const tokenId = checkTokenId(parameters.tokenId);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const [holder, operator, account, datas, creator, authorizedUsers] = await Promise.all([
    ownerOf(client, agentNft, tokenId),
    agentOperatorOf(client, agentNft, tokenId),
    accountOf(client, agentNft, tokenId),
    intelligentDatasOf(client, agentNft, tokenId),
    readNft(client, agentNft, "creatorOf", [tokenId], tokenId) as Promise<Address>,
    authorizedUsersOf(client, agentNft, tokenId),
  ]);
  const balance = await getBalance(client, { address: account });
  return { tokenId, agentNft, holder, operator, account, balance, dataHashes: datas.map((d) => d.dataHash), datas, creator, authorizedUsers };
}
