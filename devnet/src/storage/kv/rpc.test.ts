import { encodeStreamData, streamTags, toStreamId, upload, type KeyValueSegment } from "@0g/storage";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ProviderRpcError } from "../../chain/rpc-error.js";
import { DevnetStoppedError, KvNodeStoppedError, KvWaitTimeoutError } from "../../errors.js";
import { b64, blind, fromB64, startKvDevnet, utf8, type KvTestNet } from "./test-helpers.js";

// The kv_* JSON-RPC of the devnet's KV node over HTTP: reads at versions, iteration over deleted
// keys, ranges of large values, jsonrpsee's errors, and the node's faults and snapshots.

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let net: KvTestNet;
beforeAll(async () => {
  net = await startKvDevnet();
});
afterAll(() => net.devnet.stop());

const stream = toStreamId("rpc/main");
const put = (key: string, value: string | Uint8Array) => ({ streamId: stream, key: utf8(key), value: typeof value === "string" ? utf8(value) : value });
const pairOf = (r: { result?: unknown }) => {
  const p = r.result as KeyValueSegment | null;
  return p && { key: Buffer.from(fromB64(p.key)).toString(), data: Buffer.from(fromB64(p.data)).toString(), version: p.version };
};

describe("reads", () => {
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  beforeAll(async () => {
    await net.write(1, utf8("not a KV transaction"), { streams: [] });
    v1 = (await net.write(1, { writes: [put("a", "a1"), put("b", "b1"), put("c", "c1"), put("d", "d1")] })).txSeq;
    v2 = (await net.write(1, { writes: [put("b", ""), put("a", "a2")] })).txSeq;
    v3 = (await net.write(1, { writes: [put("d", ""), put("e", "e3")] })).txSeq;
  });

  it("reads a key as of a version (missing or null: the latest)", async () => {
    expect((await net.rpc("kv_getValue", [stream, b64("a"), 0, 10, v1])).result).toEqual({ version: v1, data: b64("a1"), size: 2 });
    expect((await net.rpc("kv_getValue", [stream, b64("a"), 0, 10, v2])).result).toEqual({ version: v2, data: b64("a2"), size: 2 });
    expect((await net.rpc("kv_getValue", [stream, b64("a"), 0, 10, null])).result).toEqual({ version: v2, data: b64("a2"), size: 2 });
    expect((await net.rpc("kv_getValue", [stream, b64("a"), 0, 10, v1 - 1])).result).toEqual({ version: 0, data: "", size: 0 });
    // A deleted key: its deletion's version, no data.
    expect((await net.rpc("kv_getValue", [stream, b64("b"), 0, 10])).result).toEqual({ version: v2, data: "", size: 0 });
    // len 0: no data, the whole size.
    expect((await net.rpc("kv_getValue", [stream, b64("a"), 0, 0])).result).toEqual({ version: v2, data: "", size: 2 });
    expect((await net.rpc("kv_getValue", [toStreamId("rpc/none"), b64("a"), 0, 10])).result).toEqual({ version: 0, data: "", size: 0 });
  });

  it("iterates in byte order, skipping deleted keys, at any version", async () => {
    const walk = async (version?: number) => {
      const keys: string[] = [];
      const v = version === undefined ? [] : [version];
      let p = pairOf(await net.rpc("kv_getFirst", [stream, 0, 10, ...v]));
      while (p) {
        keys.push(`${p.key}=${p.data}`);
        p = pairOf(await net.rpc("kv_getNext", [stream, b64(p.key), 0, 10, false, ...v]));
      }
      return keys;
    };
    expect(await walk(v1)).toEqual(["a=a1", "b=b1", "c=c1", "d=d1"]);
    expect(await walk(v2)).toEqual(["a=a2", "c=c1", "d=d1"]);
    expect(await walk()).toEqual(["a=a2", "c=c1", "e=e3"]);
    expect(pairOf(await net.rpc("kv_getLast", [stream, 0, 10, v2]))).toEqual({ key: "d", data: "d1", version: v1 });
    expect(pairOf(await net.rpc("kv_getLast", [stream, 0, 10]))).toEqual({ key: "e", data: "e3", version: v3 });
    expect(pairOf(await net.rpc("kv_getPrev", [stream, b64("e"), 0, 10, false]))).toEqual({ key: "c", data: "c1", version: v1 });
    expect(pairOf(await net.rpc("kv_getPrev", [stream, b64("c"), 0, 10, true]))).toEqual({ key: "c", data: "c1", version: v1 });
    expect(pairOf(await net.rpc("kv_getPrev", [stream, b64("c"), 0, 10, false]))).toEqual({ key: "a", data: "a2", version: v2 });
    // From a deleted key, inclusive (0G's node would loop on it forever; see rpc.ts).
    expect(pairOf(await net.rpc("kv_getNext", [stream, b64("b"), 0, 10, true]))).toEqual({ key: "c", data: "c1", version: v1 });
    expect(pairOf(await net.rpc("kv_getNext", [stream, b64("bb"), 0, 10, true]))).toEqual({ key: "c", data: "c1", version: v1 });
    expect((await net.rpc("kv_getNext", [stream, b64("e"), 0, 10, false])).result).toBeNull();
    expect((await net.rpc("kv_getPrev", [stream, b64("a"), 0, 10, false])).result).toBeNull();
    expect((await net.rpc("kv_getFirst", [toStreamId("rpc/none"), 0, 10])).result).toBeNull();
  });

  it("serves a value larger than one query in ranges (start, len)", async () => {
    const big = Uint8Array.from({ length: 300 * 1024 + 7 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
    const { txSeq } = await net.write(1, { writes: [put("big", big)] });
    const first = (await net.rpc("kv_getValue", [stream, b64("big"), 0, 256 * 1024])).result as { data: string; size: number; version: number };
    expect(first.size).toBe(big.length);
    expect(first.version).toBe(txSeq);
    const rest = (await net.rpc("kv_getValue", [stream, b64("big"), 256 * 1024, 256 * 1024])).result as { data: string };
    expect(Buffer.concat([fromB64(first.data), fromB64(rest.data)])).toEqual(Buffer.from(big));
    const middle = (await net.rpc("kv_getNext", [stream, b64("b"), 1000, 5, false])).result as KeyValueSegment;
    expect(middle).toEqual({ version: txSeq, key: b64("big"), data: b64(big.subarray(1000, 1005)), size: big.length });
    expect((await net.rpc("kv_getValue", [stream, b64("big"), big.length, 10])).result).toEqual({ version: txSeq, data: "", size: big.length });
  });

  it("answers status, progress, holding streams and results", async () => {
    expect((await net.rpc("kv_getStatus")).result).toBe(true);
    expect((await net.rpc("kv_getStatus", [])).result).toBe(true);
    expect((await net.rpc("kv_getReplayProgress")).result).toEqual(net.devnet.storage.kv.replayProgress());
    expect((await net.rpc("kv_getHoldingStreamIds")).result).toEqual([stream]);
    expect(net.devnet.storage.kv.holdingStreamIds()).toEqual([stream]);
    expect((await net.rpc("kv_getTransactionResult", [v3])).result).toBe("Commit");
  });
});

describe("errors, as jsonrpsee and 0G's node answer", () => {
  const invalid = (message: string, data?: string) => ({ error: { code: -32602, message, ...(data === undefined ? {} : { data }) } });

  it("checks the query length, the key and the range", async () => {
    expect(await net.rpc("kv_getValue", [stream, b64("a"), 0, 256 * 1024 + 1])).toEqual(invalid("Invalid params: len", "query length too large"));
    expect(await net.rpc("kv_getFirst", [stream, 0, 256 * 1024 + 1])).toEqual(invalid("Invalid params: len", "query length too large"));
    expect(await net.rpc("kv_getValue", [stream, "", 0, 10])).toEqual(invalid("Invalid params: key", "key is empty"));
    expect(await net.rpc("kv_getNext", [stream, "", 0, 10, true])).toEqual(invalid("Invalid params: key", "key is empty"));
    expect(await net.rpc("kv_isSpecialKey", [stream, ""])).toEqual(invalid("Invalid params: key", "key is empty"));
    expect(await net.rpc("kv_getValue", [stream, b64("a"), 3, 10])).toEqual(
      invalid("Invalid params: start_index", "start index is greater than value length"),
    );
  });

  it("rejects params that do not deserialize with serde's text", async () => {
    const h256 = "a (both 0x-prefixed or not) hex string or byte array containing 32 bytes";
    expect(await net.rpc("kv_getValue", ["0x1234", b64("a"), 0, 10])).toEqual(invalid(`invalid length 4, expected ${h256}`));
    expect(await net.rpc("kv_getValue", [stream, "!!!!", 0, 10])).toEqual(invalid("Invalid byte 33, offset 0."));
    expect(await net.rpc("kv_getValue", [stream, b64("a"), "0", 10])).toEqual(invalid('invalid type: string "0", expected u64'));
    expect(await net.rpc("kv_getValue", [stream, b64("a"), 0])).toEqual(invalid("No more params"));
    expect(await net.rpc("kv_isAdmin", [12, stream])).toEqual(
      invalid("invalid type: integer `12`, expected a (both 0x-prefixed or not) hex string or byte array containing 20 bytes"),
    );
    expect(await net.rpc("kv_getNext", [stream, b64("a"), 0, 10, "yes"])).toEqual(invalid('invalid type: string "yes", expected a boolean'));
    // The official TS SDK's getTransactionResult sends the seq as a string.
    expect(await net.rpc("kv_getTransactionResult", ["3"])).toEqual(invalid('invalid type: string "3", expected u64'));
  });

  it("answers unknown methods (the SDK's kv_IsAdmin among them) with -32601, and batches", async () => {
    expect(await net.rpc("kv_IsAdmin", [net.address(1), stream])).toEqual({ error: { code: -32601, message: "Method not found" } });
    const res = await fetch(net.kvUrl, {
      method: "POST",
      body: JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "kv_getStatus" },
        { jsonrpc: "2.0", id: 2, method: "kv_getValue", params: [stream, b64("a"), 0, 10] },
        { jsonrpc: "2.0", id: 3, method: "zgs_getStatus" },
      ]),
    });
    expect(await res.json()).toEqual([
      { jsonrpc: "2.0", id: 1, result: true },
      { jsonrpc: "2.0", id: 2, result: { version: expect.any(Number), data: b64("a2"), size: 2 } },
      { jsonrpc: "2.0", id: 3, error: { code: -32601, message: "Method not found" } },
    ]);
  });

  it("throws ProviderRpcError in-process", async () => {
    await expect(net.devnet.storage.kv.request({ method: "kv_getValue", params: [stream, "", 0, 1] })).rejects.toMatchObject({
      constructor: ProviderRpcError,
      code: -32602,
      data: "key is empty",
    });
    expect(await net.devnet.storage.kv.request({ method: "kv_getValue", params: [stream, b64("a"), 0, 10] })).toMatchObject({ data: b64("a2") });
  });
});

