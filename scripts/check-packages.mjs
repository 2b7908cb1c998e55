#!/usr/bin/env node
// Checks every publishable workspace package with `publint --strict` and `attw --pack <dir>`.
//
//   pnpm test:packages                               (= node scripts/check-packages.mjs)
//   node scripts/check-packages.mjs @0g/core devnet  (only packages whose name or dir matches)
//
// Packages come from the `packages:` globs of pnpm-workspace.yaml; `private: true` ones are skipped.
// Two packages are checked at a time; a package's own checks run one after the other (both pack
// the package directory). One line per package per check, in workspace order, with the tool's
// output under a failing line; then `N passed, N failed` (counting checks) and exit code 1 if any
// check failed. The tools run on the Node that runs this script (process.execPath), resolved from
// the root node_modules/.bin.

import { spawn } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, "node_modules", ".bin");
const concurrency = 2;
const timeoutMs = 180_000;
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;

/** @type {{ name: string, args: (dir: string) => string[] }[]} */
const checks = [
  { name: "publint", args: (dir) => ["run", dir, "--strict"] },
  {
    name: "attw",
    args: (dir) => ["--pack", dir, ...(color ? [] : ["--no-color"])],
  },
];

// ---------------------------------------------------------------------------------------------
// Workspace discovery

/** The `packages:` list of pnpm-workspace.yaml (a block list of plain or quoted strings). */
function workspaceGlobs() {
  const text = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const globs = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "");
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:\s*$/.test(line);
      continue;
    }
    const item = inPackages && line.match(/^\s+-\s+(.+?)\s*$/);
    if (item) globs.push(item[1].replace(/^(['"])(.*)\1$/, "$2"));
  }
  if (globs.length === 0) throw new Error("pnpm-workspace.yaml has no `packages:` entries");
  return globs;
}

/** Directories (relative to root) matched by one glob: supports literal segments, `*` and `**`. */
function expandGlob(glob) {
  const parts = glob.replace(/^\.\//, "").replace(/\/$/, "").split("/");
  const segment = (pattern) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
  /** @returns {string[]} */
  const walk = (dir, index) => {
    if (index === parts.length) return [dir];
    const part = parts[index];
    const abs = join(root, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
    const children = readdirSync(abs, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "node_modules" && !d.name.startsWith("."))
      .map((d) => d.name)
      .sort();
    if (part === "**") {
      return [...walk(dir, index + 1), ...children.flatMap((c) => walk(join(dir, c), index))];
    }
    if (!/[*?]/.test(part)) return walk(join(dir, part), index + 1);
    const re = segment(part);
    return children.filter((c) => re.test(c)).flatMap((c) => walk(join(dir, c), index + 1));
  };
  return walk("", 0);
}

function discoverPackages() {
  const included = new Set();
  const excluded = new Set();
  for (const glob of workspaceGlobs()) {
    const negated = glob.startsWith("!");
    for (const dir of expandGlob(negated ? glob.slice(1) : glob)) (negated ? excluded : included).add(dir);
  }
  const packages = [];
  for (const dir of included) {
    if (excluded.has(dir)) continue;
    const manifestPath = join(root, dir, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (manifest.private === true) continue;
    packages.push({ name: manifest.name ?? dir, dir: join(root, dir), rel: dir || "." });
  }
  return packages;
}

// ---------------------------------------------------------------------------------------------
// Running the tools

/**
 * How to run a binary of node_modules/.bin with process.execPath: pnpm writes a shell shim that
 * ends in `exec node "$basedir/<path to js>" "$@"` and exports a NODE_PATH; npm and yarn write a
 * symlink to the JS file. Anything else is executed as it is.
 */
function resolveBin(name) {
  const shim = join(binDir, name);
  if (!existsSync(shim)) throw new Error(`${name} is not installed (no ${relative(root, shim)}): run pnpm install`);
  if (lstatSync(shim).isSymbolicLink()) return { command: process.execPath, prefix: [realpathSync(shim)], env: {} };
  const text = readFileSync(shim, "utf8");
  const target = text.match(/"\$basedir\/([^"]+)"\s+"\$@"/);
  if (target) {
    const script = resolve(binDir, target[1]);
    const nodePath = text.match(/export NODE_PATH="([^"$]+)"/);
    const env = nodePath
      ? { NODE_PATH: [nodePath[1], process.env.NODE_PATH].filter(Boolean).join(":") }
      : {};
    if (existsSync(script)) return { command: process.execPath, prefix: [script], env };
  }
  return { command: shim, prefix: [], env: {} };
}

/** Runs a command; resolves with its exit code (null on timeout or signal) and combined output. */
function run(command, args, { cwd, env }) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        ...process.env,
        // The first `node` on PATH is the one running this script (npm/pnpm pack scripts, shims).
        PATH: [dirname(process.execPath), process.env.PATH].filter(Boolean).join(":"),
        ...(color ? {} : { FORCE_COLOR: "0", NO_COLOR: "1" }),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolvePromise({ code: null, output: `${output}\nfailed to start ${command}: ${error.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const note = timedOut ? `\ntimed out after ${timeoutMs / 1000} s` : signal ? `\nkilled by ${signal}` : "";
      resolvePromise({ code: timedOut ? null : code, output: output + note });
    });
  });
}

/** @returns {Promise<{ check: string, ok: boolean, ms: number, output: string }[]>} */
async function checkPackage(pkg, bins) {
  if (!existsSync(join(pkg.dir, "dist"))) {
    return checks.map((c) => ({
      check: c.name,
      ok: false,
      ms: 0,
      output: `not built: run pnpm build (${pkg.rel}/dist is missing)`,
    }));
  }
  const results = [];
  for (const c of checks) {
    const bin = bins[c.name];
    const started = performance.now();
    const { code, output } = await run(bin.command, [...bin.prefix, ...c.args(pkg.dir)], {
      cwd: pkg.dir,
      env: bin.env,
    });
    results.push({ check: c.name, ok: code === 0, ms: performance.now() - started, output: output.trim() });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Main

const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

function report(pkg, results) {
  for (const r of results) {
    const status = r.ok ? paint(32, "pass") : paint(31, "FAIL");
    const time = r.ms > 0 ? ` (${(r.ms / 1000).toFixed(1)} s)` : "";
    console.log(`${status}  ${pkg.name.padEnd(22)} ${r.check.padEnd(8)}${time}`.trimEnd());
    if (!r.ok) console.log(`${(r.output || "(no output)").replace(/^/gm, "      | ")}`);
  }
}

async function main() {
  const filters = process.argv.slice(2);
  let packages = discoverPackages();
  if (filters.length > 0) {
    packages = packages.filter((p) => filters.some((f) => p.name === f || p.rel === f.replace(/\/$/, "")));
  }
  if (packages.length === 0) {
    console.log("no publishable workspace packages found" + (filters.length ? ` matching ${filters.join(", ")}` : ""));
    console.log("0 passed, 0 failed");
    return 1;
  }
  const bins = Object.fromEntries(checks.map((c) => [c.name, resolveBin(c.name)]));

  // Workers take packages in order; results are printed in workspace order as soon as every
  // earlier package has been printed, so the output does not depend on timing.
  const results = new Array(packages.length);
  const done = new Array(packages.length).fill(false);
  let next = 0;
  let printed = 0;
  const flush = () => {
    while (printed < packages.length && done[printed]) {
      report(packages[printed], results[printed]);
      printed++;
    }
  };
  const worker = async () => {
    while (next < packages.length) {
      const index = next++;
      results[index] = await checkPackage(packages[index], bins);
      done[index] = true;
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, packages.length) }, worker));

  const all = results.flat();
  const failed = all.filter((r) => !r.ok).length;
  console.log(`${all.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    console.log("0 passed, 1 failed");
    process.exitCode = 1;
  },
);
