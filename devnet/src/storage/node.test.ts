import {
  fileMerkle,
  loadKeccak,
  merkleLevels,
  proofFor,
  segmentBytes,
  segmentRoot,
  toSegmentWithProof,
  type FileMerkle,
  type SegmentWithProof,
} from "@0g/storage";
import type { Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { NodeHandle } from "./handle.js";
import { StorageNode, type StoredTx } from "./node.js";
import { plainResult } from "../server/jsonrpc.js";
import { callNode } from "./node-rpc.js";

// Unit tests of one node's logic, without a chain: txs are applied by hand. The devnet tests
// (storage.test.ts) drive the same code through Flow and HTTP.

const flow = "0x00000000000000000000000000000000000F1000";
const bytesOf = (size: number, seed = 1) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed * 17 + (i >> 8)) & 0xff);

function txOf(merkle: FileMerkle, seq: number, startEntryIndex: number): StoredTx {
  return {
    seq,
    root: merkle.root,
    size: merkle.size,
    startEntryIndex,
    merkleNodes: merkle.nodes.map((n) => [n.height + 1, n.root] as const),
    blockNumber: 1,
  };
}

function nodeWith(shardId = 0, numShard = 1) {
  const node = new StorageNode({ index: 0, shard: { shardId, numShard }, chainId: 31337, flowAddress: flow, maxCacheFileSize: 10 * 1024 * 1024 });
  const handle = new NodeHandle(node);
  const call = async (method: string, ...params: unknown[]) => {
    const outcome = await callNode(handle, method, params);
    if (outcome.error) throw Object.assign(new Error(outcome.error.message), outcome.error);
    return plainResult(outcome.result); // segment data as base64 strings, as in-process callers get it
  };
  return { node, handle, call };
}

const wire = (merkle: FileMerkle, file: Uint8Array, index: number): SegmentWithProof => toSegmentWithProof(merkle, index, segmentBytes(file, index));

