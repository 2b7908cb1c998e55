import { bytesToHex, type Hex } from "viem";
import { connectionOptions, resolveConnection } from "../connection.js";
import type { CliIo } from "../io.js";
import { kvEndpoint } from "./kv-shared.js";

/** Options of the reading commands. */
export type KvReadOptions = {
  network?: "devnet" | "galileo" | "mainnet" | undefined;
  rpc?: string | undefined;
  key?: string | undefined;
  kv?: string | undefined;
};

/** The KV node to read from: `--kv` as given (no RPC needed), else the network's or devnet's. */
export async function kvTarget(options: KvReadOptions, io: CliIo, command: string): Promise<{ kv: string }> {
  if (options.kv !== undefined) return { kv: options.kv };
  const connection = await resolveConnection({ network: options.network, rpc: options.rpc, key: options.key, env: io.env, command });
  const kv = kvEndpoint(undefined, connection);
  if (kv !== undefined) return { kv };
  const { KvEndpointNotFoundError } = await import("@0g/storage");
  throw new KvEndpointNotFoundError({ chainId: connection.chain.id });
}

/** Reading commands take the connection options (to find the KV node) but never sign. */
export const readConnectionOptions = { network: connectionOptions.network, rpc: connectionOptions.rpc };

/** A key or value in `--json` output: its UTF-8 text when it is text, and always its hex. */
export function jsonBytes(bytes: Uint8Array, text: string | undefined): { text: string | null; hex: Hex } {
  return { text: text ?? null, hex: bytesToHex(bytes) };
}
