import { BaseError } from "@0g/core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIo, packageDir } from "../test/helpers.js";
import { defineCommand } from "./command.js";
import { commands } from "./commands/index.js";
import { flag } from "./options.js";
import { formatMainHelp, run } from "./run.js";

const packageVersion = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;

class DemoFailure extends BaseError {
  static override readonly code = 8999;
  override name = "DemoFailure";
  constructor() {
    super("The demo failed.", { code: 8999, details: "Because it was asked to." });
  }
}

const demo = defineCommand({
  name: "demo",
  summary: "A demo command",
  options: { fail: flag("Throw a kit error"), crash: flag("Throw a plain Error"), json: flag("JSON") },
  async run({ options, io }) {
    if (options.fail) throw new DemoFailure();
    if (options.crash) throw new TypeError("boom");
    if (options.json) io.stdout.write('{"ok":true}\n');
    else io.stdout.write("ok\n");
  },
});

async function runDemo(argv: string[], env: Record<string, string> = {}) {
  const { io, stdout, stderr } = memoryIo({ env });
  const code = await run(argv, io, { commands: [demo] });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function runBuiltin(argv: string[]) {
  const { io, stdout, stderr } = memoryIo();
  const code = await run(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("0g (top level)", () => {
  it("--help and -h list every command on stdout", async () => {
    for (const flagName of ["--help", "-h"]) {
      const { code, stdout, stderr } = await runBuiltin([flagName]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout).toBe(formatMainHelp());
      for (const command of commands) expect(stdout).toContain(`  ${command.name}`);
      expect(stdout).toContain("Usage: 0g <command> [options]");
      expect(stdout).toContain("Exit codes: 0 success, 1 failure, 2 bad usage.");
    }
  });

  it("without a command prints the help on stderr and exits 2", async () => {
    const { code, stdout, stderr } = await runBuiltin([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(formatMainHelp());
  });

  it("--version prints the package version", async () => {
    for (const flagName of ["--version", "-v", "-V"]) expect(await runBuiltin([flagName])).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: "" });
    expect((await runBuiltin(["--version", "x"])).code).toBe(2);
  });

  it("`help <command>` and `<command> --help` print the same text", async () => {
    for (const command of commands) {
      const viaHelp = await runBuiltin(["help", command.name]);
      const viaFlag = await runBuiltin([command.name, "--help"]);
      expect(viaHelp).toEqual({ code: 0, stdout: command.help(), stderr: "" });
      expect(viaFlag).toEqual(viaHelp);
      // `0g devnet [options]`, `0g storage <command> [options]`
      expect(viaHelp.stdout).toMatch(new RegExp(`Usage: 0g ${command.name}( <[a-z]+>)* \\[options\\]`));
    }
    expect((await runBuiltin(["help"])).stdout).toBe(formatMainHelp());
  });

  it("an unknown command exits 2 with a suggestion and the help hint", async () => {
    const { code, stdout, stderr } = await runBuiltin(["devnt"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('Error: Unknown command "devnt". Did you mean "devnet"?\nRun `0g --help` for usage.\n');
    expect((await runBuiltin(["help", "nope"])).stderr).toContain('Unknown command "nope".');
    expect((await runBuiltin(["help", "devnet", "extra"])).code).toBe(2);
  });

  it("an unknown top-level option exits 2", async () => {
    const { code, stderr } = await runBuiltin(["--verison"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option --verison. Did you mean --version?");
  });
});

describe("errors and exit codes", () => {
  it("runs a command: exit 0", async () => {
    expect(await runDemo(["demo"])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("bad usage: one message naming the flag on stderr, the help hint, exit 2", async () => {
    expect(await runDemo(["demo", "--fial"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "Error: Unknown option --fial for `0g demo`. Did you mean --fail?\nRun `0g demo --help` for usage.\n",
    });
  });

  it("a kit error: its message (details, code, docs) on stderr, exit 1", async () => {
    const { code, stdout, stderr } = await runDemo(["demo", "--fail"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`Error: ${new DemoFailure().message}\n`);
    expect(stderr).toContain("Details: Because it was asked to.");
    expect(stderr).toContain("Code: 8999");
  });

  it("any other error: its message, exit 1; ZG_DEBUG adds the stack", async () => {
    expect(await runDemo(["demo", "--crash"])).toEqual({ code: 1, stdout: "", stderr: "Error: boom\n" });
    const debug = await runDemo(["demo", "--crash"], { ZG_DEBUG: "1" });
    expect(debug.stderr).toMatch(/^Error: boom\n\nTypeError: boom\n\s+at /);
  });

  it("--json: errors are one JSON object on stdout and stderr stays empty", async () => {
    const usage = await runDemo(["demo", "--json", "--bogus"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("");
    expect(usage.stdout.endsWith("\n")).toBe(true);
    expect(usage.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(usage.stdout)).toEqual({
      error: {
        code: 8002,
        name: "UnknownOptionError",
        message: "Unknown option --bogus for `0g demo`.",
        details: "",
        docsUrl: "https://0g-devkit.dev/errors#e8002",
      },
    });

    const failure = await runDemo(["demo", "--fail", "--json"]);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe("");
    expect(JSON.parse(failure.stdout)).toEqual({
      error: {
        code: 8999,
        name: "DemoFailure",
        message: "The demo failed.",
        details: "Because it was asked to.",
        docsUrl: "https://0g-devkit.dev/errors#e8999",
      },
    });

    const crash = await runDemo(["demo", "--crash", "--json"]);
    expect(JSON.parse(crash.stdout)).toEqual({ error: { code: 1000, name: "TypeError", message: "boom", details: "", docsUrl: null } });
    // `--json` after `--` is an argument, not the mode.
    expect((await runDemo(["demo", "--", "--json"])).stderr).toContain("Unexpected argument");
  });

  it("colours error output only on a terminal without NO_COLOR", async () => {
    const plain = memoryIo({ tty: false });
    await run(["demo", "--fail"], plain.io, { commands: [demo] });
    expect(plain.stderr.text).not.toContain("\x1b[");

    const tty = memoryIo({ tty: true });
    await run(["demo", "--fail"], tty.io, { commands: [demo] });
    expect(tty.stderr.text).toContain("\x1b[31m");

    const noColor = memoryIo({ tty: true, env: { NO_COLOR: "1" } });
    await run(["demo", "--fail"], noColor.io, { commands: [demo] });
    expect(noColor.stderr.text).not.toContain("\x1b[");
  });
});
