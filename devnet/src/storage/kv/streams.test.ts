import { flowAbi, marketAbi } from "@0g/contracts";
import {
  encodeStreamData,
  fileMerkle,
  streamTags,
  submissionSectors,
  toStreamId,
  toSubmission,
  upload as uploadFile,
  type StreamData,
} from "@0g/storage";
import { decodeEventLog } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDevnet } from "../../create-devnet.js";
import { DevnetNotServedError, DevnetOptionError, KvNodeDisabledError } from "../../errors.js";
import { resolveStorageOptions } from "../options.js";
import { blind, startKvDevnet, utf8, type KvTestNet } from "./test-helpers.js";

// A KV node configured with `streams` and a short `downloadTimeout`: what it skips, what it
// rejects, how it waits for data that is not on the storage nodes, and the option checks.

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const [a, b, c] = [toStreamId("streams/a"), toStreamId("streams/b"), toStreamId("streams/c")];
const downloadTimeout = 1500;

let net: KvTestNet;
beforeAll(async () => {
  net = await startKvDevnet({ storage: { kv: { streams: [b, a], downloadTimeout } } });
});
afterAll(() => net.devnet.stop());

const write = (streamId: `0x${string}`, key = "k") => ({ writes: [{ streamId, key: utf8(key), value: utf8("v") }] });

/** Submits a KV transaction to Flow as account 1 without uploading its data; returns its tx seq. */
async function submitOnly(data: StreamData) {
  const bytes = encodeStreamData(data);
  const merkle = await fileMerkle(bytes);
  const { devnet } = net;
  const price = await devnet.publicClient.readContract({ address: devnet.contracts.market!, abi: marketAbi, functionName: "pricePerSector" });
  const hash = await net.wallet(1).writeContract({
    address: devnet.contracts.flow!,
    abi: flowAbi,
    functionName: "submit",
    args: [toSubmission(merkle, { submitter: net.address(1), tags: streamTags([a]) })],
    value: submissionSectors(merkle.nodes) * price,
  });
  const receipt = await devnet.publicClient.waitForTransactionReceipt({ hash });
  const log = receipt.logs.find((l) => l.address.toLowerCase() === devnet.contracts.flow!.toLowerCase())!;
  return { txSeq: Number(decodeEventLog({ abi: flowAbi, eventName: "Submit", data: log.data, topics: log.topics }).args.submissionIndex), root: merkle.root };
}

describe("a KV node holding some streams", () => {
  it("lists its streams", async () => {
    expect(net.devnet.storage.kv.holdingStreamIds()).toEqual([a, b].sort());
    expect((await net.rpc("kv_getHoldingStreamIds")).result).toEqual([a, b].sort());
  });

  it("skips transactions of other streams without a result", async () => {
    expect((await net.write(1, write(c))).result).toBeNull();
    expect((await net.write(1, { writes: [{ streamId: a, key: utf8("k"), value: utf8("v") }] }, { streams: [a, c] })).result).toBeNull();
    expect((await net.rpc("kv_getFirst", [a, 0, 10])).result).toBeNull();
    expect((await net.write(1, write(a))).result).toBe("Commit");
  });

  it("rejects a read of a stream it does not hold (TagsMismatch)", async () => {
    const { result } = await net.write(1, { reads: [{ streamId: c, key: utf8("k") }], ...write(a, "other") }, { streams: [a] });
    expect(result).toBe("TagsMismatch");
    // A read of a held stream outside the tags is fine.
    expect((await net.write(1, { reads: [{ streamId: b, key: utf8("k") }], ...write(a, "other") }, { streams: [a] })).result).toBe("Commit");
  });
});

