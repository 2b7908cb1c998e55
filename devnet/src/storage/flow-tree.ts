import { zeroHashes, type Keccak } from "@0g/storage";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { StoredTx } from "./node.js";

/** A submission node placed in the flow: the root of sectors `[position, position + 2^height)`. */
export type FlowNode = { readonly position: number; readonly height: number; readonly root: Hex; readonly seq: number };

/** The flow positions of every submission node, in flow order (`merkleNodes` depth is height + 1). */
export function flowNodesOf(txs: readonly StoredTx[]): FlowNode[] {
  const nodes: FlowNode[] = [];
  for (const tx of txs) {
    let position = tx.startEntryIndex;
    for (const [depth, root] of tx.merkleNodes) {
      nodes.push({ position, height: depth - 1, root, seq: tx.seq });
      position += 2 ** (depth - 1);
    }
  }
  return nodes;
}

/** The number of levels of the flow tree over `length` sectors: `ceil(log2(length))`. */
export function flowTreeHeight(length: number): number {
  let k = 0;
  while (2 ** k < length) k++;
  return k;
}

const zero32 = new Uint8Array(32);

/**
 * The flow tree as Flow defines it at a given length: the complete binary tree over `2^k` sectors
 * (`k = ceil(log2(length))`) whose leaf 0 is `bytes32(0)`, whose submission nodes are the roots of
 * their subtrees, and whose every other subtree of height `h` is `zeroHashes[h]` (empty sectors).
 * Any subtree root outside the submission nodes comes from the node roots alone; a storage node adds
 * the levels inside a node from the data and file proofs it keeps.
 */
export class FlowTree {
  readonly length: number;
  readonly height: number;
  readonly #nodes: readonly FlowNode[];
  readonly #keccak: Keccak;
  readonly #memo = new Map<string, Uint8Array>();

  /** `nodes` in flow order; only those below `length` count. */
  constructor(keccak: Keccak, nodes: readonly FlowNode[], length: number) {
    this.#keccak = keccak;
    this.#nodes = nodes.filter((n) => n.position < length);
    this.length = length;
    this.height = flowTreeHeight(length);
  }

  root(): Hex {
    return bytesToHex(this.subtree(this.height, 0));
  }

  /** The submission node that holds sector `position`, if any. */
  nodeAt(position: number): FlowNode | undefined {
    const i = this.#firstEndingAfter(position);
    const node = this.#nodes[i];
    return node && node.position <= position ? node : undefined;
  }

  /** The root of the subtree at `level` with index `index` (sectors `[index * 2^level, (index + 1) * 2^level)`). */
  subtree(level: number, index: number): Uint8Array {
    const span = 2 ** level;
    const start = index * span;
    const end = start + span;
    if (start >= this.length) return hexToBytes(zeroHashes[level]!);
    const key = `${level}:${index}`;
    const known = this.#memo.get(key);
    if (known) return known;

    let value: Uint8Array;
    const i = this.#firstEndingAfter(start);
    const node = this.#nodes[i];
    const touchesNode = node !== undefined && node.position < end;
    if (node && node.position === start && node.height === level) value = hexToBytes(node.root);
    else if (node && node.position <= start && node.height > level)
      throw new RangeError(`flow subtree ${level}/${index} lies inside a submission node`);
    else if (!touchesNode && start !== 0) value = hexToBytes(zeroHashes[level]!);
    else if (level === 0) value = zero32; // sector 0: the reserved leaf
    else value = this.#keccak.hashPair(this.subtree(level - 1, 2 * index), this.subtree(level - 1, 2 * index + 1));
    this.#memo.set(key, value);
    return value;
  }

  /** Index of the first node whose range ends after `position`. */
  #firstEndingAfter(position: number): number {
    let lo = 0;
    let hi = this.#nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const n = this.#nodes[mid]!;
      if (n.position + 2 ** n.height <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
