/**
 * An independent TypeScript reference of 0G's flow, for the tests: the SDKs' padding rules (which
 * submission nodes a file becomes), the Flow's placement rules, the flow tree root recomputed from
 * scratch, merkle proofs, and the Mine's recall position and PoRA output. It shares no code with the
 * contracts: the tree is computed top-down from the list of placed nodes, not from a frontier.
 *
 * Not a test file itself (it has no `describe`); the node:test suites import it.
 */
import { type Hex, concat, encodeAbiParameters, hexToBigInt, keccak256, numberToHex, toHex, zeroHash as zero32 } from "viem";

export const BYTES_PER_SECTOR = 256;
export const SECTORS_PER_SEGMENT = 1024;

/** keccak256 of two 32-byte words, i.e. `keccak256(abi.encode(left, right))`. */
export function hashPair(left: Hex, right: Hex): Hex {
  return keccak256(concat([left, right]));
}

/** `zeroHashes[h]`: the root of `2^h` all-zero sectors. */
export const zeroHashes: Hex[] = (() => {
  const out: Hex[] = [keccak256(new Uint8Array(BYTES_PER_SECTOR))];
  for (let h = 1; h <= 64; h++) out.push(hashPair(out[h - 1]!, out[h - 1]!));
  return out;
})();

/** `computePaddedSize` of the SDKs (0G protocol notes §1.2): the chunk count the file is merkleized as. */
export function paddedChunks(chunks: number): number {
  let np2 = 1;
  while (np2 < chunks) np2 *= 2;
  if (np2 === chunks) return chunks;
  const minChunk = np2 >= 16 ? np2 / 16 : 1;
  return Math.ceil(chunks / minChunk) * minChunk;
}

/** The submission node heights of a file of `bytes` bytes: its padded chunks split greedily into powers of two. */
export function nodeHeights(bytes: number): number[] {
  const padded = paddedChunks(Math.ceil(bytes / BYTES_PER_SECTOR));
  const heights: number[] = [];
  for (let h = 52; h >= 0; h--) if (Math.floor(padded / 2 ** h) % 2 === 1) heights.push(h);
  return heights;
}

/** The root of a complete binary tree over `leaves` (a power-of-two count). */
export function completeRoot(leaves: Hex[]): Hex {
  let level = leaves;
  while (level.length > 1) {
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hashPair(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

interface PlacedNode {
  start: number;
  height: number;
  root: Hex;
  /** The leaf hashes, when the test knows the data (for proofs). */
  leaves?: Hex[] | undefined;
  /** The sectors, when the test knows the data (for PoRA answers). */
  sectors?: Uint8Array[] | undefined;
}

export interface NodeInput {
  height: number;
  root: Hex;
  sectors?: Uint8Array[] | undefined;
}

/** A flow rebuilt from the submissions, recomputing everything from the node list. */
export class FlowReference {
  /** Sector count; sector 0 is reserved. */
  length = 1;
  readonly nodes: PlacedNode[] = [];

  /** Places a submission's nodes as 0G does and returns the first node's position. */
  submit(nodes: NodeInput[]): number {
    const size = nodes.reduce((sum, node) => sum + 2 ** node.height, 0);
    const align = 2 ** nodes[0]!.height;
    let start = Math.ceil(this.length / align) * align;
    const segmentOffset = start % SECTORS_PER_SEGMENT;
    if (
      segmentOffset !== 0 &&
      Math.floor(start / SECTORS_PER_SEGMENT) !== Math.floor((start + size - 1) / SECTORS_PER_SEGMENT)
    ) {
      start += SECTORS_PER_SEGMENT - segmentOffset;
    }
    let position = start;
    for (const node of nodes) {
      if (position % 2 ** node.height !== 0) throw new Error("unaligned node");
      const leaves = node.sectors?.map((sector) => keccak256(sector));
      this.nodes.push({ start: position, height: node.height, root: node.root, leaves, sectors: node.sectors });
      position += 2 ** node.height;
    }
    this.length = position;
    return start;
  }

  /** The tree height: the smallest k with 2^k >= length. */
  get height(): number {
    let k = 0;
    while (2 ** k < this.length) k++;
    return k;
  }

  /** The root of the subtree at `level` with index `index`, from the node list. */
  subtree(level: number, index: number): Hex {
    const start = index * 2 ** level;
    const end = start + 2 ** level;
    if (start >= this.length) return zeroHashes[level]!;
    if (level === 0 && index === 0) return zero32; // the reserved sector's leaf
    const inside = this.nodes.find((node) => node.start <= start && end <= node.start + 2 ** node.height);
    if (inside !== undefined) {
      if (inside.height === level) return inside.root;
      if (inside.leaves === undefined) throw new Error(`no data below node at ${inside.start}`);
      const from = start - inside.start;
      return completeRoot(inside.leaves.slice(from, from + 2 ** level));
    }
    const overlaps = start === 0 || this.nodes.some((node) => node.start < end && start < node.start + 2 ** node.height);
    if (!overlaps) return zeroHashes[level]!;
    return hashPair(this.subtree(level - 1, 2 * index), this.subtree(level - 1, 2 * index + 1));
  }

  root(): Hex {
    return this.subtree(this.height, 0);
  }

  /** The sector at `position` (zeros in gaps; undefined where the test does not know the data). */
  sector(position: number): Uint8Array | undefined {
    const node = this.nodes.find((n) => n.start <= position && position < n.start + 2 ** n.height);
    if (node === undefined) return position === 0 ? undefined : new Uint8Array(BYTES_PER_SECTOR);
    return node.sectors?.[position - node.start];
  }

  /** The PoRA merkle proof of `position`: the sibling at each level, bottom-up. */
  proof(position: number): Hex[] {
    const siblings: Hex[] = [];
    for (let level = 0; level < this.height; level++) {
      siblings.push(this.subtree(level, Math.floor(position / 2 ** level) ^ 1));
    }
    return siblings;
  }
}

/** The Mine's recall position: `uint256(keccak256(abi.encode(contextDigest, minerId, nonce))) % flowLength`. */
export function recallPosition(contextDigest: Hex, minerId: Hex, nonce: Hex, flowLength: bigint): bigint {
  const seed = keccak256(
    encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }], [contextDigest, minerId, nonce]),
  );
  return hexToBigInt(seed) % flowLength;
}

/** The PoRA output: `keccak256(abi.encodePacked(contextDigest, nonce, minerId, sector))`. */
export function poraOutput(contextDigest: Hex, nonce: Hex, minerId: Hex, sector: Uint8Array): Hex {
  return keccak256(concat([contextDigest, nonce, minerId, toHex(sector)]));
}

/** Folds a PoRA proof the way the Mine does. */
export function foldProof(sector: Uint8Array, position: bigint, proof: Hex[]): Hex {
  let node = keccak256(sector);
  proof.forEach((sibling, level) => {
    node = (position >> BigInt(level)) & 1n ? hashPair(sibling, node) : hashPair(node, sibling);
  });
  return node;
}

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32 pseudo-random bytes as hex. */
export function randomHash(next: () => number): Hex {
  return keccak256(numberToHex(BigInt(Math.floor(next() * 2 ** 52)) * 2n ** 52n + BigInt(Math.floor(next() * 2 ** 52))));
}

/** `n` pseudo-random bytes. */
export function randomBytes(next: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}
