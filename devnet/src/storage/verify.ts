import { loadKeccak, verifySegmentWithProof } from "@0g/storage";
import { NodeRpcError } from "./rpc-errors.js";
import type { WireSegment } from "./rpc-params.js";

/**
 * `SegmentWithProof::validate` of 0G's node, done by `@0g/storage` (the same code its uploaders
 * build segments with): data size and index, the proof over the padded file, the rear padding.
 * Throws the node's JSON-RPC error when the segment is rejected.
 */
export async function verifySegment(segment: WireSegment): Promise<void> {
  const keccak = await loadKeccak();
  const result = verifySegmentWithProof(keccak, segment);
  if (result.ok) return;
  throw new NodeRpcError(
    result.data === undefined ? { code: result.code, message: result.message } : { code: result.code, message: result.message, data: result.data },
  );
}
