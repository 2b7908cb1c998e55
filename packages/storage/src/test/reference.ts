// An independent, deliberately plain re-implementation of 0G's merkle rules with @noble/hashes, for
// tests only. It shares no code with src/merkle: every rule is re-derived from 0g-protocol.md §1.2-1.3.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "viem";

const CHUNK = 256;
const SEGMENT_CHUNKS = 1024;

export function refPaddedChunks(chunks: number): number {
  let np2 = 1;
  while (np2 < chunks) np2 *= 2;
  if (np2 === chunks) return chunks;
  const min = np2 >= 16 ? np2 / 16 : 1;
  return Math.ceil(chunks / min) * min;
}

export function refSplitNodes(padded: number): number[] {
  let np2 = 1;
  while (np2 < padded) np2 *= 2;
  const heights: number[] = [];
  let rest = padded;
  for (let size = np2; rest > 0; size /= 2)
    if (rest >= size) {
      rest -= size;
      heights.push(Math.log2(size));
    }
  return heights;
}

/** Promotion tree: pair up, carry an odd last node up unchanged. */
export function refTree(leaves: Uint8Array[]): Uint8Array {
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) next.push(level[i]!);
      else {
        const pair = new Uint8Array(64);
        pair.set(level[i]!);
        pair.set(level[i + 1]!, 32);
        next.push(keccak_256(pair));
      }
    }
    level = next;
  }
  return level[0]!;
}

export function refLeaves(padded: Uint8Array): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  for (let o = 0; o < padded.length; o += CHUNK) leaves.push(keccak_256(padded.subarray(o, o + CHUNK)));
  return leaves;
}

export type RefMerkle = { root: string; nodes: { root: string; height: number }[]; segmentRoots: string[] };

export function refFileMerkle(data: Uint8Array): RefMerkle {
  const chunks = Math.ceil(data.length / CHUNK);
  const padded = refPaddedChunks(chunks);
  const bytes = new Uint8Array(padded * CHUNK);
  bytes.set(data);
  const leaves = refLeaves(bytes);
  const segmentRoots: Uint8Array[] = [];
  for (let s = 0; s < leaves.length; s += SEGMENT_CHUNKS) segmentRoots.push(refTree(leaves.slice(s, s + SEGMENT_CHUNKS)));
  const nodes: { root: string; height: number }[] = [];
  let offset = 0;
  for (const height of refSplitNodes(padded)) {
    nodes.push({ root: bytesToHex(refTree(leaves.slice(offset, offset + 2 ** height))), height });
    offset += 2 ** height;
  }
  return { root: bytesToHex(refTree(segmentRoots)), nodes, segmentRoots: segmentRoots.map((r) => bytesToHex(r)) };
}

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
export function randomBytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}
