// `pnpm test`: builds every package, type-checks, then runs every test suite of the repository and
// ends with one summary line, `tests: N passed, N failed`, counting vitest tests, contract tests
// (Solidity and TypeScript), publint/attw checks and the docs build. Test suites all run even if one
// fails; a failed build or type-check stops the run.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, "");

function run(script) {
  return new Promise((resolve) => {
    console.log(`\n== pnpm ${script}`);
    const child = spawn("pnpm", ["run", script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output: stripAnsi(output) }));
  });
}

const count = (output, pattern) => Number(pattern.exec(output)?.[1] ?? 0);
const suites = [
  // vitest: "Tests  218 passed (218)" / "Tests  1 failed | 217 passed (218)"
  { script: "test:ts", passed: (o) => count(o, /Tests\s+(?:\d+ failed \| )?(\d+) passed/), failed: (o) => count(o, /Tests\s+(\d+) failed/) },
  // hardhat test: "43 passing (31 solidity, 12 nodejs)" and "2 failing"
  { script: "test:contracts", passed: (o) => count(o, /(\d+) passing/), failed: (o) => count(o, /(\d+) failing/) },
  // scripts/check-packages.mjs: "20 passed, 0 failed"
  { script: "test:packages", passed: (o) => count(o, /^(\d+) passed, \d+ failed$/m), failed: (o) => count(o, /^\d+ passed, (\d+) failed$/m) },
  { script: "test:docs", passed: (_, code) => (code === 0 ? 1 : 0), failed: (_, code) => (code === 0 ? 0 : 1) },
];

for (const step of ["build", "typecheck"]) {
  const { code } = await run(step);
  if (code !== 0) {
    console.log(`\npnpm ${step} failed (exit ${code}); no tests were run.\ntests: 0 passed, 1 failed`);
    process.exit(code);
  }
}

let passed = 0;
let failed = 0;
const lines = [];
for (const suite of suites) {
  const { code, output } = await run(suite.script);
  let p = suite.passed(output, code);
  let f = suite.failed(output, code);
  // A suite that failed without a count of failures (it crashed) counts as one failure.
  if (code !== 0 && f === 0) f = 1;
  if (code === 0 && p === 0) {
    f += 1;
    lines.push(`${suite.script}: exited 0 but ran no test`);
  }
  passed += p;
  failed += f;
  lines.push(`${suite.script.padEnd(16)} ${p} passed, ${f} failed`);
}
console.log(`\n== summary\n${lines.join("\n")}\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
