import { twoColumns, type Command } from "../command.js";
import { UnknownCommandError, UsageError } from "../errors.js";
import { closest } from "../suggest.js";
import { storageDownloadCommand } from "./storage-download.js";
import { storageInfoCommand } from "./storage-info.js";
import { storageRootCommand } from "./storage-root.js";
import { storageUploadCommand } from "./storage-upload.js";

/** The subcommands of `0g storage`, in the order its help lists them. */
export const storageCommands: readonly Command[] = [storageRootCommand, storageUploadCommand, storageDownloadCommand, storageInfoCommand];

type GroupOptions = { sub: Command; parsed: { options: unknown; positionals: readonly string[] } | undefined };

/**
 * `0g storage <command>`: a command whose first word picks a subcommand (`0g storage upload …`);
 * `0g storage --help` lists them and `0g storage upload --help` shows one.
 */
export const storageCommand: Command = {
  name: "storage",
  summary: "Upload, download and inspect files on 0G Storage",
  description: "Compute a file's root, upload and download files (segments verified against the root), and show what the storage nodes know.",
  arguments: [{ name: "<command>", description: storageCommands.map((c) => c.name.replace(/^storage /, "")).join(", ") }],
  options: {},
  examples: [
    { description: "Upload a file to the local devnet", command: "0g storage upload ./photo.jpg" },
    { description: "Download it back", command: "0g storage download 0x… ./copy.jpg" },
  ],
  parse(argv) {
    const [first, ...rest] = argv;
    if (first === "--help" || first === "-h") return { help: true };
    if (first === undefined) throw new UsageError("Missing a storage command: root, upload, download or info.", { command: "storage" });
    const sub = storageCommands.find((c) => c.name === `storage ${first}`);
    if (!sub) {
      const names = storageCommands.map((c) => c.name.replace(/^storage /, ""));
      const suggestion = first.startsWith("-") ? undefined : closest(first, names);
      throw new UnknownCommandError({ command: `storage ${first}`, suggestion: suggestion && `storage ${suggestion}` });
    }
    const parsed = sub.parse(rest);
    const options: GroupOptions = { sub, parsed: parsed.help ? undefined : parsed };
    return { help: false, options, positionals: [] };
  },
  async execute(parsed, io) {
    const { sub, parsed: inner } = parsed.options as GroupOptions;
    if (!inner) {
      io.stdout.write(sub.help());
      return 0;
    }
    return sub.execute(inner, io);
  },
  help() {
    const lines = [
      "Usage: 0g storage <command> [options]",
      "",
      this.description ?? this.summary,
      "",
      "Commands:",
      ...twoColumns(storageCommands.map((c): [string, string] => [c.name.replace(/^storage /, ""), c.summary])),
      "",
      "Run `0g storage <command> --help` for a command's options.",
      "",
      "Examples:",
      ...this.examples.flatMap((e) => [`  # ${e.description}`, `  ${e.command}`]),
    ];
    return `${lines.join("\n")}\n`;
  },
};
