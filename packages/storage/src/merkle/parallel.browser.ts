// The browser build's stand-in for parallel.node.ts: no worker threads, no node:* imports.
import type { FileMerkle } from "./file.js";
import type { Keccak } from "./keccak.js";

export const parallelThreshold = Number.POSITIVE_INFINITY;

/** Whether this build can hash on worker threads. */
export const workersAvailable: boolean = false;

export type SegmentHasher = {
  acquire(): Promise<number>;
  release(slot: number): void;
  view(slot: number): Uint8Array;
  root(slot: number): Promise<Uint8Array>;
};

export function createSegmentHasher(_slots: number): SegmentHasher {
  throw new TypeError("Worker threads are not available in this build.");
}

/** Stops the merkle worker threads; browsers have none, so this does nothing. */
export async function terminateMerkleWorkers(): Promise<void> {}

export function parallelFileMerkle(_keccak: Keccak, _pieces: AsyncIterable<Uint8Array>, _workers: number): Promise<FileMerkle> {
  return Promise.reject(new TypeError("Worker threads are not available in this build."));
}
