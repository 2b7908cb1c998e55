import { bytesToHex, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { fromSegmentWithProof, segmentBytes, toSegmentWithProof } from "../rpc/segment.js";
import { randomBytes } from "../test/reference.js";
import { createFileMerkleBuilder } from "./file.js";
import { loadKeccak } from "./keccak.js";
import { merkleLevels, proofFor } from "./tree.js";
import { verifySegmentWithProof, type VerifySegmentParameters } from "./verify.js";

const keccak = await loadKeccak();

function file(size: number, seed = 1) {
  const data = randomBytes(size, seed);
  const merkle = createFileMerkleBuilder(keccak).update(data).finish();
  const segment = (index: number): VerifySegmentParameters => ({
    root: merkle.root,
    data: segmentBytes(data, index),
    index,
    proof: merkle.segmentProof(index),
    fileSize: size,
  });
  return { data, merkle, segment };
}

const flip = (hex: Hex): Hex => `${hex.slice(0, -1)}${hex.endsWith("0") ? "1" : "0"}` as Hex;

describe("verifySegmentWithProof accepts", () => {
  for (const size of [1, 255, 256, 262_144, 262_145, 700_000, 16384 * 256 + 1, 9 * 262_144 + 300]) {
    it(`every data segment of a ${size}-byte file, through the wire format`, () => {
      const { merkle, data } = file(size, size);
      for (let i = 0; i < merkle.dataSegments; i++) {
        const wire = toSegmentWithProof(merkle, i, segmentBytes(data, i));
        const parsed = JSON.parse(JSON.stringify(wire)) as typeof wire;
        expect(verifySegmentWithProof(keccak, fromSegmentWithProof(parsed), { root: merkle.root, fileSize: size })).toEqual({ ok: true });
      }
    });
  }
});

describe("verifySegmentWithProof rejects", () => {
  const { merkle, segment } = file(700_000);
  const last = segment(2);
  const middle = segment(1);

  it("wrong data", () => {
    const data = middle.data.slice();
    data[100]! ^= 1;
    expect(verifySegmentWithProof(keccak, { ...middle, data })).toMatchObject({
      ok: false,
      reason: "proof-leaf",
      code: -32000,
      message: expect.stringMatching(/^data hash mismatch: leaf_hash=\[/),
    });
  });

  it("a wrong index", () => {
    expect(verifySegmentWithProof(keccak, { ...middle, index: 0 })).toEqual({
      ok: false,
      reason: "proof-position",
      code: -32000,
      message: "wrong position: proof_pos=1 provided=0",
    });
    expect(verifySegmentWithProof(keccak, { ...middle, index: 3 })).toEqual({
      ok: false,
      reason: "index-out-of-bound",
      code: -32602,
      message: "Invalid params: index",
      data: "index out of bound",
    });
  });

  it("a wrong root", () => {
    expect(verifySegmentWithProof(keccak, { ...middle, root: flip(merkle.root) })).toMatchObject({
      reason: "proof-root",
      code: -32000,
      message: expect.stringMatching(/^root mismatch, proof_root=/),
    });
    expect(verifySegmentWithProof(keccak, middle, { root: flip(merkle.root) })).toEqual({
      ok: false,
      reason: "root-mismatch",
      code: -32603,
      message: "Internal error",
      data: "data root and tx seq not match",
    });
  });

  it("a tampered lemma", () => {
    const lemma = [...middle.proof.lemma];
    lemma[1] = flip(lemma[1]!);
    expect(verifySegmentWithProof(keccak, { ...middle, proof: { lemma, path: middle.proof.path } })).toEqual({
      ok: false,
      reason: "proof-hash",
      code: -32602,
      message: "Invalid params: proof",
      data: "validation failed",
    });
    const path = middle.proof.path.map((p) => !p);
    expect(verifySegmentWithProof(keccak, { ...middle, proof: { lemma: middle.proof.lemma, path } }).ok).toBe(false);
    expect(verifySegmentWithProof(keccak, { ...middle, proof: { lemma: middle.proof.lemma.slice(1), path: middle.proof.path } })).toMatchObject({
      reason: "proof-format",
      data: "invalid proof",
    });
  });

  it("a wrong file size", () => {
    expect(verifySegmentWithProof(keccak, middle, { fileSize: 700_001 })).toEqual({
      ok: false,
      reason: "file-size-mismatch",
      code: -32602,
      message: "Invalid params: file_size",
      data: "segment file size not matched with tx file size",
    });
    // A size with another last-segment length: the data no longer fits.
    expect(verifySegmentWithProof(keccak, { ...last, fileSize: 600_000 })).toMatchObject({ reason: "data-length", data: "invalid data length" });
    // A size with the same chunks but another padding: the proof is over another number of segments.
    expect(verifySegmentWithProof(keccak, { ...segment(0), fileSize: 4 * 262_144 + 1 })).toMatchObject({ reason: "proof-position", message: expect.stringMatching(/^Proof path too short/) });
    expect(verifySegmentWithProof(keccak, { ...middle, fileSize: 0 })).toMatchObject({ reason: "empty-file", data: "file is empty" });
  });

  it("short, long, ragged and empty data", () => {
    expect(verifySegmentWithProof(keccak, { ...middle, data: middle.data.subarray(256) })).toMatchObject({ reason: "data-length", code: -32602, message: "Invalid params: data" });
    const long = new Uint8Array(last.data.length + 256);
    long.set(last.data);
    // The padding chunks of the last segment must not be sent.
    expect(verifySegmentWithProof(keccak, { ...last, data: long })).toMatchObject({ reason: "data-length" });
    expect(verifySegmentWithProof(keccak, { ...last, data: last.data.subarray(1) })).toEqual({ ok: false, reason: "data-length", code: -32000, message: "invalid data length" });
    expect(verifySegmentWithProof(keccak, { ...last, data: new Uint8Array(0) })).toEqual({ ok: false, reason: "empty-data", code: -32000, message: "data is empty" });
  });

  it("a non-zero sibling in the rear padding", () => {
    // 17 data segments, 18 padded: segment 17 is all padding, the sibling of segment 16.
    const big = file(16384 * 256 + 1, 5);
    const honest = big.segment(16);
    expect(honest.proof.lemma[1]).toBe(big.merkle.segmentRoot(17));
    expect(verifySegmentWithProof(keccak, honest)).toEqual({ ok: true });
    // A forged tree whose padding segment is not zero: the proof is self-consistent but must fail.
    const roots = big.merkle.segmentRootBytes.slice();
    roots.set(randomBytes(32, 77), 17 * 32);
    const levels = merkleLevels(keccak, roots);
    const forgedRoot = bytesToHex(levels[levels.length - 1]!);
    const forged = { ...honest, root: forgedRoot, proof: proofFor(levels, 16) };
    expect(verifySegmentWithProof(keccak, forged)).toEqual({
      ok: false,
      reason: "padding",
      code: -32602,
      message: "Invalid params: proof",
      data: "invalid proof node value in the padding range",
    });
  });
});
