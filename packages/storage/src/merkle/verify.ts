import { hexToBytes, type Hex } from "viem";
import { chunkSize, segmentChunks, segmentSize, segmentTreeDepth } from "../constants.js";
import type { Keccak } from "./keccak.js";
import { chunkCount, nextPow2, paddedChunkCount, segmentCount } from "./padding.js";
import { segmentRootBytes } from "./segment.js";
import { checkProof, equalBytes, zeroHashes, type MerkleProof } from "./tree.js";

/** A segment with its proof, as uploaded to (and downloaded from) a 0G storage node, with raw data. */
export type VerifySegmentParameters = {
  /** The file root the segment claims to belong to. */
  root: Hex;
  /** The segment's bytes: 262144 B, or for the file's last segment its chunks without the padding. */
  data: Uint8Array;
  /** The segment's index within the file. */
  index: number;
  /** The proof from the segment root to the file root. */
  proof: MerkleProof;
  /** The file size in bytes. */
  fileSize: number;
};

/** What the node knows from the Flow transaction; checked first, like the node does. */
export type VerifySegmentExpectations = {
  /** The transaction's `dataMerkleRoot`. */
  root?: Hex | undefined;
  /** The transaction's size in bytes. */
  fileSize?: number | undefined;
};

export type VerifySegmentOptions = {
  /**
   * The root of the segment's data when it was hashed elsewhere (downloads hash full segments on a
   * worker thread): used for a full segment (1024 chunks of data), else the root is computed here.
   */
  dataRoot?: Uint8Array | undefined;
};

/** Why a segment was rejected. */
export type SegmentRejection =
  | "empty-data"
  | "data-length"
  | "root-mismatch"
  | "file-size-mismatch"
  | "empty-file"
  | "index-out-of-bound"
  | "proof-format"
  | "proof-position"
  | "proof-hash"
  | "proof-root"
  | "proof-leaf"
  | "padding";

/**
 * The outcome of {@link verifySegmentWithProof}. A rejection carries the JSON-RPC error a 0G storage
 * node answers with (`code`, `message`, and `data` when the node sends one), so a devnet node can
 * reply exactly as the real one does.
 */
export type SegmentCheckResult =
  | { ok: true }
  | { ok: false; reason: SegmentRejection; code: number; message: string; data?: string };

/** jsonrpsee's codes: `invalid_params`, `internal_error`, and `anyhow` errors (`CallError::Failed`). */
const invalidParams = -32602;
const internalError = -32603;
const callFailed = -32000;

const reject = (reason: SegmentRejection, code: number, message: string, data?: string): SegmentCheckResult =>
  data === undefined ? { ok: false, reason, code, message } : { ok: false, reason, code, message, data };

/**
 * Checks an uploaded segment exactly as a 0G storage node does (`rpc_helper::put_segment_with_maybe_tx`
 * and `SegmentWithProof::validate` in 0g-storage-node): the data is whole chunks and a full segment
 * except for the file's last one (whose padding chunks are not sent); the segment root, with the rear
 * padding re-added, is the proof's leaf; the position the proof's path leads to among the segments of
 * the PADDED file is `index`; the proof's root is `root`; and proof siblings lying wholly in the rear
 * padding equal `zeroHashes[depth]`. Also usable by downloaders to reject bad segments.
 *
 * @example
 * const result = verifySegmentWithProof(keccak, { root, data, index, proof, fileSize });
 * if (!result.ok) throw new InvalidSegmentError({ index, reason: result.reason, message: result.message });
 */
export function verifySegmentWithProof(
  keccak: Keccak,
  segment: VerifySegmentParameters,
  expected: VerifySegmentExpectations = {},
  options: VerifySegmentOptions = {},
): SegmentCheckResult {
  return checkSegment(keccak, segment, expected, options.dataRoot);
}

function checkSegment(
  keccak: Keccak,
  segment: VerifySegmentParameters,
  expected: VerifySegmentExpectations,
  dataRoot: Uint8Array | undefined,
): SegmentCheckResult {
  const { root, data, index, proof, fileSize } = segment;
  // ChunkPool::validate_segment_size
  if (data.length === 0) return reject("empty-data", callFailed, "data is empty");
  if (data.length % chunkSize !== 0) return reject("data-length", callFailed, "invalid data length");
  // The transaction's view (when known)
  if (expected.root !== undefined && expected.root.toLowerCase() !== root.toLowerCase())
    return reject("root-mismatch", internalError, "Internal error", "data root and tx seq not match");
  if (expected.fileSize !== undefined && expected.fileSize !== fileSize)
    return reject(
      "file-size-mismatch",
      invalidParams,
      "Invalid params: file_size",
      "segment file size not matched with tx file size",
    );
  // validate_data_size_and_index
  if (!Number.isSafeInteger(fileSize) || fileSize <= 0)
    return reject("empty-file", invalidParams, "Invalid params: file_size", "file is empty");
  const dataSegments = Math.ceil(fileSize / segmentSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= dataSegments)
    return reject("index-out-of-bound", invalidParams, "Invalid params: index", "index out of bound");
  const chunks = chunkCount(fileSize);
  const expectedDataSize = index === dataSegments - 1 ? (chunks - index * segmentChunks) * chunkSize : segmentSize;
  if (data.length !== expectedDataSize)
    return reject("data-length", invalidParams, "Invalid params: data", "invalid data length");
  // validate_proof
  const { lemma, path } = proof;
  if (path.length === 0 ? lemma.length !== 1 : lemma.length !== path.length + 2)
    return reject("proof-format", invalidParams, "Invalid params: proof", "invalid proof");
  const paddedChunks = paddedChunkCount(chunks);
  const segments = segmentCount(paddedChunks);
  const leafCount = index === segments - 1 ? paddedChunks - index * segmentChunks : segmentChunks;
  const leaf =
    dataRoot !== undefined && leafCount === segmentChunks && data.length === segmentSize ? dataRoot : segmentRootBytes(keccak, data, leafCount);
  const checked = checkProof(keccak, { root, leaf, index, numLeaves: segments, proof });
  if (!checked.ok) {
    if (checked.reason === "format") return reject("proof-format", invalidParams, "Invalid params: proof", "invalid proof");
    if (checked.reason === "hash")
      return reject("proof-hash", invalidParams, "Invalid params: proof", "validation failed");
    return reject(`proof-${checked.reason}`, callFailed, checked.message);
  }
  if (!rearPaddingValid(proof, segments, dataSegments))
    return reject("padding", invalidParams, "Invalid params: proof", "invalid proof node value in the padding range");
  return { ok: true };
}

/** `validate_rear_padding`: siblings wholly inside the padding must be zero subtrees. */
function rearPaddingValid(proof: MerkleProof, segments: number, dataSegments: number): boolean {
  const { lemma, path } = proof;
  let left = segments;
  let position = 0;
  for (let i = 0; i < path.length; i++) {
    const isLeft = path[path.length - 1 - i]!;
    const subtree = nextPow2(left) / 2;
    if (!isLeft) {
      position += subtree;
      left -= subtree;
    } else {
      left = subtree;
      if (position + subtree >= dataSegments) {
        const depth = Math.log2(subtree) + segmentTreeDepth;
        const zero = zeroHashes[depth];
        if (zero === undefined || !equalBytes(hexToBytes(lemma[lemma.length - 2 - i]!), hexToBytes(zero))) return false;
      }
    }
  }
  return true;
}
