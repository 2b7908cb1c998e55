import type { KvEntry } from "@0g/storage";
import type { Hex } from "viem";
import { defineCommand } from "../command.js";
import { table } from "../format.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { flag, integer, option, text } from "../options.js";
import { formatBytes } from "../progress.js";
import { jsonOption } from "./shared.js";
import { kvOption, parseStream, printable, showBytes } from "./kv-shared.js";
import { jsonBytes, kvTarget, readConnectionOptions } from "./kv-read.js";

/** What `0g kv ls --json` prints. */
export type KvLsReport = { streamId: Hex; entries: { key: { text: string | null; hex: Hex }; size: number; version: number }[] };

/** `0g kv ls <stream>`: the keys of a stream in key order, with sizes and versions. */
export const kvLsCommand = defineCommand({
  name: "kv ls",
  summary: "List the keys of a KV stream",
  description: "List keys in byte order (or reverse) with their size and the transaction that wrote them; one consistent snapshot, even while others write.",
  arguments: [{ name: "<stream>", description: "Stream id (0x + 64 hex) or name" }],
  options: {
    ...readConnectionOptions,
    kv: kvOption,
    prefix: option({ description: "Only keys that start with this text", valueName: "<text>", parse: text() }),
    reverse: flag("Last key first"),
    limit: option({ description: "At most this many keys", valueName: "<n>", parse: integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }),
    version: option({ description: "List as of this transaction (tx seq)", valueName: "<txSeq>", parse: integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) }),
    json: jsonOption,
  },
  examples: [
    { description: "Every key of a stream on the local devnet", command: "0g kv ls my-agent" },
    { description: "The 10 last keys under notes/", command: "0g kv ls my-agent --prefix notes/ --reverse --limit 10 --json" },
  ],
  async run({ options, positionals, io }) {
    const command = "kv ls";
    const streamId = parseStream(positionals[0], command);
    const target = await kvTarget(options, io, command);
    const { listKv } = await import("@0g/storage");
    const entries: KvEntry[] = await listKv(target, {
      streamId,
      values: false,
      reverse: options.reverse,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.version !== undefined ? { version: options.version } : {}),
    });
    if (options.json) {
      writeJson(io.stdout, {
        streamId,
        entries: entries.map((e) => ({ key: jsonBytes(e.key, printable(e.key)), size: e.size, version: e.version })),
      } satisfies KvLsReport);
      return;
    }
    const style = createStyle(colorEnabled(io.stdout, io.env));
    if (entries.length === 0) {
      io.stdout.write(`${style.dim(`No keys in stream ${streamId}${options.prefix !== undefined ? ` under ${JSON.stringify(options.prefix)}` : ""}.`)}\n`);
      return;
    }
    const rows = entries.map((e) => [showBytes(e.key), formatBytes(e.size), `v${e.version}`]);
    io.stdout.write(`${table([[style.bold("Key"), style.bold("Size"), style.bold("Version")], ...rows]).join("\n")}\n`);
  },
});
