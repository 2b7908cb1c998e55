import { InvalidParameterError } from "@0g/core";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bytesOf, startDevnet, type TestDevnet } from "../test/devnet.js";
import { FileExistsError, FileNotFoundError, SegmentUnavailableError, StorageEndpointNotFoundError, TransferAbortedError } from "../transfer/errors.js";
import { download } from "./download.js";
import { getFileInfo } from "./getFileInfo.js";
import { upload } from "./upload.js";

// Integration tests against a devnet: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const shards = [0, 1, 0, 1].map((shardId) => ({ shardId, numShard: 2 }));
let env: TestDevnet;
let dir: string;
/** A 5-segment file stored twice (replicas 2) on two shard groups: every segment on two nodes of its shard. */
const data = bytesOf(1_200_000, 5);
let root: `0x${string}`;
let txSeq: number;
beforeAll(async () => {
  env = await startDevnet({ storage: { shards } });
  dir = await mkdtemp(join(tmpdir(), "0g-download-test-"));
  ({ root, txSeq } = await upload(env.wallet(1), { data, replicas: 2 }));
});
afterAll(async () => {
  await env.devnet.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => env.devnet.storage.clearFaults());

describe("download", () => {
  it("(replicas 2 across shards: every node of both shard groups finalized the file)", async () => {
    for (let i = 0; i < 4; i++)
      expect(await env.devnet.storage.request(i, { method: "zgs_getFileInfoByTxSeq", params: [txSeq] })).toMatchObject({ finalized: true });
  });

  it("by root or txSeq, from a client, an indexer URL or node URLs", async () => {
    expect((await download(env.wallet(1), { root })).data).toEqual(data);
    expect(await download(env.wallet(1), { txSeq })).toMatchObject({ root, txSeq, size: data.length });
    expect((await download({ indexer: env.devnet.storage.indexerUrl }, { root })).data).toEqual(data);
    expect((await download({ nodes: [env.devnet.storage.nodes[2]!.url, env.devnet.storage.nodes[3]!.url] }, { root })).data).toEqual(data);
    await expect(download({}, { root })).rejects.toThrow(StorageEndpointNotFoundError);
    await expect(download(env.wallet(1), { root: "0x1234" as `0x${string}` })).rejects.toThrow(InvalidParameterError);
  });

  it("verifies every segment: corrupted copies are skipped for the good replica", async () => {
    // One corrupted node per shard: whichever copy is tried first, the good one is found.
    env.devnet.storage.corrupt(0, root);
    env.devnet.storage.corrupt(1, root);
    for (let i = 0; i < 3; i++) expect((await download(env.wallet(1), { root, concurrency: 2 })).data).toEqual(data);
  });

  it("withheld segments are fetched from another replica", async () => {
    env.devnet.storage.withhold(2, root);
    env.devnet.storage.withhold(3, root);
    expect((await download(env.wallet(1), { root })).data).toEqual(data);
  });

  it("every replica corrupted: SegmentUnavailableError naming each node's answer; a partial file is removed", async () => {
    for (let i = 0; i < 4; i++) env.devnet.storage.corrupt(i, root);
    const out = join(dir, "corrupt.bin");
    const error = await download(env.wallet(1), { root, to: { path: out } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentUnavailableError);
    const { attempts, code } = error as SegmentUnavailableError;
    expect(code).toBe(2111);
    expect(attempts).toHaveLength(2);
    for (const a of attempts) expect(a.reason).toMatch(/^invalid segment \(proof-/);
    expect(existsSync(out)).toBe(false);

    env.devnet.storage.clearFaults();
    for (let i = 0; i < 4; i++) env.devnet.storage.withhold(i, root);
    const withheld = (await download(env.wallet(1), { root }).catch((e: unknown) => e)) as SegmentUnavailableError;
    expect(withheld).toBeInstanceOf(SegmentUnavailableError);
    expect(withheld.attempts.map((a) => a.reason)).toEqual(["the node does not have the segment", "the node does not have the segment"]);
  });

  it("an unknown root or txSeq is FileNotFoundError", async () => {
    const unknown = `0x${"ab".repeat(32)}` as const;
    await expect(download(env.wallet(1), { root: unknown })).rejects.toThrow(FileNotFoundError);
    await expect(download(env.wallet(1), { txSeq: 10_000 })).rejects.toMatchObject({ code: 2110, txSeq: 10_000 });
  });

  it("never overwrites a file unless asked", async () => {
    const out = join(dir, "kept.bin");
    await writeFile(out, "mine");
    await expect(download(env.wallet(1), { root, to: { path: out } })).rejects.toThrow(FileExistsError);
    expect(await readFile(out, "utf8")).toBe("mine");
    await download(env.wallet(1), { root, to: { path: out }, overwrite: true });
    expect(new Uint8Array(await readFile(out))).toEqual(data);
  });

  it("aborts with TransferAbortedError", async () => {
    env.devnet.storage.setLatency(0, 200);
    env.devnet.storage.setLatency(1, 200);
    env.devnet.storage.setLatency(2, 200);
    env.devnet.storage.setLatency(3, 200);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("enough")), 50);
    await expect(download(env.wallet(1), { root, signal: controller.signal })).rejects.toThrow(TransferAbortedError);
  });

  it("reports progress in stored bytes and segments", async () => {
    const events: { bytes: number; segments: number }[] = [];
    await download(env.wallet(1), { root, onProgress: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ segments: 0, totalSegments: 5, bytes: 0, totalBytes: data.length });
    expect(events.at(-1)).toMatchObject({ segments: 5, bytes: data.length });
  });
});

describe("getFileInfo", () => {
  it("what every node knows, and whether the finalized nodes cover every segment", async () => {
    const info = await getFileInfo(env.wallet(1), { root });
    expect(info).toMatchObject({ root, txSeq, size: data.length, segments: 5, finalized: true });
    expect(info.nodes).toHaveLength(4);
    for (const node of info.nodes) expect(node.info).toMatchObject({ finalized: true, tx: { seq: txSeq, dataMerkleRoot: root } });
    expect((await getFileInfo({ indexer: env.devnet.storage.indexerUrl }, { txSeq })).root).toBe(root);
    await expect(getFileInfo(env.wallet(1), { root: `0x${"cd".repeat(32)}` })).rejects.toThrow(FileNotFoundError);
  });
});
