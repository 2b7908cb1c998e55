import type { GetFileInfoReturnType } from "@0g/storage";
import { defineCommand } from "../command.js";
import { connectionOptions, resolveConnection } from "../connection.js";
import { section, table } from "../format.js";
import { colorEnabled, createStyle, writeJson, type Style } from "../io.js";
import { formatBytes } from "../progress.js";
import { jsonOption } from "./shared.js";
import { indexerOption, parseRoot } from "./storage-shared.js";

/** `0g storage info <root>`: what the storage nodes know about a file. */
export const storageInfoCommand = defineCommand({
  name: "storage info",
  summary: "Show what the storage nodes know about a file",
  description: "Ask every storage node about a file (zgs_getFileInfo): its submission, size, and which nodes finalized it.",
  arguments: [{ name: "<root>", description: "The file's root (0x and 64 hex digits)" }],
  options: { ...connectionOptions, indexer: indexerOption, json: jsonOption },
  examples: [{ description: "A file on the local devnet, as JSON", command: "0g storage info 0x… --json" }],
  async run({ options, positionals, io }) {
    const root = parseRoot(positionals[0], "storage info");
    const connection = await resolveConnection({ network: options.network, rpc: options.rpc, key: options.key, env: io.env, command: "storage info" });
    const indexer = options.indexer ?? (typeof connection.endpoints.indexer === "string" ? connection.endpoints.indexer : undefined);
    const { getFileInfo } = await import("@0g/storage");
    const info = await getFileInfo(indexer !== undefined ? { indexer } : { nodes: connection.endpoints.storageNodes }, { root });
    if (options.json) writeJson(io.stdout, info);
    else io.stdout.write(formatFileInfo(info, createStyle(colorEnabled(io.stdout, io.env))));
  },
});

/** The human output of `0g storage info`. */
export function formatFileInfo(info: GetFileInfoReturnType, style: Style): string {
  const lines = [
    ...table([
      ["Root", style.bold(info.root)],
      ["txSeq", String(info.txSeq)],
      ["Size", `${formatBytes(info.size)} (${info.size} bytes, ${info.segments} segment${info.segments === 1 ? "" : "s"})`],
      ["Start", `flow sector ${info.startEntryIndex}`],
      ["Finalized", info.finalized ? style.green("yes") : style.yellow("no")],
    ]),
    "",
    ...section(
      style,
      "Nodes",
      info.nodes.map((n) => [
        n.url,
        `shard ${n.config.shardId}/${n.config.numShard}`,
        n.info.finalized ? style.green("finalized") : style.yellow("not finalized"),
        `${n.info.uploadedSegNum} segment${n.info.uploadedSegNum === 1 ? "" : "s"} uploaded`,
      ]),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
