import { loadKeccak, verifySegmentWithProof } from "@0g/storage";
import type { Hex } from "viem";
import { NodeRpcError } from "./rpc-errors.js";
import type { WireSegment } from "./rpc-params.js";

/**
 * Segments accepted lately, by root and index. The devnet's nodes share one process: an uploader
 * sends every segment to each replica, and each node would hash the same 256 KiB again (keccak of
 * its 1024 chunks is most of what a node spends on an upload). The check is a pure function of the
 * segment (data, proof, root, index, size), so a node that gets exactly the bytes another node just
 * accepted skips the hashing: same verdict, half the CPU for 2 replicas. Bounded and byte-exact.
 */
const accepted = new Map<string, WireSegment>();
const acceptedLimit = 64;

function sameSegment(a: WireSegment, b: WireSegment): boolean {
  if (a.fileSize !== b.fileSize || a.data.length !== b.data.length) return false;
  if (a.proof.lemma.length !== b.proof.lemma.length || a.proof.path.length !== b.proof.path.length) return false;
  if (a.proof.lemma.some((h, i) => h !== b.proof.lemma[i]) || a.proof.path.some((p, i) => p !== b.proof.path[i])) return false;
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.length).equals(b.data);
}

const keyOf = (root: Hex, index: number) => `${root}/${index}`;

/**
 * `SegmentWithProof::validate` of 0G's node, done by `@0g/storage` (the same code its uploaders
 * build segments with): data size and index, the proof over the padded file, the rear padding.
 * Throws the node's JSON-RPC error when the segment is rejected.
 */
export async function verifySegment(segment: WireSegment): Promise<void> {
  const key = keyOf(segment.root, segment.index);
  const known = accepted.get(key);
  if (known && sameSegment(known, segment)) return;
  const keccak = await loadKeccak();
  const result = verifySegmentWithProof(keccak, segment);
  if (result.ok) {
    accepted.delete(key);
    accepted.set(key, segment);
    if (accepted.size > acceptedLimit) accepted.delete(accepted.keys().next().value!);
    return;
  }
  throw new NodeRpcError(
    result.data === undefined ? { code: result.code, message: result.message } : { code: result.code, message: result.message, data: result.data },
  );
}
