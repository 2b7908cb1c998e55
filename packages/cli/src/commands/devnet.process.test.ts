// `0g devnet` as a real child process: signals, exit codes and what reaches stdout. The child runs
// src/cli.ts through tsx (no build needed); cli.dist.test.ts runs the built dist/cli.js the same way.
import { describe, expect, it } from "vitest";
import { checkDevnetJsonProcess } from "../../test/devnet-process.js";
import { occupyPort, spawnCli, waitFor } from "../../test/helpers.js";

describe("0g devnet (child process)", () => {
  it("--json: one JSON line on stdout, answers JSON-RPC, SIGINT exits 0", async () => {
    await checkDevnetJsonProcess(spawnCli(["devnet", "--port", "0", "--json"]));
  });

  it("SIGTERM stops it too; human output ends with the listening line", async () => {
    const cli = spawnCli(["devnet", "--port", "0", "--accounts", "1"]);
    await waitFor(() => cli.stdout().includes("Ctrl+C to stop"), { timeout: 30_000, what: "the banner" });
    expect(cli.stdout()).toContain("Available accounts");
    expect(cli.stdout()).not.toContain("\x1b["); // a pipe, not a terminal
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toBe("Devnet stopped.\n");
  });

  it("a taken port: exit 1 and a message naming the port on stderr (--json: devnet.test.ts)", async () => {
    const taken = await occupyPort();
    try {
      const human = spawnCli(["devnet", "--port", String(taken.port)]);
      expect(await human.exited).toEqual({ code: 1, signal: null });
      expect(human.stdout()).toBe("");
      expect(human.stderr()).toContain(`Port ${taken.port} on 127.0.0.1 is already in use.`);
    } finally {
      await taken.close();
    }
  });

  it("bad usage: exit 2", async () => {
    const cli = spawnCli(["devnet", "--port", "abc"]);
    expect(await cli.exited).toEqual({ code: 2, signal: null });
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).toBe('Error: Invalid value for --port: expected an integer from 0 to 65535, got "abc".\nRun `0g devnet --help` for usage.\n');
  });
});