describe("data the storage nodes do not serve", () => {
  it("records DownloadFailed after downloadTimeout, blocking the transactions after it meanwhile", async () => {
    const kv = net.devnet.storage.kv;
    const start = Date.now();
    const { txSeq } = await submitOnly({ version: blind, reads: [], writes: write(a, "lost").writes, controls: [] });
    const next = await uploadFile(net.wallet(1), {
      data: encodeStreamData({ version: blind, reads: [], writes: write(a, "after").writes, controls: [] }),
      tags: streamTags([a]),
      skipIfFinalized: false,
      resumeLookback: 0n,
    });
    expect(next.txSeq).toBe(txSeq + 1);
    if (Date.now() - start < downloadTimeout - 300) expect(kv.replayProgress().appliedSeq).toBe(txSeq);
    expect(await kv.waitForTransaction(txSeq)).toBe("DownloadFailed");
    expect(Date.now() - start).toBeGreaterThanOrEqual(downloadTimeout);
    expect(await kv.waitForTransaction(next.txSeq)).toBe("Commit");
    expect((await net.rpc("kv_getValue", [a, Buffer.from("lost").toString("base64"), 0, 10])).result).toEqual({ version: 0, data: "", size: 0 });
  });

  it("waits for data the nodes withhold and replays it once served", async () => {
    const kv = net.devnet.storage.kv;
    const upload = (index: number, streamId: `0x${string}`, key: string) =>
      uploadFile(net.wallet(index), {
        data: encodeStreamData({ version: blind, reads: [], writes: write(streamId, key).writes, controls: [] }),
        tags: streamTags([streamId]),
        skipIfFinalized: false,
        resumeLookback: 0n,
      });
    const data = encodeStreamData({ version: blind, reads: [], writes: write(a, "withheld").writes, controls: [] });
    const { root } = await fileMerkle(data);
    for (const node of net.devnet.storage.nodes) net.devnet.storage.withhold(node.index, root);
    const t0 = Date.now();
    const first = await upload(1, a, "withheld");
    const second = await upload(2, b, "k");
    // Both finalized on the nodes; the first's data is not served, so the node waits on it (unless
    // this machine took longer than the timeout to get here).
    if (Date.now() - t0 < downloadTimeout - 300) {
      expect(kv.replayProgress().appliedSeq).toBe(first.txSeq);
      expect((await net.rpc("kv_getTransactionResult", [second.txSeq])).result).toBeNull();
    }
    net.devnet.storage.clearFaults();
    expect(await kv.waitForTransaction(first.txSeq)).toBe("Commit");
    expect(await kv.waitForTransaction(second.txSeq)).toBe("Commit");
  });
});

describe("options and a devnet without a KV node", () => {
  it("checks the kv options", () => {
    const fails = (kv: unknown, option: string) => {
      expect(() => resolveStorageOptions({ kv } as never)).toThrow(DevnetOptionError);
      try {
        resolveStorageOptions({ kv } as never);
      } catch (e) {
        expect((e as DevnetOptionError).option).toBe(option);
      }
    };
    fails("yes", "storage.kv");
    fails({ streams: "0x12" }, "storage.kv.streams");
    fails({ streams: [a, "0x12"] }, "storage.kv.streams[1]");
    fails({ downloadTimeout: -1 }, "storage.kv.downloadTimeout");
    expect(resolveStorageOptions({})!.kv).toEqual({ streams: undefined, downloadTimeout: 30_000 });
    expect(resolveStorageOptions({ kv: false })!.kv).toBeUndefined();
    expect(resolveStorageOptions({ kv: { streams: [a.toUpperCase().replace("0X", "0x") as `0x${string}`, a] } })!.kv).toEqual({ streams: [a], downloadTimeout: 30_000 });
  });

  it("has no KV node with kv: false (nor with storage: false), and no URL before serve()", async () => {
    const devnet = await createDevnet({ accounts: 1, storage: { kv: false, nodes: 1, mining: false } });
    try {
      expect(devnet.storage.kv.enabled).toBe(false);
      expect(() => devnet.storage.kv.url).toThrow(KvNodeDisabledError);
      expect(() => devnet.storage.kv.replayProgress()).toThrow(KvNodeDisabledError);
      await expect(devnet.storage.kv.waitForTransaction(0)).rejects.toBeInstanceOf(KvNodeDisabledError);
      const { endpoints } = await devnet.serve({ port: 0 });
      expect(endpoints.kv).toBeUndefined();
      expect((await fetch(`${endpoints.rpc}/storage/kv`, { method: "POST", body: "{}" })).status).toBe(404);
    } finally {
      await devnet.stop();
    }
    const bare = await createDevnet({ accounts: 1, storage: false });
    expect(bare.storage.kv.enabled).toBe(false);
    await bare.stop();
    const unserved = await createDevnet({ accounts: 1, storage: { nodes: 1, mining: false } });
    expect(() => unserved.storage.kv.url).toThrow(DevnetNotServedError);
    expect(unserved.storage.kv.path).toBe("/storage/kv");
    await unserved.stop();
  });
});
