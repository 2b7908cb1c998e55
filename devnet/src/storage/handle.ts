import type { Hex } from "viem";
import type { StorageNode } from "./node.js";

/** The files a fault applies to: some roots, or every file. */
type FileSet = { all: boolean; roots: Set<Hex> };
const emptySet = (): FileSet => ({ all: false, roots: new Set() });

/**
 * A storage node as the network sees it: the node itself plus the faults the devnet injects at run
 * time (stopped, slow, serving corrupted bytes, withholding data). Faults are not chain state, so
 * snapshots and reverts leave them alone.
 */
export class NodeHandle {
  readonly node: StorageNode;
  running = true;
  latency = 0;
  #corrupt = emptySet();
  #withhold = emptySet();

  constructor(node: StorageNode) {
    this.node = node;
  }

  corrupt(root: Hex | undefined): void {
    if (root === undefined) this.#corrupt.all = true;
    else this.#corrupt.roots.add(root.toLowerCase() as Hex);
  }
  withhold(root: Hex | undefined): void {
    if (root === undefined) this.#withhold.all = true;
    else this.#withhold.roots.add(root.toLowerCase() as Hex);
  }
  clearFaults(): void {
    this.#corrupt = emptySet();
    this.#withhold = emptySet();
    this.latency = 0;
  }
  corrupts(root: Hex): boolean {
    return this.#corrupt.all || this.#corrupt.roots.has(root);
  }
  withholds(root: Hex): boolean {
    return this.#withhold.all || this.#withhold.roots.has(root);
  }
}

/** What a corrupting node serves: every chunk's first byte flipped, so data and proofs disagree. */
export function flipBytes(data: Uint8Array): Uint8Array {
  const out = data.slice();
  for (let i = 0; i < out.length; i += 256) out[i] = (out[i] ?? 0) ^ 0xff;
  return out;
}
