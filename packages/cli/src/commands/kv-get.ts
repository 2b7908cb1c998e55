import { writeFile } from "node:fs/promises";
import type { Hex } from "viem";
import { defineCommand } from "../command.js";
import { KvKeyNotFoundError, UsageError } from "../errors.js";
import { writeJson } from "../io.js";
import { integer, option, text } from "../options.js";
import { jsonOption } from "./shared.js";
import { kvOption, parseKey, parseStream, printable } from "./kv-shared.js";
import { jsonBytes, kvTarget, readConnectionOptions } from "./kv-read.js";

/** What `0g kv get --json` prints. */
export type KvGetReport = { streamId: Hex; key: string; version: number; size: number; value: { text: string | null; hex: Hex } };

/** `0g kv get <stream> <key>`: read one value (of any size), optionally as of a version. */
export const kvGetCommand = defineCommand({
  name: "kv get",
  summary: "Read a key from a KV stream",
  description: [
    "Print a key's value: as text when it is UTF-8, else as 0x-hex (--out writes the exact bytes to a",
    "file). --version reads the value as of a past transaction. A missing key exits with code 1.",
  ].join("\n"),
  arguments: [
    { name: "<stream>", description: "Stream id (0x + 64 hex) or name" },
    { name: "<key>", description: "The key (UTF-8)" },
  ],
  options: {
    ...readConnectionOptions,
    kv: kvOption,
    version: option({ description: "Read as of this transaction (tx seq)", valueName: "<txSeq>", parse: integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) }),
    out: option({ description: "Write the value's bytes to this file", valueName: "<file>", parse: text() }),
    json: jsonOption,
  },
  examples: [
    { description: "Read a key from the local devnet", command: "0g kv get my-agent name" },
    { description: "Save a binary value", command: "0g kv get my-agent avatar --out avatar.png" },
  ],
  async run({ options, positionals, io }) {
    const command = "kv get";
    const streamId = parseStream(positionals[0], command);
    const key = parseKey(positionals[1], command);
    const target = await kvTarget(options, io, command);
    const { getKvValue } = await import("@0g/storage");
    const found = await getKvValue(target, { streamId, key, ...(options.version !== undefined ? { version: options.version } : {}) });
    if (!found) throw new KvKeyNotFoundError({ streamId, key, version: options.version });
    if (options.out !== undefined) {
      try {
        await writeFile(options.out, found.value);
      } catch (error) {
        throw new UsageError(`Cannot write ${JSON.stringify(options.out)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { command });
      }
    }
    const shown = printable(found.value);
    if (options.json) {
      writeJson(io.stdout, { streamId, key, version: found.version, size: found.size, value: jsonBytes(found.value, shown) } satisfies KvGetReport);
      return;
    }
    if (options.out !== undefined) io.stdout.write(`Wrote ${found.size} bytes (version ${found.version}) to ${options.out}\n`);
    else io.stdout.write(shown === undefined ? `${(await import("viem")).bytesToHex(found.value)}\n` : shown.endsWith("\n") ? shown : `${shown}\n`);
  },
});
