import { networks } from "@0g/core";
import { createDevnet, type Devnet } from "@0g/devnet";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIo, occupyPort } from "../../test/helpers.js";
import { run } from "../run.js";
import type { NetworkReport } from "./network.js";

const key = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"; // devnet account 9
const envKey = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"; // devnet account 5

let devnet: Devnet;
let url: string;
beforeAll(async () => {
  devnet = await createDevnet({ accounts: 2 });
  url = (await devnet.serve({ port: 0 })).endpoints.rpc;
});
afterAll(() => devnet.stop());

async function network(args: string[], env: Record<string, string> = {}) {
  const { io, stdout, stderr } = memoryIo({ env });
  const code = await run(["network", ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("0g network", () => {
  it("--rpc <devnet url> --json: the devnet's chain, contracts, endpoints and accounts", async () => {
    const { code, stdout, stderr } = await network(["--rpc", url, "--json"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const report = JSON.parse(stdout) as NetworkReport;
    const info = devnet.info();
    expect(report).toEqual({
      network: "devnet",
      chainId: 31337,
      chainName: "0G Devnet",
      rpcUrl: url,
      contracts: info.contracts,
      endpoints: info.endpoints,
      account: { address: info.accounts[0]?.address, source: "devnet" },
      accounts: info.accounts,
    });
  });

  it("human output: network, chain, RPC URL, account, contracts, endpoints, devnet accounts", async () => {
    const { code, stdout } = await network(["--rpc", url]);
    expect(code).toBe(0);
    expect(stdout).toContain("Network  devnet\n");
    expect(stdout).toContain("Chain    0G Devnet (chain id 31337)\n");
    expect(stdout).toContain(`RPC URL  ${url}\n`);
    expect(stdout).toContain(`Account  ${devnet.accounts[0]?.address} (from the devnet's first account)\n`);
    expect(stdout).toContain(`Contracts\n  create2Deployer       ${devnet.contracts.create2Deployer}\n`);
    expect(stdout).toMatch(new RegExp(`Endpoints\\n {2}rpc {15}${url}\\n {2}indexer {11}${url}/storage/indexer\\n {2}storageNodes {6}${url}/storage/0\\n {20}${url}/storage/1\\n`));
    expect(stdout).toContain(`(1)  ${devnet.accounts[1]?.address}  10000 0G  ${devnet.accounts[1]?.privateKey}`);
  });

  it("--network galileo: the registry's entry, no account without a key", async () => {
    const { code, stdout } = await network(["--network", "galileo", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      network: "galileo",
      chainId: 16602,
      chainName: "0G Galileo Testnet",
      rpcUrl: networks.galileo.endpoints.rpc,
      contracts: networks.galileo.contracts,
      endpoints: networks.galileo.endpoints,
      account: null,
    });
    const human = await network(["--network", "mainnet"]);
    expect(human.stdout).toContain("Chain    0G Mainnet (chain id 16661)");
    expect(human.stdout).toContain("Account  none (pass --key or set ZG_PRIVATE_KEY to sign)");
  });

  it("--key and ZG_PRIVATE_KEY choose the account (the flag wins); keys are never printed", async () => {
    const viaFlag = await network(["--network", "galileo", "--key", key, "--json"], { ZG_PRIVATE_KEY: envKey });
    expect(JSON.parse(viaFlag.stdout).account).toEqual({ address: privateKeyToAddress(key), source: "--key" });
    const viaEnv = await network(["--rpc", url, "--json"], { ZG_PRIVATE_KEY: envKey });
    expect(JSON.parse(viaEnv.stdout).account).toEqual({ address: privateKeyToAddress(envKey), source: "ZG_PRIVATE_KEY" });
    const human = await network(["--network", "galileo"], { ZG_PRIVATE_KEY: envKey });
    expect(human.stdout).toContain(`Account  ${privateKeyToAddress(envKey)} (from ZG_PRIVATE_KEY)`);
    for (const out of [viaFlag.stdout, human.stdout]) {
      expect(out).not.toContain(key.slice(2));
      expect(out).not.toContain(envKey.slice(2));
    }
  });

  it("bad usage: exit 2 naming the flag or variable, never echoing a key", async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [["--network", "galileo", "--rpc", url], {}, "Options --network and --rpc cannot be used together."],
      [["--network", "testnet"], {}, 'Invalid value for --network: expected one of devnet, galileo, mainnet, got "testnet".'],
      [["--rpc", "localhost:8545"], {}, 'Invalid value for --rpc: expected an http:// or https:// URL, got "localhost:8545".'],
      [["--network", "galileo", "--key", "0xdeadbeef"], {}, "Invalid private key in --key: expected 64 hex digits, got 8."],
      [["--network", "galileo"], { ZG_PRIVATE_KEY: `${key}ff` }, "Invalid private key in ZG_PRIVATE_KEY: expected 64 hex digits, got 66."],
      [["--key"], {}, "Option --key needs a value: --key <hex>."],
    ];
    for (const [args, env, message] of cases) {
      const { code, stdout, stderr } = await network(args, env);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(stderr.split("\n")[0]).toBe(`Error: ${message}`);
      expect(stderr).toContain("Run `0g network --help` for usage.");
      expect(stderr).not.toContain(key.slice(2));
    }
    const json = await network(["--network", "galileo", "--key", "0x12", "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 8007, name: "InvalidPrivateKeyError" } });
  });

  it("an RPC that does not answer: exit 1", async () => {
    const free = await occupyPort();
    await free.close(); // free a moment ago: nothing listens there now
    const { code, stderr } = await network(["--rpc", `http://127.0.0.1:${free.port}`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`Error: No JSON-RPC server answered at http://127.0.0.1:${free.port}.`);
    expect(stderr).toContain("Code: 8101");
  });
});
