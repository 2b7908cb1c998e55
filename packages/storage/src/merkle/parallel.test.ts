import { afterAll, describe, expect, it } from "vitest";
import { MerkleWorkerError } from "../errors.js";
import { randomBytes } from "../test/reference.js";
import { officialRoot } from "../test/sdk.js";
import { createFileMerkleBuilder } from "./file.js";
import { loadKeccak } from "./keccak.js";
import * as browser from "./parallel.browser.js";
import * as node from "./parallel.node.js";
import { fileMerkle } from "./source.js";

const keccak = await loadKeccak();
const MiB = 1024 * 1024;
const sequential = (data: Uint8Array) => createFileMerkleBuilder(keccak).update(data).finish();

async function* pieces(data: Uint8Array, sizes: number[]) {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.subarray(offset, offset + n);
    offset += n;
  }
}

afterAll(() => node.terminateMerkleWorkers());

describe("worker threads", () => {
  it("hash files at and above the threshold with the same roots, nodes and proofs", async () => {
    for (const size of [4 * MiB, 4 * MiB + 1, 9 * MiB + 777, 16 * MiB, 20 * MiB + 300]) {
      const data = randomBytes(size, size);
      const ours = await fileMerkle(data);
      const expected = sequential(data);
      expect(ours.root, `size ${size}`).toBe(expected.root);
      expect(ours.nodes).toEqual(expected.nodes);
      expect(ours.segmentRootBytes).toEqual(expected.segmentRootBytes);
      expect(ours.segmentProof(ours.segments - 1)).toEqual(expected.segmentProof(expected.segments - 1));
    }
  }, 60_000);

  it("agree with the official SDK", async () => {
    const data = randomBytes(6 * MiB + 4321, 8);
    expect((await fileMerkle(data)).root).toBe(await officialRoot(data));
  }, 60_000);

  it("hash streams with odd piece sizes, any number of workers", async () => {
    const data = randomBytes(13 * MiB + 5, 2);
    const expected = sequential(data).root;
    for (const workers of [1, 2, 3]) {
      expect((await fileMerkle(pieces(data, [1, 262_143, 999_999, 77, 3 * MiB]), { workers })).root).toBe(expected);
    }
    const blob = new Blob([data.slice()]);
    expect((await fileMerkle(blob)).root).toBe(expected);
    expect((await fileMerkle(blob, { workers: false })).root).toBe(expected);
  }, 60_000);

  it("hash small streams on the calling thread", async () => {
    const data = randomBytes(3 * MiB, 4);
    expect((await fileMerkle(pieces(data, [65_536]))).root).toBe(sequential(data).root);
  });

  it("report a worker that dies as MerkleWorkerError", async () => {
    const data = randomBytes(12 * MiB, 6);
    async function* dying() {
      yield data.subarray(0, 9 * MiB);
      await new Promise((r) => setTimeout(r, 20));
      await node.terminateMerkleWorkers();
      yield data.subarray(9 * MiB);
    }
    const error = await fileMerkle(dying()).catch((e: unknown) => e);
    // Either a task was in flight when the workers stopped, or the next task found them stopped.
    expect(error).toBeInstanceOf(MerkleWorkerError);
    // The next file starts new workers.
    expect((await fileMerkle(data)).root).toBe(sequential(data).root);
  }, 60_000);

  it("idle workers exit after a second; the next file (or a pool held across the pause) gets new ones", async () => {
    const data = randomBytes(5 * MiB, 8);
    const root = sequential(data).root;
    expect((await fileMerkle(data)).root).toBe(root);
    await new Promise((r) => setTimeout(r, 1300));
    expect((await fileMerkle(data)).root).toBe(root);
    // A download's hasher keeps hashing across an idle pause.
    const hasher = node.createSegmentHasher(2);
    const slot = await hasher.acquire();
    hasher.view(slot).set(data.subarray(0, 262_144));
    const first = await hasher.root(slot);
    await new Promise((r) => setTimeout(r, 1300));
    expect(await hasher.root(slot)).toEqual(first);
    hasher.release(slot);
  }, 30_000);

  it("the browser stand-in has the same exports and never uses workers", async () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    expect(browser.workersAvailable).toBe(false);
    await expect(browser.terminateMerkleWorkers()).resolves.toBeUndefined();
  });
});
