import { getDevnetInfo } from "@0g/core";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../create-devnet.js";
import { DevnetNotServedError, PortInUseError } from "../errors.js";

let devnet: Devnet;
let served: ServedDevnet;
let url: string;

const post = async (body: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
};
const json = async (body: unknown) => JSON.parse((await post(JSON.stringify(body))).text);

beforeAll(async () => {
  devnet = await createDevnet();
  expect(() => devnet.info()).toThrow(DevnetNotServedError);
  served = await devnet.serve({ port: 0, bodyLimit: 64 * 1024 });
  url = served.endpoints.rpc;
});
afterAll(() => devnet.stop());

describe("devnet.serve()", () => {
  it("serves on 127.0.0.1 and answers viem over HTTP", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createPublicClient({ transport: http(url) });
    expect(await client.getChainId()).toBe(31337);
    expect(await client.getBalance({ address: devnet.accounts[0]!.address })).toBeGreaterThan(0n);
  });

  it("answers batches in order with each id", async () => {
    const reply = await json([
      { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
      { jsonrpc: "2.0", id: "two", method: "eth_blockNumber", params: [] },
      { jsonrpc: "2.0", id: 3, method: "eth_getBalance", params: [devnet.accounts[1]!.address, "latest"] },
    ]);
    expect(reply.map((r: { id: unknown }) => r.id)).toEqual([1, "two", 3]);
    expect(reply[0].result).toBe("0x7a69");
    expect(reply[2].result).toBe("0x21e19e0c9bab2400000");
  });

  it("answers devnet_info with accounts, contracts and endpoints", async () => {
    const { result } = await json({ jsonrpc: "2.0", id: 1, method: "devnet_info" });
    expect(result).toEqual(devnet.info());
    expect(result.chainId).toBe(31337);
    expect(result.rpcUrl).toBe(url);
    expect(result.endpoints.rpc).toBe(url);
    expect(result.accounts[0]).toEqual({
      address: devnet.accounts[0]!.address,
      privateKey: devnet.accounts[0]!.privateKey,
      balance: "10000000000000000000000",
    });
    expect(result.contracts.wrappedOG).toBe(devnet.contracts.wrappedOG);
    expect(await getDevnetInfo(url)).toEqual(result);
  });

  it("echoes request ids above 2^53 byte for byte", async () => {
    const { text } = await post('{"jsonrpc":"2.0","id":9007199254740993,"method":"eth_chainId"}');
    expect(text).toBe('{"jsonrpc":"2.0","id":9007199254740993,"result":"0x7a69"}');
    const batch = await post('[{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"eth_chainId"}]');
    expect(batch.text).toContain('"id":123456789012345678901234567890,');
  });

  it.each([
    ["invalid JSON", "{not json", -32700, null],
    ["an empty batch", "[]", -32600, null],
    ["a non-object", "42", -32600, null],
    ["a wrong jsonrpc version", '{"jsonrpc":"1.0","id":5,"method":"eth_chainId"}', -32600, 5],
    ["a missing method", '{"jsonrpc":"2.0","id":6}', -32600, 6],
    ["params that are neither array nor object", '{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":"x"}', -32600, 7],
    ["an id of the wrong type", '{"jsonrpc":"2.0","id":{},"method":"eth_chainId"}', -32600, null],
  ])("answers %s with the JSON-RPC error object", async (_, body, code, id) => {
    const reply = await post(body);
    expect(reply.status).toBe(200);
    const parsed = JSON.parse(reply.text);
    expect(parsed).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
  });

  it("answers unknown methods and bad params with -32601 and -32602", async () => {
    expect((await json({ jsonrpc: "2.0", id: 1, method: "eth_noSuchMethod", params: [] })).error.code).toBe(-32601);
    expect((await json({ jsonrpc: "2.0", id: 2, method: "eth_getBalance", params: ["0x1234"] })).error.code).toBe(-32602);
  });

  it("answers per entry inside a batch with malformed members", async () => {
    const reply = await json([{ jsonrpc: "2.0", id: 1, method: "eth_chainId" }, 7, { jsonrpc: "2.0", id: 3, method: "nope_nope" }]);
    expect(reply).toHaveLength(3);
    expect(reply[0].result).toBe("0x7a69");
    expect(reply[1]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(reply[2]).toMatchObject({ id: 3, error: { code: -32601 } });
  });

  it("sends nothing back for notifications", async () => {
    const single = await post('{"jsonrpc":"2.0","method":"eth_chainId"}');
    expect(single.status).toBe(204);
    expect(single.text).toBe("");
    const batch = await post('[{"jsonrpc":"2.0","method":"eth_chainId"},{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}]');
    expect(JSON.parse(batch.text)).toHaveLength(1);
  });

  it("refuses bodies over the limit with 413 and keeps serving", async () => {
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ data: `0x${"00".repeat(40_000)}` }] });
    const reply = await post(huge);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toMatchObject({ error: { code: -32600 } });
    expect((await json({ jsonrpc: "2.0", id: 1, method: "eth_chainId" })).result).toBe("0x7a69");
  });

  it("rejects batches over the batch limit", async () => {
    const batch = Array.from({ length: 1001 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" }));
    const devnet2Reply = await json(batch);
    expect(devnet2Reply).toMatchObject({ error: { code: -32600 } });
  });

  it("allows browser dApps: CORS preflight and headers", async () => {
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "https://dapp.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const reply = await post('{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}', { origin: "https://dapp.example" });
    expect(reply.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers other HTTP methods and paths with JSON-RPC errors", async () => {
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ error: { code: -32600 } });
    const missing = await fetch(`${url}/nope`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
  });

  it("names the port when it is already in use", async () => {
    const error = await devnet.serve({ port: served.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).shortMessage).toContain(String(served.port));
  });

  it("serves several servers and closes them on stop", async () => {
    const other = await createDevnet({ accounts: 1 });
    const second = await other.serve({ port: 0 });
    const client = createPublicClient({ transport: http(second.endpoints.rpc, { retryCount: 0 }) });
    expect(await client.getChainId()).toBe(31337);
    await other.stop();
    await expect(fetch(second.endpoints.rpc, { method: "POST", body: "{}" })).rejects.toThrow();
  });
});
