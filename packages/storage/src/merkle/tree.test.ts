import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import { emptyChunkHash } from "../constants.js";
import { randomBytes, refTree } from "../test/reference.js";
import { loadKeccak } from "./keccak.js";
import { checkProof, merkleLevels, merkleRoot, proofFor, proofPosition, verifyProof, zeroHashes } from "./tree.js";

const keccak = await loadKeccak();
const leavesOf = (n: number, seed = n) => Array.from({ length: n }, (_, i) => randomBytes(32, seed * 1000 + i + 1));
const packed = (leaves: Uint8Array[]) => {
  const out = new Uint8Array(leaves.length * 32);
  leaves.forEach((l, i) => out.set(l, i * 32));
  return out;
};

describe("promotion tree", () => {
  it("matches the reference for 1 to 70 leaves (hex and packed input)", () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n);
      const expected = bytesToHex(refTree(leaves));
      expect(merkleRoot(keccak, packed(leaves))).toBe(expected);
      expect(merkleRoot(keccak, leaves.map((l) => bytesToHex(l)))).toBe(expected);
      const levels = merkleLevels(keccak, packed(leaves));
      expect(bytesToHex(levels[levels.length - 1]!)).toBe(expected);
    }
  });

  it("moves an odd node up unchanged (not duplicated, not zero-filled)", () => {
    const [a, b, c] = leavesOf(3);
    expect(merkleRoot(keccak, packed([a!, b!, c!]))).toBe(bytesToHex(keccak.hashPair(keccak.hashPair(a!, b!), c!)));
  });

  it("has zeroHashes[d] = root of 2^d empty chunks", () => {
    expect(zeroHashes).toHaveLength(64);
    expect(zeroHashes[0]).toBe(emptyChunkHash);
    for (let d = 0; d <= 10; d++) {
      const leaves = new Uint8Array(2 ** d * 32);
      for (let i = 0; i < 2 ** d; i++) leaves.set(keccak.hash(new Uint8Array(256)), i * 32);
      expect(merkleRoot(keccak, leaves), `depth ${d}`).toBe(zeroHashes[d]);
    }
    for (let d = 1; d < 64; d++) expect(zeroHashes[d]).toBe(merkleRoot(keccak, [zeroHashes[d - 1]!, zeroHashes[d - 1]!]));
  });
});

describe("proofs", () => {
  it("round-trip for every leaf of trees of 1 to 40 leaves", () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = leavesOf(n);
      const levels = merkleLevels(keccak, packed(leaves));
      const root = bytesToHex(levels[levels.length - 1]!);
      for (let i = 0; i < n; i++) {
        const proof = proofFor(levels, i);
        expect(proof.lemma[0]).toBe(n === 1 ? root : bytesToHex(leaves[i]!));
        expect(proof.lemma[proof.lemma.length - 1]).toBe(root);
        expect(proofPosition(proof.path, n)).toEqual({ position: i });
        expect(verifyProof(keccak, { root, leaf: leaves[i]!, index: i, numLeaves: n, proof })).toBe(true);
        if (n > 1) {
          expect(verifyProof(keccak, { root, leaf: leaves[i]!, index: (i + 1) % n, numLeaves: n, proof })).toBe(false);
          expect(verifyProof(keccak, { root, leaf: leaves[(i + 1) % n]!, index: i, numLeaves: n, proof })).toBe(false);
        }
      }
    }
  });

  it("uses 0G's format: path[i] is true for a left child; single leaf is [root], []", () => {
    const leaves = leavesOf(3);
    const levels = merkleLevels(keccak, packed(leaves));
    expect(proofFor(levels, 0).path).toEqual([true, true]);
    expect(proofFor(levels, 1).path).toEqual([false, true]);
    expect(proofFor(levels, 2).path).toEqual([false]); // promoted at level 0: one sibling only
    const single = merkleLevels(keccak, packed(leavesOf(1)));
    expect(proofFor(single, 0)).toEqual({ lemma: [bytesToHex(leavesOf(1)[0]!)], path: [] });
  });

  it("reports the node's reasons", () => {
    const leaves = leavesOf(5);
    const levels = merkleLevels(keccak, packed(leaves));
    const root = bytesToHex(levels[levels.length - 1]!);
    const proof = proofFor(levels, 3);
    const base = { root, leaf: leaves[3]!, index: 3, numLeaves: 5, proof };
    expect(checkProof(keccak, base)).toEqual({ ok: true });
    expect(checkProof(keccak, { ...base, proof: { lemma: proof.lemma.slice(1), path: proof.path } })).toMatchObject({ reason: "format" });
    expect(checkProof(keccak, { ...base, index: 2 })).toEqual({ ok: false, reason: "position", message: "wrong position: proof_pos=3 provided=2" });
    expect(checkProof(keccak, { ...base, numLeaves: 2 })).toMatchObject({ reason: "position", message: expect.stringMatching(/^Proof path too long/) });
    const tampered = { lemma: [...proof.lemma], path: proof.path };
    tampered.lemma[1] = bytesToHex(randomBytes(32, 99));
    expect(checkProof(keccak, { ...base, proof: tampered })).toEqual({ ok: false, reason: "hash", message: "validation failed" });
    expect(checkProof(keccak, { ...base, root: bytesToHex(randomBytes(32, 98)) })).toMatchObject({ reason: "root", message: expect.stringMatching(/^root mismatch, proof_root=\[\d+, /) });
    expect(checkProof(keccak, { ...base, leaf: randomBytes(32, 97) })).toMatchObject({ reason: "leaf" });
  });

  it("computes positions like 0G's calculateProofPosition", () => {
    expect(proofPosition([false], 5)).toEqual({ position: 4 });
    expect(proofPosition([true, false, true], 5)).toEqual({ position: 2 });
    expect(proofPosition([false, false], 3).error).toBe("Proof path too long for a tree size: path=[false, false], size=3");
    expect(proofPosition([true], 3).error).toBe("Proof path too short for a tree size: path=[true], size=3");
  });
});
