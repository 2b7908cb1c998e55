import { Batcher, getFlowContract, Indexer, KvClient, type UploadOption } from "@0gfoundation/0g-ts-sdk";
import { encodeStreamData, streamTags, toStreamId, upload } from "@0g/storage";
import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { b64, blind, startKvDevnet, utf8, type KvTestNet } from "./test-helpers.js";

// 0G's official storage SDK (@0gfoundation/0g-ts-sdk 1.2.8, ethers 6) against the devnet's KV
// node: its Batcher writes (a Flow submission tagged with the streams, uploaded to nodes the
// indexer selects), its KvClient and KvIterator read back. Its known bugs against 0G's own node
// are not emulated: `isAdmin` calls `kv_IsAdmin` (no such method) and `getTransactionResult`
// sends the seq as a string (invalid params), and `KvClient.getValue` asks for the next chunk of a
// value larger than one query (256 KiB) at the length of the base64 it has so far, not of the
// bytes (so 0G's node answers "start index is greater than value length", or the wrong bytes for
// values over 341 KiB); all fail here as they fail against 0G's node.

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let net: KvTestNet;
let signer: ConstructorParameters<typeof Batcher>[2]["runner"];
beforeAll(async () => {
  if (!process.env.SDK_LOGS) vi.spyOn(console, "log").mockImplementation(() => {}); // the SDK logs every step
  net = await startKvDevnet();
  signer = new ethers.Wallet(net.devnet.accounts[1]!.privateKey, new ethers.JsonRpcProvider(net.rpcUrl, undefined, { staticNetwork: true })) as never;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await net.devnet.stop();
});

const stream = toStreamId("official-sdk");
const bigStream = toStreamId("official-sdk/big");
const big = Uint8Array.from({ length: 300 * 1024 + 3 }, (_, i) => (i * 31 + (i >> 9)) & 0xff);
/** Upload options of our own: `Batcher.exec()` without them writes its tags into the SDK's shared defaults. */
const options = (): UploadOption => ({ tags: "0x", finalityRequired: true, taskSize: 1, expectedReplica: 1, skipTx: false, skipIfFinalized: false, fee: 0n }) as UploadOption;

/** A Batcher as 0G's examples build one: nodes from the indexer, Flow from the first node's status. */
async function batcher(): Promise<Batcher> {
  const [nodes, error] = await new Indexer(net.devnet.storage.indexerUrl).selectNodes(1);
  expect(error).toBeNull();
  const status = await nodes[0]!.getStatus();
  const flow = getFlowContract(status!.networkIdentity.flowAddress, signer as never);
  return new Batcher(Number.MAX_SAFE_INTEGER, nodes, flow, net.rpcUrl);
}

