/**
 * `pnpm bench`: runs every `bench/*.bench.ts` of the workspace packages one suite at a time (the
 * machine is small and shared, so nothing runs in parallel), then writes bench/results/latest.json
 * and bench/results/latest.md. Pass suite names to run only those: `pnpm bench devnet`
 * (the other suites' last results stay in the files, each with the date it ran).
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cpus } from "node:os";
import { createContext, type BenchDefinition, type Check, type Measurement } from "./harness.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);

async function benchFiles(): Promise<string[]> {
  const dirs = ["devnet", ...(await subdirs("packages")), ...(await subdirs("examples"))];
  const files: string[] = [];
  for (const dir of dirs) {
    const benchDir = join(root, dir, "bench");
    const entries = await readdir(benchDir).catch(() => []);
    for (const e of entries.sort()) if (e.endsWith(".bench.ts")) files.push(join(benchDir, e));
  }
  return files;
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
}

function format(value: number, unit: string): string {
  if (unit === "ratio") return value.toFixed(3);
  if (unit === "gas") return Math.round(value).toLocaleString("en-US");
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

const measurements: Measurement[] = [];
const checks: Check[] = [];
const started = new Date();
for (const file of await benchFiles()) {
  const definition = (await import(pathToFileURL(file).href)).default as BenchDefinition;
  if (only.length > 0 && !only.includes(definition.suite)) continue;
  console.error(`▶ ${definition.suite} (${relative(root, file)})`);
  await definition.run(createContext(definition.suite, measurements, checks));
}

// A run of some suites keeps the other suites' last results (with the date each suite last ran),
// so `pnpm bench inft` does not wipe the committed table.
type Results = { date: string; suites?: Record<string, string>; measurements: Measurement[]; checks: Check[] };
const ran = new Set(measurements.map((m) => m.suite));
const previous: Results | undefined =
  only.length === 0 ? undefined : await readFile(join(root, "bench/results/latest.json"), "utf8").then((t) => JSON.parse(t) as Results, () => undefined);
const suites: Record<string, string> = {};
if (previous) {
  for (const m of previous.measurements) if (!ran.has(m.suite)) suites[m.suite] = previous.suites?.[m.suite] ?? previous.date;
  measurements.unshift(...previous.measurements.filter((m) => !ran.has(m.suite)));
  checks.unshift(...previous.checks.filter((c) => !ran.has(c.suite)));
}
for (const suite of ran) suites[suite] = started.toISOString();
const environment = { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown" };
const result = { date: started.toISOString(), suites, environment, measurements, checks };
await mkdir(join(root, "bench/results"), { recursive: true });
await writeFile(join(root, "bench/results/latest.json"), `${JSON.stringify(result, null, 2)}\n`);

const lines = [
  `# Benchmarks`,
  ``,
  `${started.toISOString()} · Node ${environment.node} · ${environment.platform} · ${environment.cpus} cores (${environment.cpu})`,
  ``,
  ...(previous ? [`Suites run at: ${Object.entries(suites).map(([suite, date]) => `${suite} ${date}`).join(", ")}.`, ``] : []),
  `| suite | measurement | median | min | max | unit | samples |`,
  `| --- | --- | ---: | ---: | ---: | --- | ---: |`,
  ...measurements.map((m) => `| ${m.suite} | ${m.name} | ${format(m.median, m.unit)} | ${format(m.min, m.unit)} | ${format(m.max, m.unit)} | ${m.unit} | ${m.samples.length} |`),
  ``,
  `## Targets`,
  ``,
  `| suite | measurement | median | target | result |`,
  `| --- | --- | ---: | ---: | --- |`,
  ...checks.map((c) => `| ${c.suite} | ${c.name} | ${format(c.value, c.unit)} ${c.unit} | ${c.op} ${format(c.target, c.unit)} | ${c.pass ? "pass" : "**FAIL**"} |`),
  ``,
];
await writeFile(join(root, "bench/results/latest.md"), lines.join("\n"));
console.log(lines.join("\n"));
const failed = checks.filter((c) => !c.pass);
if (failed.length > 0) console.error(`${failed.length} target(s) missed: ${failed.map((c) => c.name).join(", ")}`);
