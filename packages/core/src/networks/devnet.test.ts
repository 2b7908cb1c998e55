import { afterEach, describe, expect, test } from "vitest";
import { startServer } from "../../test/http-server.js";
import { parseRequests, respond, result, rpcError } from "../../test/jsonrpc.js";
import { InvalidDevnetInfoError, NotADevnetError } from "../errors/network.js";
import { RpcResponseError } from "../errors/transport.js";
import { getDevnetInfo, networkFromDevnetInfo } from "./devnet.js";
import { parseDevnetInfo } from "./parseDevnetInfo.js";
import type { DevnetInfo } from "./types.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

function sampleInfo(rpcUrl: string): DevnetInfo {
  return {
    chainId: 31337,
    rpcUrl,
    mnemonic: "test test test test test test test test test test test junk",
    accounts: [
      {
        address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        balance: "10000000000000000000000",
      },
    ],
    contracts: { flow: "0x5FbDB2315678afecb367f032d93F642f64180aa3", multicall3: "0xcA11bde05977b3631167028862bE2a173976CA11" },
    endpoints: { rpc: rpcUrl, indexer: "http://127.0.0.1:8545/indexer", storageNodes: ["http://127.0.0.1:8545/node/0"] },
  };
}

/** A tiny devnet stand-in: answers devnet_info with `info(url)`, everything else "method not found". */
async function devnet(info: (url: string) => unknown) {
  let url = "";
  const server = await startServer((body) =>
    respond(body, (r) => (r.method === "devnet_info" ? result(r.id, info(url)) : rpcError(r.id, -32601, `Method ${r.method} not found`))),
  );
  url = server.url;
  cleanups.push(server.close);
  return server;
}

describe("getDevnetInfo", () => {
  test("calls devnet_info on a served devnet and returns the validated info", async () => {
    const server = await devnet(sampleInfo);
    const info = await getDevnetInfo(server.url);
    expect(info).toEqual(sampleInfo(server.url));
    expect(parseRequests(server.bodies[0] ?? "").requests.map((r) => r.method)).toEqual(["devnet_info"]);
  });

  test("a server without devnet_info → NotADevnetError (cause: the RPC error)", async () => {
    const server = await startServer((body) => respond(body, (r) => rpcError(r.id, -32601, "the method devnet_info does not exist")));
    cleanups.push(server.close);
    const error = await getDevnetInfo(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotADevnetError);
    expect((error as NotADevnetError).walk()).toBeInstanceOf(RpcResponseError);
    expect((error as NotADevnetError).metaMessages).toEqual([`URL: ${server.url}`]);
  });

  test("other RPC errors pass through", async () => {
    const server = await startServer((body) => respond(body, (r) => rpcError(r.id, -32000, "busy")));
    cleanups.push(server.close);
    await expect(getDevnetInfo(server.url)).rejects.toBeInstanceOf(RpcResponseError);
  });

  test("a malformed info → InvalidDevnetInfoError naming the field", async () => {
    const server = await devnet((url) => {
      const info = sampleInfo(url);
      return { ...info, accounts: [{ ...info.accounts[0], privateKey: "0x1234" }] };
    });
    const error = await getDevnetInfo(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDevnetInfoError);
    expect((error as InvalidDevnetInfoError).path).toBe("accounts[0].privateKey");
    expect((error as InvalidDevnetInfoError).details).toBe("accounts[0].privateKey: expected a 32-byte 0x-hex string.");
  });
});

describe("parseDevnetInfo", () => {
  const url = "http://127.0.0.1:8545";
  const good = sampleInfo(url);
  const cases: [string, unknown, string][] = [
    ["not an object", [], ""],
    ["chainId", { ...good, chainId: "31337" }, "chainId"],
    ["rpcUrl", { ...good, rpcUrl: "localhost:8545" }, "rpcUrl"],
    ["mnemonic", { ...good, mnemonic: "" }, "mnemonic"],
    ["accounts", { ...good, accounts: {} }, "accounts"],
    ["address", { ...good, accounts: [{ ...good.accounts[0], address: "0x12" }] }, "accounts[0].address"],
    ["balance", { ...good, accounts: [{ ...good.accounts[0], balance: 1e22 }] }, "accounts[0].balance"],
    ["contracts", { ...good, contracts: { flow: "nope" } }, "contracts.flow"],
    ["endpoints.rpc", { ...good, endpoints: { indexer: url } }, "endpoints.rpc"],
    ["endpoint values", { ...good, endpoints: { rpc: url, storageNodes: [1] } }, "endpoints.storageNodes"],
  ];
  for (const [name, value, path] of cases) {
    test(`rejects a bad ${name}`, () => {
      expect(() => parseDevnetInfo(value)).toThrow(InvalidDevnetInfoError);
      try {
        parseDevnetInfo(value);
      } catch (error) {
        expect((error as InvalidDevnetInfoError).path).toBe(path);
      }
    });
  }

  test("checksums addresses and drops undocumented fields", () => {
    const info = parseDevnetInfo({
      ...good,
      extra: true,
      accounts: [{ ...good.accounts[0], address: good.accounts[0]?.address.toLowerCase() }],
    });
    expect(info.accounts[0]?.address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(info).not.toHaveProperty("extra");
  });
});

describe("networkFromDevnetInfo", () => {
  test("builds a registry entry with a devnet chain", () => {
    const info = { ...sampleInfo("http://127.0.0.1:9545"), chainId: 1337 };
    const network = networkFromDevnetInfo(info);
    expect(network.name).toBe("devnet");
    expect(network.chain).toMatchObject({ id: 1337, name: "0G Devnet", rpcUrls: { default: { http: ["http://127.0.0.1:9545"] } } });
    expect(network.contracts).toEqual(info.contracts);
    expect(network.endpoints).toEqual(info.endpoints);
    expect(networkFromDevnetInfo(info, { name: "ci" }).name).toBe("ci");
  });
});