describe("the node in the devnet", () => {
  it("is listed in devnet_info", async () => {
    expect(net.devnet.info().endpoints.kv).toBe(net.kvUrl);
    expect(net.devnet.storage.kv.url).toBe(net.kvUrl);
    expect(net.kvUrl).toBe(`${net.rpcUrl}/storage/kv`);
    const res = await fetch(net.rpcUrl, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "devnet_info" }) });
    expect(((await res.json()) as { result: { endpoints: { kv: string } } }).result.endpoints.kv).toBe(net.kvUrl);
  });

  it("stop(): its endpoint drops connections and it stops replaying; start() catches up", async () => {
    const kv = net.devnet.storage.kv;
    kv.stop();
    expect(kv.running).toBe(false);
    await expect(fetch(net.kvUrl, { method: "POST", body: "{}" })).rejects.toThrow();
    await expect(kv.request({ method: "kv_getStatus" })).rejects.toBeInstanceOf(KvNodeStoppedError);
    const before = kv.replayProgress().appliedSeq;
    const data = encodeStreamData({ version: blind, reads: [], writes: [put("while-stopped", "x")], controls: [] });
    const { txSeq } = await upload(net.wallet(1), { data, tags: streamTags([stream]), skipIfFinalized: false, resumeLookback: 0n });
    await expect(kv.waitForTransaction(txSeq, { timeout: 200 })).rejects.toBeInstanceOf(KvWaitTimeoutError);
    expect(kv.replayProgress().appliedSeq).toBe(before);
    kv.start();
    expect(await kv.waitForTransaction(txSeq)).toBe("Commit");
    expect((await net.rpc("kv_getValue", [stream, b64("while-stopped"), 0, 10])).result).toMatchObject({ data: b64("x") });
  });

  it("snapshots and reverts cover its state", async () => {
    const kv = net.devnet.storage.kv;
    const id = await net.devnet.snapshot();
    const progress = kv.replayProgress();
    const { txSeq, result } = await net.write(1, { writes: [put("a", "after-snapshot")], controls: [{ type: "grantWriter", streamId: stream, account: net.address(4) }] });
    expect(result).toBe("Commit");
    await net.devnet.revert(id);
    expect(kv.replayProgress()).toEqual(progress);
    expect((await net.rpc("kv_getValue", [stream, b64("a"), 0, 20])).result).toMatchObject({ data: b64("a2") });
    expect((await net.rpc("kv_getTransactionResult", [txSeq])).result).toBeNull();
    expect((await net.rpc("kv_isWriterOfStream", [net.address(4), stream])).result).toBe(false);
    // The same seq replays the new chain's tx.
    const again = await net.write(2, { writes: [put("a", "stranger")] });
    expect(again).toEqual({ txSeq, result: "SenderNoWritePermission" });
  });

  it("refuses calls after the devnet stopped", async () => {
    const other = await startKvDevnet({ accounts: 1 });
    await other.devnet.stop();
    await expect(other.devnet.storage.kv.request({ method: "kv_getStatus" })).rejects.toBeInstanceOf(DevnetStoppedError);
    expect(() => other.devnet.storage.kv.stop()).toThrow(DevnetStoppedError);
  });
});
