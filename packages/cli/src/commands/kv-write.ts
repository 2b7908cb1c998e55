import type { KvBatch, WriteKvReturnType } from "@0g/storage";
import type { Hex } from "viem";
import { requireWallet, resolveConnection, type Connection } from "../connection.js";
import { formatOg, table } from "../format.js";
import { colorEnabled, createStyle, writeJson, type CliIo } from "../io.js";
import { kvEndpoint } from "./kv-shared.js";
import { withShutdownSignal } from "./storage-shared.js";

/** What `0g kv set|delete|grant|revoke --json` print. */
export type KvWriteReport = {
  streamId: Hex;
  txSeq: number;
  txHash: Hex | null;
  /** The KV node's result: "Commit" (failures exit 1 with the error instead). */
  result: string | null;
};

type ConnectionOptions = { network?: "devnet" | "galileo" | "mainnet" | undefined; rpc?: string | undefined; key?: string | undefined };

/**
 * Submits one KV transaction built by `build` and waits for the KV node to commit it: the shared
 * body of the commands that write (`set`, `delete`, `grant`, `revoke`).
 */
export async function runKvWrite({
  options,
  io,
  command,
  streamId,
  build,
  describe,
}: {
  options: ConnectionOptions & { kv?: string | undefined; indexer?: string | undefined; json: boolean };
  io: CliIo;
  command: string;
  streamId: Hex;
  build: (batch: KvBatch) => KvBatch;
  /** The human line, e.g. `Set "name"`. */
  describe: string;
}): Promise<void> {
  const connection: Connection = await resolveConnection({ network: options.network, rpc: options.rpc, key: options.key, env: io.env, command });
  const wallet = requireWallet(connection);
  const { kvBatch, writeKv } = await import("@0g/storage");
  const kv = kvEndpoint(options.kv, connection);
  const batch = build(kvBatch());
  const result: WriteKvReturnType = await withShutdownSignal(io, (signal) =>
    writeKv(wallet, {
      batch,
      signal,
      ...(kv !== undefined ? { kv } : {}),
      ...(options.indexer !== undefined ? { indexer: options.indexer } : {}),
      ...(connection.contracts.flow !== undefined ? { flow: connection.contracts.flow } : {}),
    }),
  );
  if (options.json) {
    writeJson(io.stdout, { streamId, txSeq: result.txSeq, txHash: result.txHash ?? null, result: result.result ?? null } satisfies KvWriteReport);
    return;
  }
  const style = createStyle(colorEnabled(io.stdout, io.env));
  const rows = [
    ["Stream", streamId],
    ["txSeq", String(result.txSeq)],
    ["Transaction", result.txHash ?? style.dim("(none)")],
    ["Fee", formatOg(result.fee)],
  ];
  io.stdout.write(`${describe}: ${style.green(result.result ?? "submitted")}\n${table(rows).map((l) => `  ${l}`).join("\n")}\n`);
}
