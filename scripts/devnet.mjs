// `pnpm devnet [flags]`: builds the CLI and what it depends on (quietly; the log is shown only if
// the build fails), then runs `0g devnet [flags]` in this process until Ctrl+C.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quietStatus = args.includes("--json") ? () => {} : (line) => process.stderr.write(line);

quietStatus("Building the devnet and the 0g CLI (first run: ~30 s)...\n");
const build = spawnSync("pnpm", ["--filter", "@0g/cli...", "build"], { cwd: root, encoding: "utf8", shell: process.platform === "win32" });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}\nBuild failed (exit ${build.status}).\n`);
  process.exit(build.status ?? 1);
}
const { run } = await import(pathToFileURL(join(root, "packages/cli/dist/index.js")).href);
process.exitCode = await run(["devnet", ...args]);
