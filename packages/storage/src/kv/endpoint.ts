import {
  createRpcClient,
  devnetInfoMethod,
  getNetwork,
  isBaseError,
  parseDevnetInfo,
  UnknownNetworkError,
  type RpcClient,
} from "@0g/core";
import type { Client } from "viem";
import { getChainId } from "viem/actions";
import type { KvRpcSchema } from "../rpc/kv-schema.js";
import { storageFetch } from "../transfer/http.node.js";
import { KvEndpointNotFoundError } from "./errors.js";

/**
 * What the KV actions take first: a viem client (its chain's KV node from the network registry, or
 * a devnet's from `devnet_info`), or `{ kv }`, the URL of a KV node.
 */
export type KvClientOrEndpoint = Client | { kv: string };

/** A KV node to talk to. */
export type KvNode = { readonly url: string; readonly rpc: RpcClient<KvRpcSchema> };

function isClient(value: KvClientOrEndpoint): value is Client {
  return typeof (value as Client).request === "function" && typeof (value as Client).transport === "object";
}

const clients = new Map<string, RpcClient<KvRpcSchema>>();
const maxCachedClients = 32;

/**
 * A `kv_*` JSON-RPC client (batching requests made together; transport failures retried twice),
 * one per URL so that calls share it. In Node it talks over node:http with keep-alive, like the
 * storage node clients, which costs far less per call than the global fetch.
 */
export function kvRpc(url: string): RpcClient<KvRpcSchema> {
  let client = clients.get(url);
  if (!client) {
    if (clients.size >= maxCachedClients) clients.delete(clients.keys().next().value!);
    client = createRpcClient<KvRpcSchema>({ url, retryCount: 2, timeout: 30_000, ...(storageFetch ? { fetch: storageFetch } : {}) });
    clients.set(url, client);
  }
  return client;
}

/** The KV node URL found for each viem client (the lookup asks the chain; ask once). */
const foundUrls = new WeakMap<Client, Promise<string>>();

/**
 * The KV node URL: `kv` (a parameter) wins, then `{ kv }`, then the client's network: the
 * registry's `endpoints.kv` for its chain id, else what a devnet answers to `devnet_info`.
 *
 * @throws {KvEndpointNotFoundError}
 */
export async function kvEndpointOf(target: KvClientOrEndpoint, kv?: string | undefined): Promise<string> {
  if (kv !== undefined) return kv;
  if (!isClient(target)) {
    if (typeof target?.kv === "string") return target.kv;
    throw new KvEndpointNotFoundError({});
  }
  let found = foundUrls.get(target);
  if (!found) {
    found = lookupKvEndpoint(target);
    foundUrls.set(target, found);
    found.catch(() => foundUrls.delete(target)); // a failed lookup is asked again next time
  }
  return found;
}

async function lookupKvEndpoint(target: Client): Promise<string> {
  const chainId = target.chain?.id ?? (await getChainId(target).catch(() => undefined));
  if (chainId !== undefined) {
    try {
      const found = getNetwork(chainId).endpoints.kv;
      if (typeof found === "string") return found;
    } catch (error) {
      if (!isBaseError(error, UnknownNetworkError.code)) throw error;
    }
  }
  const fromDevnet = await target
    .request({ method: devnetInfoMethod } as never)
    .then((answer) => parseDevnetInfo(answer).endpoints.kv)
    .catch(() => undefined);
  if (typeof fromDevnet === "string") return fromDevnet;
  throw new KvEndpointNotFoundError({ chainId });
}

/** The KV node of the first argument and the `kv` parameter. */
export async function connectKv(target: KvClientOrEndpoint, kv?: string | undefined): Promise<KvNode> {
  const url = await kvEndpointOf(target, kv);
  return { url, rpc: kvRpc(url) };
}
