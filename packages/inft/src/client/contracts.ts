import { devnetInfoMethod, getNetwork, InvalidParameterError, isBaseError, parseDevnetInfo, UnknownNetworkError } from "@0g/core";
import { getAddress, isAddress, type Address, type Client } from "viem";
import { getChainId } from "viem/actions";
import { InftContractNotFoundError } from "../errors.js";

/** Where the INFT contract and oracle are; any left out are looked up from the client's chain. */
export type InftContractsParameter = {
  /**
   * The ERC-7857 `AgentNFT` contract. @default the network registry's `contracts.agentNft` for the
   * client's chain, else a devnet's (`devnet_info`)
   */
  agentNft?: Address | undefined;
  /**
   * The re-encryption oracle's base URL (it serves `/v1/info`, `/v1/transfer`, `/v1/access`).
   * @default the registry's `endpoints.inftOracle`, else a devnet's (`<rpc>/inft/oracle`)
   */
  oracle?: string | undefined;
};

type Found = { chainId: number | undefined; agentNft: Address | undefined; oracle: string | undefined };

/** What each viem client's chain says (the lookup asks the chain; ask once per client). */
const found = new WeakMap<Client, Promise<Found>>();

async function lookup(client: Client): Promise<Found> {
  const chainId = client.chain?.id ?? (await getChainId(client).catch(() => undefined));
  let agentNft: Address | undefined;
  let oracle: string | undefined;
  if (chainId !== undefined) {
    try {
      const entry = getNetwork(chainId);
      agentNft = entry.contracts.agentNft;
      const url = entry.endpoints.inftOracle;
      oracle = typeof url === "string" ? url : undefined;
    } catch (error) {
      if (!isBaseError(error, UnknownNetworkError.code)) throw error;
    }
  }
  if (agentNft !== undefined && oracle !== undefined) return { chainId, agentNft, oracle };
  try {
    const info = parseDevnetInfo(await client.request({ method: devnetInfoMethod } as never));
    agentNft ??= info.contracts.agentNft;
    const url = info.endpoints.inftOracle;
    oracle ??= typeof url === "string" ? url : undefined;
  } catch {
    // not a devnet
  }
  return { chainId, agentNft, oracle };
}

function lookupOnce(client: Client): Promise<Found> {
  let pending = found.get(client);
  if (!pending) {
    pending = lookup(client);
    found.set(client, pending);
    pending.catch(() => found.delete(client)); // a failed lookup is asked again next time
  }
  return pending;
}

/**
 * The AgentNFT address: the `agentNft` parameter, else the registry entry of the client's chain,
 * else what a devnet answers to `devnet_info` (looked up once per client).
 *
 * @throws {InftContractNotFoundError}
 */
export async function resolveAgentNft(client: Client, given?: Address): Promise<Address> {
  if (given !== undefined) {
    if (!isAddress(given, { strict: false })) throw new InvalidParameterError({ name: "agentNft", value: given, expected: "an address" });
    return getAddress(given);
  }
  const { chainId, agentNft } = await lookupOnce(client);
  if (agentNft === undefined) throw new InftContractNotFoundError({ contract: "agentNft", chainId });
  return agentNft;
}

/**
 * The oracle's base URL (no trailing slash): the `oracle` parameter, else the registry's
 * `endpoints.inftOracle`, else the devnet's.
 *
 * @throws {InftContractNotFoundError}
 */
export async function resolveOracle(client: Client, given?: string): Promise<string> {
  if (given !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(given);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw new InvalidParameterError({ name: "oracle", value: given, expected: "an http(s) URL" });
    return given.replace(/\/+$/, "");
  }
  const { chainId, oracle } = await lookupOnce(client);
  if (oracle === undefined) throw new InftContractNotFoundError({ contract: "inftOracle", chainId });
  return oracle.replace(/\/+$/, "");
}

/** The chain id for EIP-712 domains: the client's chain, else `eth_chainId`. */
export async function chainIdOf(client: Client): Promise<number> {
  return client.chain?.id ?? (await getChainId(client));
}
