import { chunkCount, fileLayout, loadKeccak, segmentChunks, type FlowContext, type SegmentWithProof } from "@0g/storage";
import type { Hex } from "viem";
import type { RpcOutcome } from "../chain/backend.js";
import { Base64Bytes } from "../server/jsonrpc.js";
import { FlowTree, flowNodesOf } from "./flow-tree.js";
import { flipBytes, type NodeHandle } from "./handle.js";
import type { StoredTx } from "./node.js";
import { callFailed, invalidParams, methodNotFound, NodeRpcError, notSupported } from "./rpc-errors.js";
import {
  ParamReader,
  readBool,
  readH256,
  readSegment,
  readSegments,
  readTxSeqOrRoot,
  readUint,
  type WireSegment,
} from "./rpc-params.js";

/** Segment data in a result: base64 on the wire, written into the response as bytes (`Base64Bytes`). */
const base64 = (bytes: Uint8Array) => new Base64Bytes(bytes);

/**
 * The `zgs_*` JSON-RPC methods of one storage node (0G's `node/rpc/src/zgs/api.rs`), with its faults
 * applied: withheld files download as null, corrupted ones with flipped bytes. Errors are the
 * node's own error objects.
 */
export async function callNode(handle: NodeHandle, method: string, params: unknown): Promise<RpcOutcome> {
  try {
    return { result: await dispatch(handle, method, params) };
  } catch (error) {
    if (error instanceof NodeRpcError) return { error: error.rpc };
    throw error;
  }
}

async function dispatch(handle: NodeHandle, method: string, params: unknown): Promise<unknown> {
  const node = handle.node;
  const p = () => new ParamReader(params);

  switch (method) {
    case "zgs_getStatus":
      return node.status();
    case "zgs_getShardConfig":
      return node.shardConfig();

    case "zgs_uploadSegment": {
      const segment = p().next(readSegment);
      await node.putSegment(segment, txForRoot(handle, segment.root), false);
      return null;
    }
    case "zgs_uploadSegmentByTxSeq": {
      const r = p();
      const segment = r.next(readSegment);
      const txSeq = r.next(readUint());
      await node.putSegment(segment, node.tx(txSeq), false);
      return null;
    }
    case "zgs_uploadSegments": {
      const segments = p().next(readSegments);
      // Each segment is looked up by its own root and a duplicate is an error (`upload_segments`).
      for (const segment of segments) await node.putSegment(segment, txForRoot(handle, segment.root), false);
      return null;
    }
    case "zgs_uploadSegmentsByTxSeq": {
      const r = p();
      const segments: WireSegment[] = r.next(readSegments);
      const txSeq = r.next(readUint());
      // Duplicates are skipped silently here (`upload_segments_by_tx_seq`).
      for (const segment of segments) await node.putSegment(segment, node.tx(txSeq), true);
      return null;
    }

    case "zgs_downloadSegment": {
      const r = p();
      const root = r.next(readH256);
      const start = r.next(readUint("usize"));
      const end = r.next(readUint("usize"));
      const seq = node.seqByRoot(root);
      return seq === undefined ? null : download(handle, seq, start, end);
    }
    case "zgs_downloadSegmentByTxSeq": {
      const r = p();
      const txSeq = r.next(readUint());
      const start = r.next(readUint("usize"));
      const end = r.next(readUint("usize"));
      return download(handle, txSeq, start, end);
    }
    case "zgs_downloadSegmentWithProof": {
      const r = p();
      const root = r.next(readH256);
      const index = r.next(readUint("usize"));
      const seq = node.seqByRoot(root);
      return seq === undefined ? null : downloadWithProof(handle, node.tx(seq)!, index);
    }
    case "zgs_downloadSegmentWithProofByTxSeq": {
      const r = p();
      const txSeq = r.next(readUint());
      const index = r.next(readUint("usize"));
      const tx = node.tx(txSeq);
      return tx ? downloadWithProof(handle, tx, index) : null;
    }

    case "zgs_getFileInfo": {
      const r = p();
      const root = r.next(readH256);
      r.next(readBool); // needAvailable: only skips pruned txs, and devnet nodes never prune
      const seq = node.seqByRoot(root);
      return seq === undefined ? null : node.fileInfo(seq);
    }
    case "zgs_getFileInfoByTxSeq":
      return node.fileInfo(p().next(readUint()));
    case "zgs_checkFileFinalized": {
      const which = p().next(readTxSeqOrRoot);
      const seq = "txSeq" in which ? which.txSeq : node.seqByRoot(which.root);
      if (seq === undefined || !node.tx(seq)) return null;
      return node.isFinalized(seq);
    }
    case "zgs_getFlowContext": {
      // (flow root, flow length) of the node's flow tree, which equals Flow's `root()`.
      const nodes = flowNodesOf(node.txs());
      const last = nodes.at(-1);
      const length = last ? last.position + 2 ** last.height : 1;
      return [new FlowTree(await loadKeccak(), nodes, length).root(), length] satisfies FlowContext;
    }
    case "zgs_getSectorProof":
    case "zgs_getDataByNodeIndex":
    case "zgs_getMetaDataByNodeIndex":
    case "zgs_getHashAtNodeIndex":
      // Methods of 0G's node for its own sync and miners, which the devnet does not serve.
      throw notSupported();
    default:
      throw methodNotFound();
  }
}

function txForRoot(handle: NodeHandle, root: Hex): StoredTx | undefined {
  const seq = handle.node.seqByRoot(root);
  return seq === undefined ? undefined : handle.node.tx(seq);
}

/** `get_segment_by_tx_seq`: chunks `[start, end)` of the file, base64, or null. */
function download(handle: NodeHandle, seq: number, start: number, end: number): Base64Bytes | null {
  if (start >= end) throw invalidParams("end_index", "invalid chunk index");
  if (end - start > segmentChunks) throw invalidParams("end_index", `exceeds maximum chunks ${segmentChunks}`);
  const tx = handle.node.tx(seq);
  if (!tx) return null;
  const data = handle.node.readChunks(seq, start, end);
  if (!data || handle.withholds(tx.root)) return null;
  return base64(handle.corrupts(tx.root) ? flipBytes(data) : data);
}

/** `get_segment_with_proof_by_tx`: segment `index` (its data chunks only) with the file proof, or null. */
function downloadWithProof(handle: NodeHandle, tx: StoredTx, index: number): (Omit<SegmentWithProof, "data"> & { data: Base64Bytes }) | null {
  const { dataSegments } = fileLayout(tx.size);
  if (index >= dataSegments) throw invalidParams("index", "index out of bound");
  const stored = handle.node.readSegment(tx.seq, index);
  if (!stored || handle.withholds(tx.root)) return null;
  const chunks = Math.min(segmentChunks, chunkCount(tx.size) - index * segmentChunks);
  if (stored.data.length !== chunks * 256) throw callFailed("segment data length mismatch");
  const data = handle.corrupts(tx.root) ? flipBytes(stored.data) : stored.data;
  return { root: tx.root, data: base64(data), index, proof: stored.proof, fileSize: tx.size };
}
