import {
  createRpcClient,
  devnetInfoMethod,
  getNetwork,
  InvalidParameterError,
  isBaseError,
  parseDevnetInfo,
  UnknownNetworkError,
  type RpcClient,
  type RpcFetchFn,
} from "@0g/core";
import { getAddress, isAddress, type Address, type Client } from "viem";
import { getChainId } from "viem/actions";
import { isValidShardConfig } from "../rpc/shard.js";
import type { IndexerRpcSchema, ZgsRpcSchema } from "../rpc/schema.js";
import type { ShardConfig, ShardedNode } from "../rpc/types.js";
import { StorageEndpointNotFoundError } from "./errors.js";
import { storageFetch } from "./http.node.js";

/** Where the storage network is: an indexer, or storage node URLs (which win). */
export type StorageEndpoints = {
  /** The indexer's JSON-RPC URL (`indexer_*`): it lists the storage nodes and where files are. */
  indexer?: string | undefined;
  /** Storage node JSON-RPC URLs (`zgs_*`), instead of asking an indexer. */
  nodes?: readonly string[] | undefined;
};

/** What the network registry or a devnet says about a chain. */
export type NetworkLookup = { chainId: number | undefined; indexer?: string; nodes?: readonly string[]; flow?: Address };

/** A storage node to talk to: its URL, shard and JSON-RPC client. */
export type StorageNodeClient = {
  readonly url: string;
  readonly config: ShardConfig;
  readonly rpc: RpcClient<ZgsRpcSchema>;
  /** Listed by the indexer as trusted (or given as a URL), rather than discovered. */
  readonly trusted?: boolean | undefined;
};

export type NodeClientOptions = { timeout?: number | undefined; fetch?: RpcFetchFn | undefined };

/**
 * A `zgs_*` client: no batching (segment uploads are large), few transport retries (callers retry).
 * In Node it talks over node:http (`http.node.ts`), which moves segments with far less CPU and
 * garbage than the global fetch; browsers use fetch.
 */
export function nodeRpc(url: string, { timeout = 30_000, fetch = storageFetch }: NodeClientOptions = {}): RpcClient<ZgsRpcSchema> {
  return createRpcClient<ZgsRpcSchema>({ url, batch: false, retryCount: 1, retryDelay: 100, timeout, ...(fetch ? { fetch } : {}) });
}

/** An `indexer_*` client. */
export function indexerRpc(url: string, { timeout = 30_000 }: NodeClientOptions = {}): RpcClient<IndexerRpcSchema> {
  return createRpcClient<IndexerRpcSchema>({ url, batch: false, retryCount: 2, timeout });
}

/**
 * What the client's chain tells about storage: the registry's entry for its chain id (galileo,
 * mainnet, registered networks), else what a devnet answers to `devnet_info`.
 */
export async function lookupNetwork(client: Client): Promise<NetworkLookup> {
  const chainId = client.chain?.id ?? (await getChainId(client).catch(() => undefined));
  let found: NetworkLookup = { chainId };
  if (chainId !== undefined) {
    try {
      const entry = getNetwork(chainId);
      const indexer = entry.endpoints.indexer;
      const nodes = entry.endpoints.storageNodes;
      found = {
        chainId,
        ...(typeof indexer === "string" ? { indexer } : {}),
        ...(Array.isArray(nodes) ? { nodes } : {}),
        ...(entry.contracts.flow ? { flow: entry.contracts.flow } : {}),
      };
    } catch (error) {
      if (!isBaseError(error, UnknownNetworkError.code)) throw error;
    }
  }
  if (found.indexer !== undefined && found.flow !== undefined) return found;
  try {
    const info = parseDevnetInfo(await client.request({ method: devnetInfoMethod } as never));
    const indexer = info.endpoints.indexer;
    const nodes = info.endpoints.storageNodes;
    const flow = info.contracts.flow;
    return {
      ...found,
      ...(typeof indexer === "string" && found.indexer === undefined ? { indexer } : {}),
      ...(Array.isArray(nodes) && found.nodes === undefined ? { nodes } : {}),
      ...(flow && found.flow === undefined ? { flow } : {}),
    };
  } catch {
    return found; // not a devnet
  }
}

/** The endpoints to use: the parameters, else the registry or devnet of `client`. */
export async function resolveEndpoints(
  client: Client | undefined,
  given: StorageEndpoints,
  lookup?: () => Promise<NetworkLookup>,
): Promise<{ indexer?: string; nodes?: readonly string[] }> {
  if (given.nodes !== undefined && given.nodes.length > 0) return { nodes: given.nodes };
  if (given.indexer !== undefined) return { indexer: given.indexer };
  if (!client) throw new StorageEndpointNotFoundError({});
  const found = await (lookup ?? (() => lookupNetwork(client)))();
  if (found.indexer !== undefined) return { indexer: found.indexer };
  if (found.nodes !== undefined && found.nodes.length > 0) return { nodes: found.nodes };
  throw new StorageEndpointNotFoundError({ chainId: found.chainId });
}

/** Checks a Flow address parameter. */
export function checkAddress(name: string, value: string): Address {
  if (!isAddress(value, { strict: false })) throw new InvalidParameterError({ name, value, expected: "an address" });
  return getAddress(value);
}

/**
 * Every storage node the endpoints know, with shard configs: the indexer's trusted then discovered
 * nodes, or the given URLs (asked `zgs_getShardConfig`; nodes that do not answer are left out).
 */
export async function listNodes(
  endpoints: { indexer?: string; nodes?: readonly string[] },
  options: NodeClientOptions & { signal?: AbortSignal | undefined } = {},
): Promise<StorageNodeClient[]> {
  let nodes: { url: string; config: ShardConfig; trusted: boolean }[];
  if (endpoints.nodes !== undefined) {
    const answers = await Promise.all(
      endpoints.nodes.map(async (url) => {
        const rpc = nodeRpc(url, options);
        const config = await rpc.request({ method: "zgs_getShardConfig" }, { signal: options.signal }).catch(() => undefined);
        return config && isValidShardConfig(config) ? { url, config, trusted: true } : undefined;
      }),
    );
    nodes = answers.filter((n) => n !== undefined);
  } else {
    const indexer = indexerRpc(endpoints.indexer!, options);
    const { trusted, discovered } = await indexer.request({ method: "indexer_getShardedNodes" }, { signal: options.signal });
    const seen = new Set<string>();
    const keep = (n: ShardedNode) => {
      if (seen.has(n.url) || !isValidShardConfig(n.config)) return false;
      seen.add(n.url);
      return true;
    };
    nodes = [
      ...(trusted ?? []).filter(keep).map((n) => ({ ...n, trusted: true })),
      ...(discovered ?? []).filter(keep).map((n) => ({ ...n, trusted: false })),
    ];
  }
  return nodes.map(({ url, config, trusted }) => ({
    url,
    config: { shardId: config.shardId, numShard: config.numShard },
    rpc: nodeRpc(url, options),
    trusted,
  }));
}
