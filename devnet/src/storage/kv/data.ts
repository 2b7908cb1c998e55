import { chunkSize, fileLayout, segmentChunks } from "@0g/storage";
import type { NodeHandle } from "../handle.js";
import type { StoredTx } from "../node.js";

/**
 * The bytes of a file as a KV node's data fetcher gets them from the storage network: every
 * segment from some running node that finalized the file and serves it honestly (not withholding,
 * not corrupting), across shards, trimmed to the file size. Undefined while any segment is missing.
 */
export function fileFromNodes(handles: readonly NodeHandle[], tx: StoredTx): Uint8Array | undefined {
  const sources = handles.filter(
    (h) => h.running && h.node.isFinalized(tx.seq) && h.node.tx(tx.seq)?.root === tx.root && !h.withholds(tx.root) && !h.corrupts(tx.root),
  );
  if (sources.length === 0) return undefined;
  const { dataSegments } = fileLayout(tx.size);
  const segments: Uint8Array[] = [];
  for (let index = 0; index < dataSegments; index++) {
    let data: Uint8Array | undefined;
    for (const h of sources) {
      data = h.node.readSegment(tx.seq, index)?.data;
      if (data) break;
    }
    if (!data) return undefined;
    segments.push(data);
  }
  const out = new Uint8Array(tx.size);
  const segmentBytes = segmentChunks * chunkSize;
  segments.forEach((data, index) => {
    const offset = index * segmentBytes;
    out.set(data.subarray(0, Math.min(data.length, tx.size - offset)), offset);
  });
  return out;
}
