import { defineCommand } from "../command.js";
import { connectionOptions } from "../connection.js";
import { jsonOption } from "./shared.js";
import { kvOption, parseKey, parseStream, readValue, showBytes } from "./kv-shared.js";
import { runKvWrite } from "./kv-write.js";
import { indexerOption } from "./storage-shared.js";

/** `0g kv set <stream> <key> <value|@file>`: write one key. */
export const kvSetCommand = defineCommand({
  name: "kv set",
  summary: "Set a key in a KV stream",
  description: [
    "Write one key: a KV transaction (a Flow submission tagged with the stream) that the KV node replays.",
    "Waits until the KV node commits it. <stream> is a 0x stream id or a name (its id is keccak256 of it);",
    "<value> is text, @path for a file's bytes, @- for standard input, or @@… for text that starts with @.",
  ].join("\n"),
  arguments: [
    { name: "<stream>", description: "Stream id (0x + 64 hex) or name" },
    { name: "<key>", description: "The key (UTF-8)" },
    { name: "<value>", description: "Text, @file, or @- for stdin" },
  ],
  options: { ...connectionOptions, kv: kvOption, indexer: indexerOption, json: jsonOption },
  examples: [
    { description: "Set a key on the local devnet", command: "0g kv set my-agent name Ada" },
    { description: "Store a file's bytes as the value", command: "0g kv set my-agent avatar @./avatar.png --json" },
  ],
  async run({ options, positionals, io }) {
    const command = "kv set";
    const streamId = parseStream(positionals[0], command);
    const key = parseKey(positionals[1], command);
    const value = await readValue(positionals[2], command);
    const shown = showBytes(new TextEncoder().encode(key));
    await runKvWrite({
      options,
      io,
      command,
      streamId,
      build: (batch) => batch.set(streamId, key, value),
      describe: `Set ${JSON.stringify(shown)} (${value.length} byte${value.length === 1 ? "" : "s"})`,
    });
  },
});

/** `0g kv delete <stream> <key>`: delete one key (0G stores an empty value). */
export const kvDeleteCommand = defineCommand({
  name: "kv delete",
  summary: "Delete a key from a KV stream",
  description: "Delete one key (0G's KV node treats an empty value as deleted). Waits until the KV node commits it.",
  arguments: [
    { name: "<stream>", description: "Stream id (0x + 64 hex) or name" },
    { name: "<key>", description: "The key (UTF-8)" },
  ],
  options: { ...connectionOptions, kv: kvOption, indexer: indexerOption, json: jsonOption },
  examples: [{ description: "Delete a key on the local devnet", command: "0g kv delete my-agent name" }],
  async run({ options, positionals, io }) {
    const command = "kv delete";
    const streamId = parseStream(positionals[0], command);
    const key = parseKey(positionals[1], command);
    await runKvWrite({ options, io, command, streamId, build: (batch) => batch.delete(streamId, key), describe: `Deleted ${JSON.stringify(key)}` });
  },
});
