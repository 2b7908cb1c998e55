import { getAddress, isAddress, type Address } from "viem";
import { defineCommand } from "../command.js";
import { connectionOptions } from "../connection.js";
import { ConflictingOptionsError, UsageError } from "../errors.js";
import { flag, option, text } from "../options.js";
import { jsonOption } from "./shared.js";
import { kvOption, parseStream } from "./kv-shared.js";
import { runKvWrite } from "./kv-write.js";
import { indexerOption } from "./storage-shared.js";

function parseAccount(value: string | undefined, command: string): Address {
  if (value === undefined) throw new UsageError("Missing argument <account>.", { command });
  if (!isAddress(value, { strict: false })) throw new UsageError(`Invalid <account> ${JSON.stringify(value)}: expected a 20-byte 0x address.`, { command });
  return getAddress(value);
}

// Not `--key`: that is the signing key of every network command.
const specialKeyOption = option({ description: "Only this key: the special-writer role of it (UTF-8)", valueName: "<key>", parse: text() });

/** `0g kv grant <stream> <account>`: writer (default), admin (`--admin`) or special writer of one key (`--special-key`). */
export const kvGrantCommand = defineCommand({
  name: "kv grant",
  summary: "Let an account write a KV stream (or administer it)",
  description: [
    "Grant an account a role on a stream: writer of the whole stream (default), admin (--admin), or writer",
    "of one special key (--special-key; mark the key special with `0g kv special`). An admin (the stream's",
    "first writer is one) may grant any role, a writer the writer role, a key's special writer that key's",
    "role; the KV node checks the sender of the transaction, so sign with --key or ZG_PRIVATE_KEY.",
  ].join("\n"),
  arguments: [
    { name: "<stream>", description: "Stream id (0x + 64 hex) or name" },
    { name: "<account>", description: "The account (0x address)" },
  ],
  options: { ...connectionOptions, admin: flag("Grant the admin role instead"), specialKey: specialKeyOption, kv: kvOption, indexer: indexerOption, json: jsonOption },
  examples: [
    { description: "Let another account write the stream", command: "0g kv grant my-agent 0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
    { description: "Let it write only the key `inbox`", command: "0g kv grant my-agent 0x7099… --special-key inbox" },
  ],
  validate(options) {
    if (options.admin && options.specialKey !== undefined) throw new ConflictingOptionsError({ options: ["--admin", "--special-key"], command: "kv grant" });
  },
  async run({ options, positionals, io }) {
    const command = "kv grant";
    const streamId = parseStream(positionals[0], command);
    const account = parseAccount(positionals[1], command);
    const { admin, specialKey: key } = options;
    await runKvWrite({
      options,
      io,
      command,
      streamId,
      build: (batch) =>
        admin ? batch.grantAdmin(streamId, account) : key !== undefined ? batch.grantSpecialWriter(streamId, key, account) : batch.grantWriter(streamId, account),
      describe: `Granted ${account} ${admin ? "admin" : key !== undefined ? `writer of key ${JSON.stringify(key)}` : "writer"}`,
    });
  },
});

/** `0g kv revoke <stream> <account>`: the writer role (or, with `--special-key`, the special-writer role of one key). */
export const kvRevokeCommand = defineCommand({
  name: "kv revoke",
  summary: "Take an account's write role on a KV stream away",
  description: "Revoke an account's writer role on a stream, or with --special-key its writer role of one special key. Only an admin may revoke.",
  arguments: [
    { name: "<stream>", description: "Stream id (0x + 64 hex) or name" },
    { name: "<account>", description: "The account (0x address)" },
  ],
  options: { ...connectionOptions, specialKey: specialKeyOption, kv: kvOption, indexer: indexerOption, json: jsonOption },
  examples: [{ description: "Revoke a writer", command: "0g kv revoke my-agent 0x70997970C51812dc3A010C7d01b50e0d17dc79C8" }],
  async run({ options, positionals, io }) {
    const command = "kv revoke";
    const streamId = parseStream(positionals[0], command);
    const account = parseAccount(positionals[1], command);
    const { specialKey: key } = options;
    await runKvWrite({
      options,
      io,
      command,
      streamId,
      build: (batch) => (key !== undefined ? batch.revokeSpecialWriter(streamId, key, account) : batch.revokeWriter(streamId, account)),
      describe: `Revoked ${account}'s ${key !== undefined ? `writer role of key ${JSON.stringify(key)}` : "writer role"}`,
    });
  },
});

/** `0g kv special <stream> <key>`: only its special writers (and admins) may write the key; `--normal` undoes it. */
export const kvSpecialCommand = defineCommand({
  name: "kv special",
  summary: "Make a key special (only its own writers may write it)",
  description: "Mark a key special: stream writers may no longer write it, only admins and the key's special writers (`0g kv grant --special-key`). --normal makes it a normal key again. Only an admin may do this.",
  arguments: [
    { name: "<stream>", description: "Stream id (0x + 64 hex) or name" },
    { name: "<key>", description: "The key (UTF-8)" },
  ],
  options: { ...connectionOptions, normal: flag("Make the key normal again"), kv: kvOption, indexer: indexerOption, json: jsonOption },
  examples: [{ description: "Protect the key `config`", command: "0g kv special my-agent config" }],
  async run({ options, positionals, io }) {
    const command = "kv special";
    const streamId = parseStream(positionals[0], command);
    const key = positionals[1];
    if (key === undefined || key === "") throw new UsageError("Missing argument <key>.", { command });
    await runKvWrite({
      options,
      io,
      command,
      streamId,
      build: (batch) => (options.normal ? batch.setKeyNormal(streamId, key) : batch.setKeySpecial(streamId, key)),
      describe: `Key ${JSON.stringify(key)} is ${options.normal ? "normal" : "special"}`,
    });
  },
});
