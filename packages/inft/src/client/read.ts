import { agentNftAbi, verifierAbi } from "@0g/contracts";
import { BaseError as ViemBaseError, ContractFunctionZeroDataError, isAddressEqual, zeroAddress, type Address, type Client, type Hex } from "viem";
import { getBlock, readContract } from "viem/actions";
import { AgentNftNotDeployedError, NotTokenHolderError, TokenNotFoundError } from "../errors.js";
import { revertOf } from "@0g/core";

/** One `IntelligentData` entry of a token. */
export type IntelligentData = { dataDescription: string; dataHash: Hex };

/**
 * Reads the AgentNFT; a token that does not exist is a {@link TokenNotFoundError}, an address
 * without code an {@link AgentNftNotDeployedError}.
 */
export async function readNft(client: Client, agentNft: Address, functionName: string, args: readonly unknown[], tokenId?: bigint): Promise<unknown> {
  try {
    return await readContract(client, { address: agentNft, abi: agentNftAbi, functionName, args } as never);
  } catch (error) {
    if (tokenId !== undefined && revertOf(error)?.errorName === "ERC721NonexistentToken") throw new TokenNotFoundError({ tokenId, agentNft });
    if (error instanceof ViemBaseError && error.walk((e) => e instanceof ContractFunctionZeroDataError)) throw new AgentNftNotDeployedError({ agentNft, cause: error });
    throw error;
  }
}

export const ownerOf = async (client: Client, agentNft: Address, tokenId: bigint): Promise<Address> => (await readNft(client, agentNft, "ownerOf", [tokenId], tokenId)) as Address;

export const intelligentDatasOf = async (client: Client, agentNft: Address, tokenId: bigint): Promise<IntelligentData[]> =>
  ((await readNft(client, agentNft, "intelligentDatasOf", [tokenId], tokenId)) as readonly IntelligentData[]).map((d) => ({ dataDescription: d.dataDescription, dataHash: d.dataHash }));

export const agentOperatorOf = async (client: Client, agentNft: Address, tokenId: bigint): Promise<Address> =>
  (await readNft(client, agentNft, "agentOperatorOf", [tokenId], tokenId)) as Address;

export const accountOf = async (client: Client, agentNft: Address, tokenId: bigint): Promise<Address> => (await readNft(client, agentNft, "accountOf", [tokenId])) as Address;

export const authorizedUsersOf = async (client: Client, agentNft: Address, tokenId: bigint): Promise<Address[]> => [
  ...((await readNft(client, agentNft, "authorizedUsersOf", [tokenId], tokenId)) as readonly Address[]),
];

/** The TEE oracle the AgentNFT's Verifier trusts. */
export async function trustedOracle(client: Client, agentNft: Address): Promise<Address> {
  const verifier = (await readNft(client, agentNft, "verifier", [])) as Address;
  return readContract(client, { address: verifier, abi: verifierAbi, functionName: "teeOracleAddress" });
}

/** The latest block's timestamp: chain time, what the Verifier compares nonces with. */
export async function chainTime(client: Client): Promise<bigint> {
  return (await getBlock(client, { blockTag: "latest" })).timestamp;
}

/** Whether `spender` may move `owner`'s token: the owner, its approved address, or an operator for all its tokens. */
export async function mayMove(client: Client, agentNft: Address, owner: Address, spender: Address, tokenId: bigint): Promise<boolean> {
  if (isAddressEqual(owner, spender)) return true;
  const [approved, forAll] = await Promise.all([
    readNft(client, agentNft, "getApproved", [tokenId], tokenId) as Promise<Address>,
    readNft(client, agentNft, "isApprovedForAll", [owner, spender]) as Promise<boolean>,
  ]);
  return forAll || (!isAddressEqual(approved, zeroAddress) && isAddressEqual(approved, spender));
}

/** Throws {@link NotTokenHolderError} unless `account` holds the token; returns the holder. */
export async function requireHolder(client: Client, agentNft: Address, tokenId: bigint, account: Address, action: string): Promise<Address> {
  const holder = await ownerOf(client, agentNft, tokenId);
  if (!isAddressEqual(holder, account)) throw new NotTokenHolderError({ tokenId, account, holder, action });
  return holder;
}
