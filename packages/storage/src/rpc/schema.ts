import type { Hex } from "viem";
import type {
  Base64,
  FileInfo,
  FlowContext,
  FlowProof,
  IpLocation,
  SegmentWithProof,
  ShardConfig,
  ShardedNode,
  ShardedNodes,
  Status,
  TxSeqOrRoot,
} from "./types.js";

/**
 * The `zgs_*` JSON-RPC of a 0G storage node (`node/rpc/src/zgs/api.rs`), typed for `@0g/core`'s
 * `createRpcClient<ZgsRpcSchema>`. The devnet's nodes implement the same schema.
 *
 * @example
 * const node = createRpcClient<ZgsRpcSchema>({ url: "http://127.0.0.1:5678" });
 * const info = await node.request({ method: "zgs_getFileInfo", params: [root, true] });
 */
export type ZgsRpcSchema = [
  { Method: "zgs_getStatus"; Parameters?: []; ReturnType: Status },
  { Method: "zgs_uploadSegment"; Parameters: [segment: SegmentWithProof]; ReturnType: null },
  { Method: "zgs_uploadSegments"; Parameters: [segments: SegmentWithProof[]]; ReturnType: null },
  { Method: "zgs_uploadSegmentByTxSeq"; Parameters: [segment: SegmentWithProof, txSeq: number]; ReturnType: null },
  {
    Method: "zgs_uploadSegmentsByTxSeq";
    Parameters: [segments: SegmentWithProof[], txSeq: number];
    ReturnType: null;
  },
  {
    Method: "zgs_downloadSegment";
    /** Chunk range relative to the file, `end - start <= 1024`. */
    Parameters: [root: Hex, startChunk: number, endChunk: number];
    ReturnType: Base64 | null;
  },
  {
    Method: "zgs_downloadSegmentByTxSeq";
    Parameters: [txSeq: number, startChunk: number, endChunk: number];
    ReturnType: Base64 | null;
  },
  {
    Method: "zgs_downloadSegmentWithProof";
    Parameters: [root: Hex, index: number];
    ReturnType: SegmentWithProof | null;
  },
  {
    Method: "zgs_downloadSegmentWithProofByTxSeq";
    Parameters: [txSeq: number, index: number];
    ReturnType: SegmentWithProof | null;
  },
  { Method: "zgs_checkFileFinalized"; Parameters: [txSeqOrRoot: TxSeqOrRoot]; ReturnType: boolean | null },
  { Method: "zgs_getFileInfo"; Parameters: [root: Hex, needAvailable: boolean]; ReturnType: FileInfo | null },
  { Method: "zgs_getFileInfoByTxSeq"; Parameters: [txSeq: number]; ReturnType: FileInfo | null },
  { Method: "zgs_getShardConfig"; Parameters?: []; ReturnType: ShardConfig },
  {
    Method: "zgs_getSectorProof";
    Parameters: [sectorIndex: number, flowRoot?: Hex | null];
    ReturnType: FlowProof;
  },
  { Method: "zgs_getDataByNodeIndex"; Parameters: [nodeIndex: number]; ReturnType: number[][] | null },
  { Method: "zgs_getMetaDataByNodeIndex"; Parameters: [nodeIndex: number]; ReturnType: string | null },
  { Method: "zgs_getHashAtNodeIndex"; Parameters: [nodeIndex: number]; ReturnType: Hex | null },
  { Method: "zgs_getFlowContext"; Parameters?: []; ReturnType: FlowContext },
];

/**
 * The `indexer_*` JSON-RPC of 0G's indexer (`0g-storage-client/indexer/api.go`).
 *
 * @example
 * const indexer = createRpcClient<IndexerRpcSchema>({ url: indexerUrl });
 * const { trusted, discovered } = await indexer.request({ method: "indexer_getShardedNodes" });
 */
export type IndexerRpcSchema = [
  { Method: "indexer_getShardedNodes"; Parameters?: []; ReturnType: ShardedNodes },
  {
    Method: "indexer_getSelectedNodes";
    Parameters: [expectedReplica: number, method: string, fullTrusted: boolean, dropped: string[]];
    ReturnType: ShardedNodes;
  },
  { Method: "indexer_getNodeLocations"; Parameters?: []; ReturnType: Record<string, IpLocation> },
  { Method: "indexer_getFileLocations"; Parameters: [root: Hex]; ReturnType: ShardedNode[] | null },
];
