import { InvalidParameterError } from "@0g/core";
import { bytesToHex, type Hex } from "viem";
import { chunkSize, segmentChunks } from "../constants.js";
import type { Keccak } from "./keccak.js";
import { zeroHashes } from "./tree.js";

const emptyLeaf = /*#__PURE__*/ hexBytes(zeroHashes[0]!);

/**
 * The root of one segment: the promotion tree over the leaf hashes of the 256-byte chunks of `data`
 * (a partial last chunk is zero-filled). When `leafCount` is larger than the chunks in `data`,
 * empty-chunk leaves are appended: the rear padding that uploaders do not send (what the node's
 * `calculate_segment_merkle_root` re-adds).
 *
 * @example
 * segmentRoot(keccak, lastSegmentData, 768); // data of 700 chunks + 68 padding leaves
 */
export function segmentRoot(keccak: Keccak, data: Uint8Array, leafCount?: number): Hex {
  return bytesToHex(segmentRootBytes(keccak, data, leafCount));
}

/** {@link segmentRoot} returning bytes. */
export function segmentRootBytes(keccak: Keccak, data: Uint8Array, leafCount?: number): Uint8Array {
  return keccak.chunksRoot(data, leafCount);
}

/** The packed leaf hashes of a segment, rear padding included (see {@link segmentRoot}). */
export function segmentLeaves(keccak: Keccak, data: Uint8Array, leafCount?: number): Uint8Array {
  const chunks = Math.ceil(data.length / chunkSize);
  const leaves = Math.max(chunks, leafCount ?? 0);
  if (leaves === 0 || leaves > segmentChunks)
    throw new InvalidParameterError({
      name: "leafCount",
      value: leaves,
      expected: `a segment of 1 to ${segmentChunks} chunks`,
    });
  const packed = new Uint8Array(leaves * 32);
  keccak.hashChunks(data, packed.subarray(0, chunks * 32));
  for (let i = chunks; i < leaves; i++) packed.set(emptyLeaf, i * 32);
  return packed;
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16);
  return bytes;
}
