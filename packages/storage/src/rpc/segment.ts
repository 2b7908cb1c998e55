import { chunkSize, segmentChunks, segmentSize } from "../constants.js";
import type { FileMerkle } from "../merkle/file.js";
import type { VerifySegmentParameters } from "../merkle/verify.js";
import { SegmentIndexOutOfRangeError } from "../errors.js";
import { base64ToBytes, bytesToBase64 } from "./base64.js";
import type { SegmentWithProof } from "./types.js";

/**
 * The bytes of segment `index` that go on the wire, cut from the whole file: 262144 B, or for the
 * file's last data segment its chunks up to the end of the file (the partial last chunk
 * zero-filled; padding chunks are not sent).
 *
 * @example
 * segmentBytes(fileBytes, 2); // 700000-byte file: 699904 - 524288 = 175616 B
 */
export function segmentBytes(file: Uint8Array, index: number): Uint8Array {
  const chunks = Math.ceil(file.length / chunkSize);
  const dataSegments = Math.ceil(chunks / segmentChunks);
  if (!Number.isSafeInteger(index) || index < 0 || index >= dataSegments)
    throw new SegmentIndexOutOfRangeError({ index, segments: dataSegments });
  const start = index * segmentSize;
  const length = Math.min(segmentSize, (chunks - index * segmentChunks) * chunkSize);
  const available = file.subarray(start, Math.min(file.length, start + length));
  if (available.length === length) return available;
  const padded = new Uint8Array(length);
  padded.set(available);
  return padded;
}

/**
 * The `SegmentWithProof` an uploader sends (and a node serves) for segment `index` of a file whose
 * merkle tree is `merkle`; `data` is that segment's bytes (see {@link segmentBytes}).
 *
 * @example
 * const wire = toSegmentWithProof(merkle, 0, segmentBytes(fileBytes, 0));
 * await node.request({ method: "zgs_uploadSegmentsByTxSeq", params: [[wire], txSeq] });
 */
export function toSegmentWithProof(
  merkle: Pick<FileMerkle, "root" | "size" | "segmentProof">,
  index: number,
  data: Uint8Array,
): SegmentWithProof {
  return {
    root: merkle.root,
    data: bytesToBase64(data),
    index,
    proof: merkle.segmentProof(index),
    fileSize: merkle.size,
  };
}

/**
 * Decodes a wire `SegmentWithProof` into the parameters of `verifySegmentWithProof`.
 *
 * @example
 * verifySegmentWithProof(keccak, fromSegmentWithProof(wire));
 */
export function fromSegmentWithProof(segment: SegmentWithProof): VerifySegmentParameters {
  return {
    root: segment.root,
    data: base64ToBytes(segment.data),
    index: segment.index,
    proof: { lemma: [...segment.proof.lemma], path: [...segment.proof.path] },
    fileSize: segment.fileSize,
  };
}