describe("@0gfoundation/0g-ts-sdk 1.2.8 Batcher, KvClient and KvIterator", () => {
  let first = 0;
  let second = 0;

  it("writes with the Batcher; the devnet commits it", async () => {
    const b = await batcher();
    for (const [key, value] of [["b", "2"], ["a", "1"], ["c", "3"], ["d", "4"]] as const) b.streamDataBuilder.set(stream, utf8(key), utf8(value));
    b.streamDataBuilder.set(bigStream, utf8("big"), big);
    const [result, error] = await b.exec(options());
    expect(error).toBeNull();
    first = (result as unknown as { txSeq: number }).txSeq;
    expect(await net.devnet.storage.kv.waitForTransaction(first)).toBe("Commit");
    expect(await net.devnet.storage.kv.request({ method: "kv_isAdmin", params: [net.address(1), stream] })).toBe(true);

    // A second batch deletes "c" (an empty value) and overwrites "a".
    const b2 = await batcher();
    b2.streamDataBuilder.set(stream, utf8("c"), new Uint8Array());
    b2.streamDataBuilder.set(stream, utf8("a"), utf8("one"));
    const [result2, error2] = await b2.exec(options());
    expect(error2).toBeNull();
    second = (result2 as unknown as { txSeq: number }).txSeq;
    expect(await net.devnet.storage.kv.waitForTransaction(second)).toBe("Commit");
  });

  it("reads values with KvClient.getValue, at the latest and an earlier version, across query chunks", async () => {
    const client = new KvClient(net.devnet.storage.kv.url);
    expect(await client.getValue(stream, utf8("a"))).toEqual({ data: b64("one"), size: 3, version: second });
    expect(await client.getValue(stream, utf8("a"), first)).toEqual({ data: b64("1"), size: 1, version: first });
    expect(await client.getValue(stream, utf8("missing"))).toEqual({ data: "", size: 0, version: 0 });
    expect(await client.hasWritePermission(net.address(2) as never, stream, utf8("a"))).toBe(false);
    expect(await client.isWriterOfStream(net.address(1) as never, stream)).toBe(false);
    expect(await client.getHoldingStreamIds()).toEqual([stream, bigStream].sort());
  });

  it("iterates with KvIterator, skipping the deleted key, both ways and from a key", async () => {
    const client = new KvClient(net.devnet.storage.kv.url);
    const iterator = client.newIterator(stream);
    const seen: string[] = [];
    expect(await iterator.seekToFirst()).toBeNull();
    while (iterator.valid()) {
      const pair = iterator.getCurrentPair()!;
      seen.push(`${Buffer.from(pair.key).toString()}:${pair.size}`);
      expect(await iterator.next()).toBeNull();
    }
    expect(seen).toEqual(["a:3", "b:1", "d:1"]);

    expect(await iterator.seekToLast()).toBeNull();
    expect(Buffer.from(iterator.getCurrentPair()!.key).toString()).toBe("d");
    expect(await iterator.prev()).toBeNull();
    expect(Buffer.from(iterator.getCurrentPair()!.key).toString()).toBe("b");
    // seekAfter and seekBefore query inclusively: from the deleted "c" they land on "d" and "b"
    // (0G's node would loop forever on the deleted key here; see rpc.ts).
    expect(await iterator.seekAfter(utf8("c"))).toBeNull();
    expect(iterator.getCurrentPair()).toMatchObject({ data: b64("4"), version: first });
    expect(await iterator.seekBefore(utf8("c"))).toBeNull();
    expect(Buffer.from(iterator.getCurrentPair()!.key).toString()).toBe("b");

    // At the first batch's version "c" is still there.
    const old = client.newIterator(stream, first);
    await old.seekAfter(utf8("c"));
    expect(old.getCurrentPair()).toMatchObject({ data: b64("3"), version: first });
  });

  it("reads what @0g/storage wrote", async () => {
    const data = encodeStreamData({ version: blind, reads: [], writes: [{ streamId: stream, key: utf8("from-kit"), value: utf8("hello") }], controls: [] });
    const { txSeq } = await upload(net.wallet(1), { data, tags: streamTags([stream]), skipIfFinalized: false, resumeLookback: 0n });
    expect(await net.devnet.storage.kv.waitForTransaction(txSeq)).toBe("Commit");
    expect(await new KvClient(net.devnet.storage.kv.url).getValue(stream, utf8("from-kit"))).toEqual({ data: b64("hello"), size: 5, version: txSeq });
  });

  it("fails on the SDK's own bugs, as against 0G's node", async () => {
    const client = new KvClient(net.devnet.storage.kv.url);
    await expect(client.isAdmin(net.address(1) as never, stream)).rejects.toThrow(/Method not found/);
    await expect(client.getTransactionResult(first)).rejects.toThrow(/invalid type: string/);
    await expect(client.getValue(bigStream, utf8("big"))).rejects.toThrow(/Invalid params: start_index/);
    // The value is whole on the node: read in byte ranges it comes back exact.
    const head = await client.get(bigStream, utf8("big"), 0, 256 * 1024);
    const tail = await client.get(bigStream, utf8("big"), 256 * 1024, 256 * 1024);
    expect(Buffer.concat([Buffer.from(head!.data, "base64"), Buffer.from(tail!.data, "base64")])).toEqual(Buffer.from(big));
  });
});
