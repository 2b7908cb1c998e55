import { InvalidParameterError } from "@0g/core";
import { chunkSize, segmentChunks } from "../constants.js";

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InvalidParameterError({ name, value, expected: "a non-negative safe integer" });
}

/** The smallest power of two `>= n` (1 for n <= 1). */
export function nextPow2(n: number): number {
  if (n <= 1) return 1;
  return 2 ** Math.ceil(Math.log2(n));
}

/**
 * Chunks of a file of `size` bytes: `ceil(size / 256)`; the last partial chunk is zero-filled.
 *
 * @example
 * chunkCount(700_000); // 2735
 */
export function chunkCount(size: number): number {
  assertCount("size", size);
  return Math.ceil(size / chunkSize);
}

/**
 * The number of chunks 0G merkleizes and charges for (`computePaddedSize` in 0G's SDKs,
 * `compute_padded_chunk_size` in the node): a power of two stays as is; otherwise the count is
 * rounded up to a multiple of `nextPow2(chunks) / 16` (or of 1 below 16 chunks).
 *
 * @example
 * paddedChunkCount(2735); // 2816
 */
export function paddedChunkCount(chunks: number): number {
  assertCount("chunks", chunks);
  const np2 = nextPow2(chunks);
  if (np2 === chunks) return chunks;
  const minChunk = np2 >= 16 ? np2 / 16 : 1;
  return Math.ceil(chunks / minChunk) * minChunk;
}

/**
 * Heights of the submission nodes of `paddedChunks` chunks (`splitNodes`): the padded count split
 * greedily into strictly decreasing powers of two, `2^height` chunks each.
 *
 * @example
 * submissionNodeHeights(2816); // [11, 9, 8]
 */
export function submissionNodeHeights(paddedChunks: number): number[] {
  assertCount("paddedChunks", paddedChunks);
  const heights: number[] = [];
  let rest = paddedChunks;
  let height = Math.floor(Math.log2(Math.max(rest, 1)));
  while (rest > 0) {
    // Math.log2 can be off by one for huge values; correct it before using the power.
    while (2 ** height > rest) height--;
    while (2 ** (height + 1) <= rest) height++;
    heights.push(height);
    rest -= 2 ** height;
    height--;
  }
  return heights;
}

/**
 * Segments (1024 chunks each, the last possibly shorter) that `chunks` chunks span:
 * `ceil(chunks / 1024)`. Pass the padded chunk count for the leaves of the file tree (what proofs
 * are over), the data chunk count for the segments an uploader sends.
 *
 * @example
 * segmentCount(2816); // 3
 */
export function segmentCount(chunks: number): number {
  assertCount("chunks", chunks);
  return Math.ceil(chunks / segmentChunks);
}

/** Everything the padding rules derive from a file size, in one object. */
export type FileLayout = {
  /** File size in bytes. */
  size: number;
  /** Data chunks, `ceil(size / 256)`. */
  chunks: number;
  /** Chunks merkleized and paid for (`computePaddedSize`). */
  paddedChunks: number;
  /** Leaves of the file tree: segments of the padded data. */
  segments: number;
  /** Segments holding file data: the ones an uploader sends (`ceil(size / 262144)`). */
  dataSegments: number;
  /** Heights of the submission nodes, strictly decreasing. */
  nodeHeights: number[];
};

/**
 * Derives the layout of a file of `size` bytes.
 *
 * @example
 * fileLayout(700_000); // { chunks: 2735, paddedChunks: 2816, segments: 3, dataSegments: 3, nodeHeights: [11, 9, 8], ... }
 */
export function fileLayout(size: number): FileLayout {
  const chunks = chunkCount(size);
  const paddedChunks = paddedChunkCount(chunks);
  return {
    size,
    chunks,
    paddedChunks,
    segments: segmentCount(paddedChunks),
    dataSegments: segmentCount(chunks),
    nodeHeights: submissionNodeHeights(paddedChunks),
  };
}
