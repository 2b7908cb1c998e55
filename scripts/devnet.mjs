// `pnpm devnet [flags]`: builds the CLI and what it depends on when their sources changed since the
// last build (quietly; the log is shown only if the build fails), then runs `0g devnet [flags]` in
// this process until Ctrl+C.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const status = args.includes("--json") ? () => {} : (line) => process.stderr.write(line);

// What `0g devnet` runs on, with the inputs of each package's build.
const packages = [
  { dir: "contracts", inputs: ["contracts", "scripts", "src/index.ts", "hardhat.config.ts", "package.json"] },
  { dir: "packages/core", inputs: ["src", "package.json", "tsup.config.ts"] },
  { dir: "packages/storage", inputs: ["src", "package.json", "tsup.config.ts"] },
  { dir: "packages/compute", inputs: ["src", "package.json", "tsup.config.ts"] },
  { dir: "devnet", inputs: ["src", "package.json", "tsup.config.ts"] },
  { dir: "packages/cli", inputs: ["src", "package.json", "tsup.config.ts"] },
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

function oldest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const entries = readdirSync(path);
  return entries.length === 0 ? 0 : Math.min(...entries.map((entry) => oldest(join(path, entry))));
}

const stale = packages.some(({ dir, inputs }) => {
  const built = oldest(join(root, dir, "dist"));
  return built === 0 || inputs.some((input) => newest(join(root, dir, input)) > built);
});

if (stale) {
  status("Building the devnet and the 0g CLI (first run: ~30 s)...\n");
  const build = spawnSync("pnpm", ["--filter", "@0g/cli...", "build"], { cwd: root, encoding: "utf8", shell: process.platform === "win32" });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}\nBuild failed (exit ${build.status}).\n`);
    process.exit(build.status ?? 1);
  }
}
const { run } = await import(pathToFileURL(join(root, "packages/cli/dist/index.js")).href);
process.exitCode = await run(["devnet", ...args]);
