import { defineZgDevnet, registerNetwork, unregisterNetwork, zgGalileo } from "@0g/core";
import { createPublicClient, createWalletClient, custom } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, describe, expect, it } from "vitest";
import { getKvValue } from "../actions/getKvValue.js";
import { iterateKv } from "../actions/iterateKv.js";
import { writeKv } from "../actions/writeKv.js";
import { kvActions } from "../decorators.js";
import { kvBatch } from "./batch.js";
import { kvEndpointOf } from "./endpoint.js";
import { toStreamId } from "./stream-id.js";

const noNetwork = custom(
  {
    request: async () => {
      throw new Error("unreachable");
    },
  },
  { retryCount: 0 },
);

describe("KV endpoint discovery", () => {
  afterEach(() => {
    unregisterNetwork("kv-endpoint-test");
  });

  it("takes the kv parameter first, then { kv }", async () => {
    expect(await kvEndpointOf({ kv: "http://127.0.0.1:1/kv" })).toBe("http://127.0.0.1:1/kv");
    expect(await kvEndpointOf({ kv: "http://127.0.0.1:1/kv" }, "http://127.0.0.1:2/kv")).toBe("http://127.0.0.1:2/kv");
    const client = createPublicClient({ chain: zgGalileo, transport: noNetwork });
    expect(await kvEndpointOf(client, "http://127.0.0.1:3/kv")).toBe("http://127.0.0.1:3/kv");
  });

  it("finds the registry's kv endpoint for the client's chain", async () => {
    const chain = defineZgDevnet({ id: 909_090, rpcUrl: "http://127.0.0.1:9" });
    registerNetwork({ name: "kv-endpoint-test", chain, contracts: {}, endpoints: { rpc: "http://127.0.0.1:9", kv: "http://127.0.0.1:9/kv" } });
    expect(await kvEndpointOf(createPublicClient({ chain, transport: noNetwork }))).toBe("http://127.0.0.1:9/kv");
  });

  it("asks a devnet's devnet_info", async () => {
    const transport = custom({
      request: async ({ method }: { method: string }) => {
        if (method !== "devnet_info") throw new Error("no");
        return {
          chainId: 31_337,
          rpcUrl: "http://127.0.0.1:8545",
          mnemonic: "test test test test test test test test test test test junk",
          accounts: [],
          contracts: {},
          endpoints: { rpc: "http://127.0.0.1:8545", kv: "http://127.0.0.1:8545/storage/kv" },
        };
      },
    }, { retryCount: 0 });
    expect(await kvEndpointOf(createPublicClient({ transport }))).toBe("http://127.0.0.1:8545/storage/kv");
  });

  it("throws KvEndpointNotFoundError for a network without a KV node", async () => {
    const galileo = createPublicClient({ chain: zgGalileo, transport: noNetwork });
    await expect(kvEndpointOf(galileo)).rejects.toMatchObject({ code: 2504, name: "KvEndpointNotFoundError" });
    await expect(getKvValue(galileo, { streamId: toStreamId("x"), key: "k" })).rejects.toMatchObject({ code: 2504 });
    await expect(kvEndpointOf(createPublicClient({ transport: noNetwork }))).rejects.toMatchObject({ code: 2504 });
    await expect(kvEndpointOf({} as { kv: string })).rejects.toMatchObject({ code: 2504 });
  });

  it("fails a write before paying: no KV node, or an empty batch", async () => {
    const requests: string[] = [];
    const transport = custom(
      {
        request: async ({ method }: { method: string }) => {
          requests.push(method);
          throw new Error("unreachable");
        },
      },
      { retryCount: 0 },
    );
    const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    const wallet = createWalletClient({ account, chain: zgGalileo, transport });
    const batch = kvBatch().set(toStreamId("x"), "k", "v");
    await expect(writeKv(wallet, { batch })).rejects.toMatchObject({ code: 2504, name: "KvEndpointNotFoundError" });
    expect(requests).toEqual(["devnet_info"]);
    await expect(writeKv(wallet, { batch: kvBatch(), kv: "http://127.0.0.1:1" })).rejects.toMatchObject({ code: 2510, name: "EmptyKvBatchError" });
    await expect(writeKv(wallet, { batch: { version: 0n, reads: [], writes: [], controls: [] } })).rejects.toMatchObject({ code: 2510 });
    expect(requests).toEqual(["devnet_info"]);
  });

  it("binds defaults with kvActions (a call's own kv wins)", async () => {
    const client = createPublicClient({ chain: zgGalileo, transport: noNetwork }).extend(kvActions({ kv: "http://127.0.0.1:1/kv" }));
    // The default endpoint is used (and refuses the connection), rather than not found.
    await expect(client.getKvStreamIds()).rejects.toMatchObject({ name: "HttpRequestError" });
    await expect(createPublicClient({ chain: zgGalileo, transport: noNetwork }).extend(kvActions()).getKvStreamIds()).rejects.toMatchObject({ code: 2504 });
    await expect(client.getKvValue({ streamId: "0x1", key: "k" })).rejects.toMatchObject({ code: 2500 });
  });

  it("checks parameters before asking anything", async () => {
    const target = { kv: "http://127.0.0.1:1/kv" };
    await expect(getKvValue(target, { streamId: "0x12", key: "k" })).rejects.toMatchObject({ code: 2500 });
    await expect(getKvValue(target, { streamId: toStreamId("x"), key: "" })).rejects.toMatchObject({ code: 2501 });
    await expect(getKvValue(target, { streamId: toStreamId("x"), key: "k", version: -1 })).rejects.toThrow(/Invalid parameter "version"/);
    expect(() => iterateKv(target, { streamId: toStreamId("x"), limit: 0 })).toThrow(/Invalid parameter "limit"/);
    expect(() => iterateKv(target, { streamId: toStreamId("x"), from: "" })).toThrow(expect.objectContaining({ code: 2501 }));
    expect(() => iterateKv(target, { streamId: "0x" })).toThrow(expect.objectContaining({ code: 2500 }));
    // An empty range asks nothing at all.
    const empty: unknown[] = [];
    for await (const entry of iterateKv(target, { streamId: toStreamId("x"), from: "b", to: "a" })) empty.push(entry);
    expect(empty).toEqual([]);
  });
});
