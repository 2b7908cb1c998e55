import { InvalidParameterError } from "@0g/core";
import { chunkSize, segmentChunks, segmentSize } from "../constants.js";
import { keccakWasmBytes, wasmLayout } from "./keccak-wasm.js";

/**
 * A synchronous keccak256 hasher for merkle work. Get one with {@link loadKeccak}; after that
 * promise resolves, every method is synchronous. Outputs are fresh arrays unless `out` is given.
 */
export type Keccak = {
  /** keccak256 of `data`. */
  hash(data: Uint8Array): Uint8Array;
  /** keccak256(left ‖ right) of two 32-byte hashes: an inner node of a merkle tree. */
  hashPair(left: Uint8Array, right: Uint8Array): Uint8Array;
  /**
   * Leaf hashes of the 256-byte chunks of `data`, packed 32 bytes each (a partial last chunk is
   * zero-filled first). Writes into `out` when given (it needs `32 * ceil(len / 256)` bytes).
   */
  hashChunks(data: Uint8Array, out?: Uint8Array): Uint8Array;
  /**
   * One level up a promotion tree: hashes the pairs of consecutive 32-byte `nodes` (packed); an odd
   * last node moves up unchanged. Returns the `ceil(n / 2)` parents, packed (into `out` when given;
   * `out` may be `nodes` itself).
   */
  hashLevel(nodes: Uint8Array, out?: Uint8Array): Uint8Array;
  /**
   * The root of the promotion tree over the chunk leaves of `data` (at most 1024 chunks, a partial
   * last chunk zero-filled), with empty-chunk leaves appended up to `leafCount`: a segment root.
   */
  chunksRoot(data: Uint8Array, leafCount?: number): Uint8Array;
};

type Exports = {
  memory: WebAssembly.Memory;
  chunks(input: number, count: number, output: number): void;
  pairs(input: number, count: number, output: number): void;
  absorb(state: number, input: number, blocks: number): void;
};

let compiling: Promise<WebAssembly.Module> | undefined;
let loading: Promise<Keccak> | undefined;

/** The compiled batch-hasher module (compiled once); worker threads instantiate it too. */
export function keccakModule(): Promise<WebAssembly.Module> {
  compiling ??= WebAssembly.compile(keccakWasmBytes() as Uint8Array<ArrayBuffer>).catch((error: unknown) => {
    compiling = undefined;
    throw error;
  });
  return compiling;
}

/**
 * Compiles the keccak256 WebAssembly module once (cached) and returns the synchronous
 * {@link Keccak}. Works in Node and browsers; the module is generated in code, nothing is fetched.
 *
 * @example
 * const keccak = await loadKeccak();
 * keccak.hash(new Uint8Array(256)); // keccak256 of an empty chunk
 */
export function loadKeccak(): Promise<Keccak> {
  loading ??= keccakModule()
    .then((module) => WebAssembly.instantiate(module))
    .then((instance) => wrap(instance.exports as unknown as Exports))
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

function wrap({ memory, chunks, pairs, absorb }: Exports): Keccak {
  const mem = new Uint8Array(memory.buffer);
  const { input, leaves, state, block } = wasmLayout;
  const blocksPerCall = Math.floor(segmentSize / 136);
  mem.fill(0, input, input + chunkSize);
  chunks(input, 1, leaves);
  const emptyLeaf = mem.slice(leaves, leaves + 32);

  /** Writes the leaves of `data` (<= 1024 chunks) at `leaves`; returns the chunk count. */
  const leavesOf = (data: Uint8Array): number => {
    const n = Math.ceil(data.length / chunkSize);
    mem.set(data, input);
    mem.fill(0, input + data.length, input + n * chunkSize);
    chunks(input, n, leaves);
    return n;
  };

  return {
    hash(data) {
      mem.fill(0, state, state + 200);
      const full = Math.floor(data.length / 136);
      let offset = 0;
      for (let done = 0; done < full; ) {
        const k = Math.min(blocksPerCall, full - done);
        mem.set(data.subarray(offset, offset + k * 136), input);
        absorb(state, input, k);
        done += k;
        offset += k * 136;
      }
      mem.fill(0, block, block + 136);
      mem.set(data.subarray(offset), block);
      mem[block + data.length - offset]! ^= 0x01;
      mem[block + 135]! ^= 0x80;
      absorb(state, block, 1);
      return mem.slice(state, state + 32);
    },
    hashPair(left, right) {
      mem.set(left.subarray(0, 32), input);
      mem.set(right.subarray(0, 32), input + 32);
      pairs(input, 1, input);
      return mem.slice(input, input + 32);
    },
    hashChunks(data, out) {
      const n = Math.ceil(data.length / chunkSize);
      const result = out ?? new Uint8Array(n * 32);
      for (let first = 0; first < n; first += segmentChunks) {
        const k = leavesOf(data.subarray(first * chunkSize, (first + segmentChunks) * chunkSize));
        result.set(mem.subarray(leaves, leaves + k * 32), first * 32);
      }
      return out ? result.subarray(0, n * 32) : result;
    },
    hashLevel(nodes, out) {
      const n = nodes.length >>> 5;
      const parents = (n + 1) >>> 1;
      const result = out ?? new Uint8Array(parents * 32);
      const perCall = segmentSize / 64;
      // Batches go front to back; a batch writes only below where later batches read.
      for (let first = 0; first < n >>> 1; first += perCall) {
        const k = Math.min(perCall, (n >>> 1) - first);
        mem.set(nodes.subarray(first * 64, (first + k) * 64), input);
        pairs(input, k, input);
        result.set(mem.subarray(input, input + k * 32), first * 32);
      }
      if (n % 2 === 1) result.set(nodes.subarray((n - 1) * 32, n * 32), (parents - 1) * 32);
      return out ? result.subarray(0, parents * 32) : result;
    },
    chunksRoot(data, leafCount) {
      const count = Math.max(Math.ceil(data.length / chunkSize), leafCount ?? 0);
      if (count === 0 || count > segmentChunks)
        throw new InvalidParameterError({ name: "leafCount", value: count, expected: `1 to ${segmentChunks} chunks` });
      const n = leavesOf(data);
      for (let i = n; i < count; i++) mem.set(emptyLeaf, leaves + i * 32);
      for (let width = count; width > 1; ) {
        const half = width >>> 1;
        pairs(leaves, half, leaves);
        if (width % 2 === 1) mem.copyWithin(leaves + half * 32, leaves + (width - 1) * 32, leaves + width * 32);
        width = half + (width % 2);
      }
      return mem.slice(leaves, leaves + 32);
    },
  };
}
