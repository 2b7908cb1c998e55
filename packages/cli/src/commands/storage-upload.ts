import type { UploadProgressEvent, UploadReturnType } from "@0g/storage";
import { basename } from "node:path";
import { defineCommand } from "../command.js";
import { connectionOptions, requireWallet, resolveConnection } from "../connection.js";
import { UsageError } from "../errors.js";
import { formatOg, table } from "../format.js";
import { colorEnabled, createStyle, writeJson, type CliIo } from "../io.js";
import { decimalAmount, integer, option, text } from "../options.js";
import { createProgress, formatBytes, formatDuration, type Progress } from "../progress.js";
import { jsonOption } from "./shared.js";
import { indexerOption, missingArgument, withShutdownSignal } from "./storage-shared.js";

/** What `0g storage upload --json` prints. */
export type StorageUploadReport = {
  root: `0x${string}`;
  /** The Flow `submit` transaction; null when the file was already stored (or resumed from the nodes alone). */
  txHash: `0x${string}` | null;
  txSeq: number;
  /** Only for files split into fragments (over 4 GiB): each fragment's root, transaction and txSeq. */
  fragments?: { root: `0x${string}`; txHash: `0x${string}` | null; txSeq: number }[];
};

/** `0g storage upload <file>`: hash, pay, upload the segments and wait for finality. */
export const storageUploadCommand = defineCommand({
  name: "storage upload",
  summary: "Upload a file to 0G Storage",
  description: [
    "Hash the file, submit it to the Flow contract (paying the storage fee), upload its segments to the",
    "storage nodes of each shard and wait until they finalize it. Uploading the same data again never pays",
    "twice: a stored file is skipped, and a submission an interrupted upload already paid for is resumed.",
  ].join("\n"),
  arguments: [{ name: "<file>", description: "The file to upload" }],
  options: {
    ...connectionOptions,
    indexer: indexerOption,
    replicas: option({ description: "Copies of every segment, on different nodes", valueName: "<n>", parse: integer({ min: 1, max: 64 }), default: 1 }),
    tags: option({ description: "Submission tags, as hex", valueName: "<hex>", parse: text({ expected: "hex bytes (0x…)" }), defaultLabel: "0x" }),
    fee: option({
      description: "Storage fee to pay in 0G, instead of the market price",
      valueName: "<0G>",
      parse: decimalAmount({ decimals: 18, unit: "0G" }),
    }),
    json: jsonOption,
  },
  examples: [
    { description: "Upload to the local devnet", command: "0g storage upload ./photo.jpg" },
    { description: "Two copies on Galileo, as JSON", command: "ZG_PRIVATE_KEY=0x… 0g storage upload ./photo.jpg --network galileo --replicas 2 --json" },
  ],
  validate(options) {
    if (options.tags !== undefined && !/^0x([0-9a-fA-F]{2})*$/.test(options.tags))
      throw new UsageError(`Invalid value for --tags: expected hex bytes (0x…), got ${JSON.stringify(options.tags)}.`, { command: "storage upload" });
  },
  async run({ options, positionals, io }) {
    const [file] = positionals;
    if (file === undefined) throw missingArgument("<file>", "storage upload");
    const connection = await resolveConnection({
      network: options.network,
      rpc: options.rpc,
      key: options.key,
      env: io.env,
      command: "storage upload",
    });
    const wallet = requireWallet(connection);
    const { upload } = await import("@0g/storage");
    const started = performance.now();
    const reporter = progressReporter(io, basename(file));
    let result: UploadReturnType;
    try {
      result = await withShutdownSignal(io, (signal) =>
        upload(wallet, {
          data: file,
          replicas: options.replicas,
          signal,
          onProgress: reporter.onProgress,
          ...(options.indexer !== undefined ? { indexer: options.indexer } : {}),
          ...(connection.contracts.flow !== undefined ? { flow: connection.contracts.flow } : {}),
          ...(options.tags !== undefined ? { tags: options.tags as `0x${string}` } : {}),
          ...(options.fee !== undefined ? { fee: options.fee } : {}),
        }),
      );
    } catch (error) {
      reporter.fail();
      throw error;
    }
    reporter.done();
    if (options.json) {
      const report: StorageUploadReport = { root: result.root, txHash: result.txHash ?? null, txSeq: result.txSeq };
      if (result.fragments.length > 1)
        report.fragments = result.fragments.map((f) => ({ root: f.root, txHash: f.txHash ?? null, txSeq: f.txSeq }));
      writeJson(io.stdout, report);
      return;
    }
    io.stdout.write(formatUpload(result, { name: basename(file), seconds: (performance.now() - started) / 1000, io }));
  },
});

function formatUpload(result: UploadReturnType, { name, seconds, io }: { name: string; seconds: number; io: CliIo }): string {
  const style = createStyle(colorEnabled(io.stdout, io.env));
  const status =
    result.fragments.every((f) => f.status === "skipped")
      ? `${name} is already stored (finalized on the nodes; nothing was paid)`
      : `Uploaded ${name} (${formatBytes(result.totalSize)}) in ${formatDuration(seconds)}${result.fragments.some((f) => f.status === "resumed") ? ", resuming an earlier paid submission" : ""}`;
  const rows = (f: UploadReturnType["fragments"][number]) => [
    ["Root", style.bold(f.root)],
    ["txSeq", String(f.txSeq)],
    ["Transaction", f.txHash ?? style.dim("(none: nothing submitted)")],
    ["Fee", formatOg(f.fee)],
  ];
  if (result.fragments.length === 1) return `${status}\n${table(rows(result)).map((l) => `  ${l}`).join("\n")}\n`;
  const parts = result.fragments.map((f, i) => [`Fragment ${i}`, ...table(rows(f)).map((l) => `  ${l}`)].join("\n"));
  return `${status}, in ${result.fragments.length} fragments (download them with all their roots)\n${parts.join("\n")}\n`;
}

/** Progress on stderr: a hashing bar, then an upload bar, and what is being waited for (terminal only). */
function progressReporter(io: CliIo, name: string) {
  const tty = io.stderr.isTTY === true;
  let current: Progress | undefined;
  let stage: UploadProgressEvent["type"] | undefined;
  const note = (line: string) => {
    if (tty) io.stderr.write(`${line}\n`);
  };
  return {
    onProgress(event: UploadProgressEvent) {
      const changed = event.type !== stage;
      if (changed && current) {
        current.finish();
        current = undefined;
      }
      stage = event.type;
      switch (event.type) {
        case "hashing":
          if (event.bytes === 0 && event.totalBytes === undefined) break;
          current ??= createProgress({ io, label: `Hashing ${name}`, total: event.totalBytes });
          current.update(event.bytes);
          break;
        case "submitting":
          note(`Submitting ${event.root} to Flow (fee ${formatOg(event.fee)})`);
          break;
        case "syncing":
          note(`Waiting for the storage nodes to see txSeq ${event.txSeq}`);
          break;
        case "uploading":
          current ??= createProgress({ io, label: `Uploading ${name}`, total: event.totalBytes });
          current.update(event.bytes);
          break;
        case "finalizing":
          note("Waiting for the storage nodes to finalize the file");
          break;
        default:
          break;
      }
    },
    done() {
      current?.finish();
    },
    fail() {
      current?.fail();
    },
  };
}
