// The built executable, dist/cli.js, as users get it from npm. It needs `pnpm build` first (the
// root `pnpm test` builds before testing); without a build these tests are skipped and say so.
// The same scenarios run from source, build-free, in commands/devnet.process.test.ts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageDir, spawnCli } from "../test/helpers.js";
import { checkDevnetJsonProcess } from "../test/devnet-process.js";

const bin = join(packageDir, "dist/cli.js");
const built = existsSync(bin);

describe.skipIf(!built)("dist/cli.js (the built bin; run `pnpm build` first)", () => {
  it("starts with a node shebang and is executable", () => {
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });

  it("--version prints the package version", async () => {
    const cli = spawnCli(["--version"], { script: bin });
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
    expect(cli.stdout()).toBe(`${version}\n`);
  });

  it("devnet --json: one JSON line, answers JSON-RPC, SIGINT exits 0", async () => {
    await checkDevnetJsonProcess(spawnCli(["devnet", "--port", "0", "--json"], { script: bin }));
  });
});
