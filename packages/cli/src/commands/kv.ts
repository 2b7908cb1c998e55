import type { Command } from "../command.js";
import { defineCommandGroup } from "../group.js";
import { kvGetCommand } from "./kv-get.js";
import { kvGrantCommand, kvRevokeCommand, kvSpecialCommand } from "./kv-grant.js";
import { kvLsCommand } from "./kv-ls.js";
import { kvDeleteCommand, kvSetCommand } from "./kv-set.js";

/** The subcommands of `0g kv`, in the order its help lists them. */
export const kvCommands: readonly Command[] = [kvSetCommand, kvGetCommand, kvLsCommand, kvDeleteCommand, kvGrantCommand, kvRevokeCommand, kvSpecialCommand];

/** `0g kv <command>`: key-value streams on 0G Storage. */
export const kvCommand: Command = defineCommandGroup({
  name: "kv",
  summary: "Read and write 0G Storage KV streams",
  description: [
    "Key-value streams on 0G Storage: each write is a Flow submission tagged with the stream, replayed by",
    "a KV node into versioned state. Streams are named by a 0x id or by a name (id = keccak256(name)).",
  ].join("\n"),
  commands: kvCommands,
  examples: [
    { description: "Set and read a key on the local devnet", command: "0g kv set my-agent name Ada && 0g kv get my-agent name" },
    { description: "List a stream's keys", command: "0g kv ls my-agent" },
  ],
});
