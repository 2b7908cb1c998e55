import type { Command } from "../command.js";
import { defineCommandGroup } from "../group.js";
import { storageDownloadCommand } from "./storage-download.js";
import { storageInfoCommand } from "./storage-info.js";
import { storageRootCommand } from "./storage-root.js";
import { storageUploadCommand } from "./storage-upload.js";

/** The subcommands of `0g storage`, in the order its help lists them. */
export const storageCommands: readonly Command[] = [storageRootCommand, storageUploadCommand, storageDownloadCommand, storageInfoCommand];

/** `0g storage <command>`: files on 0G Storage. */
export const storageCommand: Command = defineCommandGroup({
  name: "storage",
  summary: "Upload, download and inspect files on 0G Storage",
  description: "Compute a file's root, upload and download files (segments verified against the root), and show what the storage nodes know.",
  commands: storageCommands,
  examples: [
    { description: "Upload a file to the local devnet", command: "0g storage upload ./photo.jpg" },
    { description: "Download it back", command: "0g storage download 0x… ./copy.jpg" },
  ],
});
