import { defineCommand } from "../command.js";
import { writeJson } from "../io.js";
import { jsonOption } from "./shared.js";
import { missingArgument } from "./storage-shared.js";

/** `0g storage root <file>`: the file's merkle root, computed locally. */
export const storageRootCommand = defineCommand({
  name: "storage root",
  summary: "Print a file's 0G Storage root (computed locally)",
  description: "Compute a file's merkle root as 0G Storage does (what upload prints and download takes). Nothing is sent.",
  arguments: [{ name: "<file>", description: "The file" }],
  options: { json: jsonOption },
  examples: [{ description: "The root of a file", command: "0g storage root ./photo.jpg" }],
  async run({ options, positionals, io }) {
    const [file] = positionals;
    if (file === undefined) throw missingArgument("<file>", "storage root");
    const { fileRoot } = await import("@0g/storage");
    const root = await fileRoot(file);
    if (options.json) writeJson(io.stdout, { root });
    else io.stdout.write(`${root}\n`);
  },
});