describe("StorageNode", () => {
  const small = bytesOf(700);
  const big = bytesOf(700_000, 2); // 3 segments, padded to 2816 chunks
  let smallMerkle: FileMerkle;
  let bigMerkle: FileMerkle;
  beforeAll(async () => {
    smallMerkle = await fileMerkle(small);
    bigMerkle = await fileMerkle(big);
  });

  it("reports status, shard config and FileInfo as 0G serializes them", async () => {
    const { node, call } = nodeWith(1, 2);
    node.applyTx(txOf(smallMerkle, 0, 1024));
    node.setSyncProgress(7, `0x${"ab".repeat(32)}`);
    expect(await call("zgs_getStatus")).toEqual({
      connectedPeers: 0,
      logSyncHeight: 7,
      logSyncBlock: `0x${"ab".repeat(32)}`,
      nextTxSeq: 1,
      networkIdentity: { chainId: 31337, flowAddress: flow.toLowerCase(), p2pProtocolVersion: { major: 0, minor: 4, build: 0 } },
    });
    expect(await call("zgs_getShardConfig")).toEqual({ shardId: 1, numShard: 2 });
    expect(await call("zgs_getFileInfo", smallMerkle.root, true)).toEqual({
      tx: {
        streamIds: [],
        data: [],
        dataMerkleRoot: smallMerkle.root,
        merkleNodes: smallMerkle.nodes.map((n) => [n.height + 1, n.root]),
        startEntryIndex: 1024,
        size: 700,
        seq: 0,
      },
      finalized: false,
      isCached: false,
      uploadedSegNum: 0,
      pruned: false,
    });
    expect(await call("zgs_getFileInfoByTxSeq", 5)).toBeNull();
    expect(await call("zgs_checkFileFinalized", 0)).toBe(false);
    expect(await call("zgs_checkFileFinalized", smallMerkle.root)).toBe(false);
    expect(await call("zgs_checkFileFinalized", 9)).toBeNull();
  });

  it("finalizes a file when all of its segments are stored, then refuses it", async () => {
    const { node, call } = nodeWith();
    node.applyTx(txOf(bigMerkle, 0, 0));
    await call("zgs_uploadSegmentsByTxSeq", [wire(bigMerkle, big, 0), wire(bigMerkle, big, 1)], 0);
    expect(await call("zgs_getFileInfoByTxSeq", 0)).toMatchObject({ finalized: false, uploadedSegNum: 2 });
    // A duplicate in the ByTxSeq batch form is skipped; alone it is an error.
    await call("zgs_uploadSegmentsByTxSeq", [wire(bigMerkle, big, 1)], 0);
    await expect(call("zgs_uploadSegmentByTxSeq", wire(bigMerkle, big, 1), 0)).rejects.toMatchObject({
      code: -32000,
      message: "segment has already been uploaded or is being uploaded",
    });
    await call("zgs_uploadSegment", wire(bigMerkle, big, 2));
    expect(await call("zgs_getFileInfo", bigMerkle.root, true)).toMatchObject({ finalized: true, uploadedSegNum: 3 });
    expect(await call("zgs_checkFileFinalized", bigMerkle.root)).toBe(true);
    await expect(call("zgs_uploadSegmentsByTxSeq", [wire(bigMerkle, big, 0)], 0)).rejects.toEqual(
      expect.objectContaining({ code: -32602, message: "Invalid params: root", data: "already uploaded and finalized" }),
    );
    // Downloads: chunk ranges relative to the file, across segments, the last one partial.
    const all = await call("zgs_downloadSegmentByTxSeq", 0, 1000, 1500);
    expect(Buffer.from(all as string, "base64")).toEqual(Buffer.from(big.subarray(1000 * 256, 1500 * 256)));
    const tail = Buffer.from((await call("zgs_downloadSegment", bigMerkle.root, 2048, 2735)) as string, "base64");
    expect(tail.length).toBe(687 * 256);
    expect(tail.subarray(0, 700_000 - 2048 * 256)).toEqual(Buffer.from(big.subarray(2048 * 256)));
    const withProof = (await call("zgs_downloadSegmentWithProofByTxSeq", 0, 2)) as SegmentWithProof;
    expect(withProof).toEqual(wire(bigMerkle, big, 2));
  });

  it("stores only its shard's segments (global index = startEntryIndex / 1024 + index)", async () => {
    // The tx starts at sector 1024, i.e. global segment 1: local segments 0 and 2 are global 1 and 3.
    const odd = nodeWith(1, 2);
    const even = nodeWith(0, 2);
    for (const { node } of [odd, even]) node.applyTx(txOf(bigMerkle, 0, 1024));
    const segments = [0, 1, 2].map((i) => wire(bigMerkle, big, i));
    await odd.call("zgs_uploadSegmentsByTxSeq", [segments[0], segments[2]], 0);
    await even.call("zgs_uploadSegmentsByTxSeq", [segments[1]], 0);
    expect(odd.node.isFinalized(0)).toBe(true);
    expect(even.node.isFinalized(0)).toBe(true);
    expect(await odd.call("zgs_downloadSegmentByTxSeq", 0, 0, 1024)).toBeTypeOf("string");
    expect(await odd.call("zgs_downloadSegmentByTxSeq", 0, 1024, 2048)).toBeNull();
    expect(await even.call("zgs_downloadSegmentByTxSeq", 0, 1024, 2048)).toBeTypeOf("string");
    expect(await even.call("zgs_downloadSegmentWithProofByTxSeq", 0, 0)).toBeNull();
    // A segment of the other shard is validated and accepted, but not kept.
    const both = nodeWith(1, 2);
    both.node.applyTx(txOf(bigMerkle, 0, 1024));
    await both.call("zgs_uploadSegmentsByTxSeq", segments, 0);
    expect(both.node.readSegment(0, 1)).toBeNull();
    expect(both.node.readSegment(0, 2)).not.toBeNull();
  });

  it("answers 0G's errors for wrong data, proofs, indices and sizes", async () => {
    const { node, call } = nodeWith();
    node.applyTx(txOf(bigMerkle, 0, 0));
    const good = wire(bigMerkle, big, 1);
    const flipped = Buffer.from(good.data, "base64");
    flipped.writeUInt8(flipped[5]! ^ 1, 5);
    const cases: [string, SegmentWithProof, object][] = [
      ["wrong data", { ...good, data: flipped.toString("base64") }, { code: -32000, message: expect.stringMatching(/^data hash mismatch/) }],
      ["wrong index", { ...good, index: 0 }, { code: -32000, message: "wrong position: proof_pos=1 provided=0" }],
      ["index out of bound", { ...good, index: 3 }, { code: -32602, message: "Invalid params: index", data: "index out of bound" }],
      [
        "a tampered proof",
        { ...good, proof: { ...good.proof, lemma: good.proof.lemma.map((h, i) => (i === 1 ? (`0x${"11".repeat(32)}` as Hex) : h)) } },
        { code: -32602, message: "Invalid params: proof", data: "validation failed" },
      ],
      ["a malformed proof", { ...good, proof: { lemma: [], path: [] } }, { code: -32602, message: "Invalid params: proof", data: "invalid proof" }],
      ["short data", { ...good, data: Buffer.alloc(512).toString("base64") }, { code: -32602, message: "Invalid params: data", data: "invalid data length" }],
      ["partial chunks", { ...good, data: Buffer.alloc(100).toString("base64") }, { code: -32000, message: "invalid data length" }],
      ["empty data", { ...good, data: "" }, { code: -32000, message: "data is empty" }],
      ["another file size", { ...good, fileSize: 1000 }, { code: -32602, message: "Invalid params: file_size", data: "segment file size not matched with tx file size" }],
    ];
    for (const [name, segment, error] of cases) {
      await expect(call("zgs_uploadSegmentByTxSeq", segment, 0), name).rejects.toEqual(expect.objectContaining(error));
    }
    await expect(call("zgs_uploadSegmentByTxSeq", wire(smallMerkle, small, 0), 0)).rejects.toMatchObject({
      code: -32603,
      message: "Internal error",
      data: "data root and tx seq not match",
    });
    expect(node.fileInfo(0)).toMatchObject({ uploadedSegNum: 0, finalized: false });
  });

  it("rejects a proof whose siblings in the rear padding are not zero subtrees", async () => {
    // 16385 chunks pad to 18432: 18 segments, the 18th all padding. A root built with a non-zero
    // 18th leaf verifies the hash chain, but the padding check must catch it.
    const keccak = await loadKeccak();
    const fileSize = 16_385 * 256;
    const data = bytesOf(256, 3);
    const leaves: Hex[] = Array.from({ length: 18 }, (_, i) => `0x${i.toString(16).padStart(64, "0")}` as Hex);
    leaves[16] = segmentRoot(keccak, data, 1024);
    const levels = merkleLevels(keccak, leaves);
    const root = levels.at(-1)!.subarray(0, 32);
    const segment = {
      root: `0x${Buffer.from(root).toString("hex")}` as Hex,
      data: Buffer.from(data).toString("base64"),
      index: 16,
      proof: proofFor(levels, 16),
      fileSize,
    };
    const { call } = nodeWith();
    await expect(call("zgs_uploadSegment", segment)).rejects.toEqual(
      expect.objectContaining({ code: -32602, message: "Invalid params: proof", data: "invalid proof node value in the padding range" }),
    );
  });

  it("caches segments uploaded before their tx syncs (up to 10 MiB) and writes them when it does", async () => {
    const { node, call } = nodeWith();
    await call("zgs_uploadSegment", wire(smallMerkle, small, 0));
    expect(await call("zgs_getFileInfo", smallMerkle.root, false)).toBeNull();
    node.applyTx(txOf(smallMerkle, 0, 0));
    expect(await call("zgs_getFileInfo", smallMerkle.root, true)).toMatchObject({ finalized: true, uploadedSegNum: 1 });

    const large = { ...wire(smallMerkle, small, 0), root: `0x${"77".repeat(32)}` as Hex, fileSize: 11 * 1024 * 1024 };
    await expect(call("zgs_uploadSegment", large)).rejects.toEqual(
      expect.objectContaining({ code: -32602, message: "Invalid params: file_size", data: "caching of large file when tx is unavailable is not supported" }),
    );
  });

  it("finalizes a resubmitted file from the data it already has", async () => {
    const { node, call } = nodeWith();
    node.applyTx(txOf(smallMerkle, 0, 0));
    await call("zgs_uploadSegment", wire(smallMerkle, small, 0));
    node.applyTx(txOf(smallMerkle, 1, 4));
    expect(await call("zgs_checkFileFinalized", 1)).toBe(true);
    expect(Buffer.from((await call("zgs_downloadSegmentByTxSeq", 1, 0, 3)) as string, "base64").subarray(0, 700)).toEqual(Buffer.from(small));
  });

  it("parses params like jsonrpsee and rejects unknown methods", async () => {
    const { handle } = nodeWith();
    const call = (method: string, params?: unknown) => callNode(handle, method, params);
    expect(await call("zgs_getFileInfo")).toEqual({ error: { code: -32602, message: "No more params" } });
    expect(await call("zgs_getFileInfo", ["0x12", true])).toMatchObject({ error: { code: -32602 } });
    expect(await call("zgs_getFileInfoByTxSeq", ["1"])).toEqual({ error: { code: -32602, message: 'invalid type: string "1", expected u64' } });
    expect(await call("zgs_downloadSegmentByTxSeq", [0, 5, 5])).toEqual({
      error: { code: -32602, message: "Invalid params: end_index", data: "invalid chunk index" },
    });
    expect(await call("zgs_downloadSegmentByTxSeq", [0, 0, 1025])).toEqual({
      error: { code: -32602, message: "Invalid params: end_index", data: "exceeds maximum chunks 1024" },
    });
    expect(await call("zgs_noSuchMethod", [])).toEqual({ error: { code: -32601, message: "Method not found" } });
  });

  it("snapshots and restores in O(1) without sharing later writes", async () => {
    const { node, call } = nodeWith();
    node.applyTx(txOf(bigMerkle, 0, 0));
    await call("zgs_uploadSegment", wire(bigMerkle, big, 0));
    const saved = node.snapshot();
    await call("zgs_uploadSegment", wire(bigMerkle, big, 1));
    await call("zgs_uploadSegment", wire(bigMerkle, big, 2));
    node.applyTx(txOf(smallMerkle, 1, 3072));
    expect(node.isFinalized(0)).toBe(true);
    node.restore(saved);
    expect(node.isFinalized(0)).toBe(false);
    expect(node.nextTxSeq).toBe(1);
    expect(node.fileInfo(0)).toMatchObject({ uploadedSegNum: 1 });
    await call("zgs_uploadSegment", wire(bigMerkle, big, 1));
    node.restore(saved);
    expect(node.fileInfo(0)).toMatchObject({ uploadedSegNum: 1 });
  });
});
