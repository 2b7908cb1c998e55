// The scenario of `0g devnet --json` as a child process, shared by the source (tsx) and dist tests.
import type { DevnetInfo } from "@0g/core";
import { expect } from "vitest";
import { rpc, waitFor, type CliProcess } from "./helpers.js";

export async function readyJson(cli: CliProcess): Promise<DevnetInfo> {
  let exited = false;
  void cli.exited.then(() => (exited = true));
  await waitFor(() => exited || cli.stdout().includes("\n"), { timeout: 30_000, what: "the devnet's JSON line" });
  if (exited) throw new Error(`the CLI exited early:\n${cli.stderr()}`);
  return JSON.parse(cli.stdout().split("\n")[0] as string) as DevnetInfo;
}

/** The whole child-process scenario of `0g devnet --json`, shared with the dist test. */
export async function checkDevnetJsonProcess(cli: CliProcess, signal: NodeJS.Signals = "SIGINT") {
  const info = await readyJson(cli);
  expect(info.chainId).toBe(31337);
  expect(info.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await rpc(info.rpcUrl, { jsonrpc: "2.0", id: 1, method: "eth_chainId" })).toEqual({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
  const batch = (await rpc(info.rpcUrl, [
    { jsonrpc: "2.0", id: 1, method: "eth_blockNumber" },
    { jsonrpc: "2.0", id: 2, method: "devnet_info" },
    { jsonrpc: "2.0", id: 3, method: "eth_getBalance", params: [info.accounts[0]?.address, "latest"] },
  ])) as { id: number; result: unknown }[];
  expect(batch.map((r) => r.id)).toEqual([1, 2, 3]);
  expect(batch[1]?.result).toEqual(info);
  expect(BigInt(batch[2]?.result as string)).toBe(BigInt(info.accounts[0]?.balance as string));

  const sent = performance.now();
  cli.child.kill(signal);
  const { code, signal: killedBy } = await cli.exited;
  expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
  // It stops promptly, not through the CLI's 2 s safety exit.
  expect(performance.now() - sent).toBeLessThan(1500);
  expect(cli.stdout()).toBe(`${JSON.stringify(info)}\n`);
  return info;
}
