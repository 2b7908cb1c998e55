import { defineCommand } from "../command.js";
import { connectionOptions, resolveConnection } from "../connection.js";
import { writeJson } from "../io.js";
import { flag } from "../options.js";
import { createProgress, formatBytes, type Progress } from "../progress.js";
import { jsonOption } from "./shared.js";
import { indexerOption, missingArgument, parseRoot, withShutdownSignal } from "./storage-shared.js";

/** What `0g storage download --json` prints. */
export type StorageDownloadReport = { root: `0x${string}`; path: string; size: number };

/** `0g storage download <root> <out>`: fetch every segment with its proof, verify it, write the file. */
export const storageDownloadCommand = defineCommand({
  name: "storage download",
  summary: "Download a file from 0G Storage (every segment verified)",
  description: [
    "Download a file by its root. Every segment is checked against the root with its merkle proof; a",
    "missing or corrupted segment is fetched from another node. The output file is never overwritten",
    "unless --overwrite is given, and is removed if the download fails.",
  ].join("\n"),
  arguments: [
    { name: "<root>", description: "The file's root (0x and 64 hex digits)" },
    { name: "<out>", description: "Where to write the file" },
  ],
  options: {
    ...connectionOptions,
    indexer: indexerOption,
    overwrite: flag("Replace <out> if it exists"),
    json: jsonOption,
  },
  examples: [{ description: "Download from the local devnet", command: "0g storage download 0x… ./copy.jpg" }],
  async run({ options, positionals, io }) {
    const root = parseRoot(positionals[0], "storage download");
    const out = positionals[1];
    if (out === undefined) throw missingArgument("<out>", "storage download");
    const connection = await resolveConnection({ network: options.network, rpc: options.rpc, key: options.key, env: io.env, command: "storage download" });
    const indexer = options.indexer ?? endpoint(connection.endpoints.indexer);
    const nodes = connection.endpoints.storageNodes;
    const { download } = await import("@0g/storage");
    let progress: Progress | undefined;
    try {
      const result = await withShutdownSignal(io, (signal) =>
        download(indexer !== undefined ? { indexer } : { nodes }, {
          root,
          to: { path: out },
          overwrite: options.overwrite,
          signal,
          onProgress: (event) => {
            progress ??= createProgress({ io, label: `Downloading ${root.slice(0, 10)}…`, total: event.totalBytes });
            progress.update(event.bytes);
          },
        }),
      );
      progress?.finish();
      if (options.json) writeJson(io.stdout, { root, path: result.path, size: result.size } satisfies StorageDownloadReport);
      else io.stdout.write(`Downloaded ${root} to ${result.path} (${formatBytes(result.size)}, every segment verified)\n`);
    } catch (error) {
      progress?.fail();
      throw error;
    }
  },
});

function endpoint(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
