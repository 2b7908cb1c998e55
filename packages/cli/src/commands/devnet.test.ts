import type { DevnetInfo } from "@0g/core";
import { describe, expect, it } from "vitest";
import { memoryIo, occupyPort, rpc, waitFor } from "../../test/helpers.js";
import { run } from "../run.js";

/** Runs `0g devnet ...` in-process until it is ready; `stop()` aborts it and resolves with the exit code. */
async function startDevnet(args: string[], { tty = false, env = {} }: { tty?: boolean; env?: Record<string, string> } = {}) {
  const { io, stdout, stderr, controller } = memoryIo({ tty, env });
  const exit = run(["devnet", "--port", "0", ...args], io);
  let exitCode: number | undefined;
  void exit.then((code) => (exitCode = code));
  const json = args.includes("--json");
  await waitFor(() => exitCode !== undefined || (json ? stdout.text.includes("\n") : stdout.text.includes("Ctrl+C to stop")), {
    what: "the devnet to be ready",
  });
  if (exitCode !== undefined) throw new Error(`devnet exited with ${exitCode}: ${stderr.text}`);
  return {
    stdout,
    stderr,
    info: () => JSON.parse(stdout.text) as DevnetInfo,
    url: () => /Listening on (\S+)/.exec(stdout.text.replace(/\x1b\[[0-9;]*m/g, ""))?.[1] as string,
    stop: async () => {
      controller.abort();
      return exit;
    },
  };
}

async function runDevnet(args: string[]) {
  const { io, stdout, stderr } = memoryIo();
  const code = await run(["devnet", ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("0g devnet", () => {
  it("--json prints exactly one line: the DevnetInfo, matching devnet_info", async () => {
    const devnet = await startDevnet(["--json", "--chain-id", "1337", "--accounts", "3", "--balance", "1.5"]);
    expect(devnet.stdout.text.split("\n")).toHaveLength(2); // one line and its newline
    const info = devnet.info();
    expect(Object.keys(info).sort()).toEqual(["accounts", "chainId", "contracts", "endpoints", "mnemonic", "rpcUrl"]);
    expect(info.chainId).toBe(1337);
    expect(info.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.endpoints.rpc).toBe(info.rpcUrl);
    expect(info.accounts).toHaveLength(3);
    expect(info.accounts[0]?.balance).toBe("1500000000000000000");
    expect(info.mnemonic).toBe("test test test test test test test test test test test junk");
    expect(info.contracts).toHaveProperty("multicall3");
    expect(await rpc(info.rpcUrl, { jsonrpc: "2.0", id: 1, method: "devnet_info" })).toEqual({ jsonrpc: "2.0", id: 1, result: info });
    expect(await devnet.stop()).toBe(0);
    expect(devnet.stdout.text.split("\n")).toHaveLength(2);
    expect(devnet.stderr.text).toBe("");
    await expect(fetch(info.rpcUrl, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("prints an aligned banner: chain, accounts, keys, mnemonic, contracts, endpoints, listening line", async () => {
    const devnet = await startDevnet(["--accounts", "2", "--mnemonic", "test test test test test test test test test test test junk"]);
    const out = devnet.stdout.text;
    const url = devnet.url();
    expect(out).not.toContain("\x1b["); // not a terminal: no colours
    expect(out).toContain("0G devnet");
    expect(out).toMatch(/^Chain ID {2}31337$/m);
    expect(out).toMatch(/^Hardfork {2}cancun$/m);
    expect(out).toMatch(/^Mining {4}automatic \(a block per transaction\)$/m);
    expect(out).toContain("Available accounts\n  (0)  0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266  10000 0G\n  (1)  0x70997970C51812dc3A010C7d01b50e0d17dc79C8  10000 0G\n");
    expect(out).toContain("Private keys\n  (0)  0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n");
    expect(out).toContain("Mnemonic         test test test test test test test test test test test junk");
    expect(out).toMatch(/System contracts\n {2}create2Deployer {7}0x4e59b44847b379578588920cA78FbF26c0B4956C\n {2}multicall3 {12}0xcA11bde05977b3631167028862bE2a173976CA11\n/);
    expect(out).toMatch(new RegExp(`Endpoints\\n {2}rpc {15}${url}\\n {2}indexer {11}${url}/storage/indexer\\n {2}storageNodes {6}${url}/storage/0\\n {20}${url}/storage/1\\n`));
    expect(out.trimEnd().split("\n").at(-1)).toBe(`Listening on ${url} (Ctrl+C to stop)`);
    expect(await rpc(url, { jsonrpc: "2.0", id: 1, method: "eth_chainId" })).toEqual({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
    expect(await devnet.stop()).toBe(0);
    expect(devnet.stderr.text).toBe("Devnet stopped.\n");
  });

  it("colours the banner on a terminal unless NO_COLOR is set", async () => {
    const tty = await startDevnet(["--accounts", "1"], { tty: true });
    expect(tty.stdout.text).toContain("\x1b[1m");
    expect(await tty.stop()).toBe(0);
    const noColor = await startDevnet(["--accounts", "1"], { tty: true, env: { NO_COLOR: "1" } });
    expect(noColor.stdout.text).not.toContain("\x1b[");
    expect(await noColor.stop()).toBe(0);
  });

  it("--block-time mines on an interval; --no-mining mines only on request", async () => {
    const interval = await startDevnet(["--block-time", "0.05", "--accounts", "1"]);
    expect(interval.stdout.text).toContain("a block every 0.05 s");
    const blockNumber = async (url: string) => Number(((await rpc(url, { jsonrpc: "2.0", id: 1, method: "eth_blockNumber" })) as { result: string }).result);
    const first = await blockNumber(interval.url());
    await new Promise((r) => setTimeout(r, 300));
    expect(await blockNumber(interval.url())).toBeGreaterThan(first);
    expect(await interval.stop()).toBe(0);

    const manual = await startDevnet(["--no-mining", "--accounts", "1", "--json"]);
    const { rpcUrl, accounts } = manual.info();
    const before = await blockNumber(rpcUrl);
    await rpc(rpcUrl, { jsonrpc: "2.0", id: 1, method: "eth_sendTransaction", params: [{ from: accounts[0]?.address, to: accounts[0]?.address, value: "0x1" }] });
    expect(await blockNumber(rpcUrl)).toBe(before);
    await rpc(rpcUrl, { jsonrpc: "2.0", id: 2, method: "evm_mine", params: [] });
    expect(await blockNumber(rpcUrl)).toBe(before + 1);
    expect(await manual.stop()).toBe(0);
  });

  it("a taken port: exit 1 with a message naming the port", async () => {
    const taken = await occupyPort();
    try {
      const { code, stdout, stderr } = await runDevnet(["--port", String(taken.port)]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toContain(`Error: Port ${taken.port} on 127.0.0.1 is already in use.`);
      expect(stderr).toContain("Code: 7002");

      const json = await runDevnet(["--port", String(taken.port), "--json"]);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 7002, name: "PortInUseError" } });
    } finally {
      await taken.close();
    }
  });

  it("bad usage: exit 2 with one message naming the flag", async () => {
    const cases: [string[], string][] = [
      [["--port", "abc"], 'Invalid value for --port: expected an integer from 0 to 65535, got "abc".'],
      [["--port", "70000"], 'Invalid value for --port: expected an integer from 0 to 65535, got "70000".'],
      [["--chain-id", "-1"], 'Invalid value for --chain-id: expected a positive integer, got "-1".'],
      [["--chain-id", "0"], 'Invalid value for --chain-id: expected a positive integer, got "0".'],
      [["--accounts", "0"], 'Invalid value for --accounts: expected an integer from 1 to 1000, got "0".'],
      [["--balance", "-5"], 'Invalid value for --balance: expected a non-negative amount of 0G with at most 18 decimals, got "-5".'],
      [["--block-time", "0"], 'Invalid value for --block-time: expected a number of seconds greater than 0, got "0".'],
      [["--block-time", "0.0001"], 'Invalid value for --block-time: expected at least 0.001 seconds, got "0.0001".'],
      [["--block-time", "1", "--no-mining"], "Options --block-time and --no-mining cannot be used together."],
      [["--mnemonic", "not a valid mnemonic"], "Invalid value for --mnemonic: Not a valid BIP-39 English mnemonic (word list or checksum)."],
      [["--port"], "Option --port needs a value: --port <port>."],
      [["--prot", "1"], "Unknown option --prot for `0g devnet`. Did you mean --port?"],
      [["extra"], 'Unexpected argument "extra" for `0g devnet`.'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runDevnet(args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(stderr).toBe(`Error: ${message}\nRun \`0g devnet --help\` for usage.\n`);
    }
  });

  it("an unknown --hardfork is bad usage naming the flag", async () => {
    const { code, stderr } = await runDevnet(["--hardfork", "london2", "--port", "0"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Error: Invalid value for --hardfork: Unknown hardfork "london2"/);
  });

  it("stops at once when the signal aborts during start-up", async () => {
    const { io, stdout, controller } = memoryIo();
    controller.abort();
    expect(await run(["devnet", "--port", "0"], io)).toBe(0);
    expect(stdout.text).toBe("");
  });
});
