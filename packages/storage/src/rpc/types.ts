import type { Address, Hex } from "viem";

/**
 * The JSON shapes of 0G's storage-node (`zgs_*`, Rust `node/rpc/src/types.rs`, serde camelCase) and
 * indexer (`indexer_*`, Go `indexer/types.go`, `common/shard/types.go`) RPC. Integers that are
 * `u64`/`usize` on the node are JSON numbers.
 */

/** Standard base64 (with padding), how the node serializes segment bytes. */
export type Base64 = string;

/** A merkle proof: `lemma = [leaf, siblings bottom-up…, root]`, `path[i]` true when the node is the left child. */
export type FileProof = { lemma: Hex[]; path: boolean[] };

/** A proof in the flow tree (`zgs_getSectorProof`). */
export type FlowProof = { lemma: Hex[]; path: boolean[] };

/** `zgs_uploadSegment*` / `zgs_downloadSegmentWithProof*`. */
export type SegmentWithProof = {
  /** File merkle root. */
  root: Hex;
  /** Segment bytes, base64: 262144 B except the file's last segment (its chunks, padding not sent). */
  data: Base64;
  /** Segment index within the file. */
  index: number;
  /** Proof from the segment root to the file root, over the segments of the padded file. */
  proof: FileProof;
  /** File size in bytes. */
  fileSize: number;
};

export type NetworkProtocolVersion = { major: number; minor: number; build: number };

export type NetworkIdentity = {
  chainId: number;
  /** The Flow contract: SDKs discover it from here. */
  flowAddress: Address;
  p2pProtocolVersion: NetworkProtocolVersion;
};

/** `zgs_getStatus`. */
export type Status = {
  connectedPeers: number;
  logSyncHeight: number;
  logSyncBlock: Hex;
  nextTxSeq: number;
  networkIdentity: NetworkIdentity;
};

/** `(depth, root)` of a submission node; depth is `height + 1`. */
export type MerkleNodeTuple = [depth: number, root: Hex];

/** The node's view of a Flow submission (`shared_types::Transaction`). */
export type Transaction = {
  /** KV stream ids from the tags, as hex quantities (`U256`). */
  streamIds: Hex[];
  /** In-place data (`Vec<u8>`, serialized as an array of numbers). */
  data: number[];
  dataMerkleRoot: Hex;
  merkleNodes: MerkleNodeTuple[];
  /** First flow sector (chunk) of the file. */
  startEntryIndex: number;
  /** File size in bytes. */
  size: number;
  /** Submission index (`txSeq`). */
  seq: number;
};

/** `zgs_getFileInfo` / `zgs_getFileInfoByTxSeq`. */
export type FileInfo = {
  tx: Transaction;
  finalized: boolean;
  isCached: boolean;
  uploadedSegNum: number;
  /** Whether the file was pruned; then `finalized` is false. */
  pruned: boolean;
};

/** A node stores segment `i` (global index) iff `numShard < 2 || i % numShard == shardId`. */
export type ShardConfig = { shardId: number; numShard: number };

/** A storage node as the indexer lists it. */
export type ShardedNode = {
  url: string;
  config: ShardConfig;
  /** RPC latency in milliseconds. */
  latency: number;
  /** Unix time of the last update. */
  since: number;
};

/** `indexer_getShardedNodes` / `indexer_getSelectedNodes` (Go marshals empty lists as `null`). */
export type ShardedNodes = { trusted: ShardedNode[] | null; discovered: ShardedNode[] | null };

/** `indexer_getNodeLocations` values. */
export type IpLocation = { city: string; region: string; country: string; loc: string; timezone: string };

/** `zgs_checkFileFinalized` takes a tx sequence number or a file root (untagged). */
export type TxSeqOrRoot = number | Hex;

/** `zgs_getFlowContext`: `(context digest, flow length)`. */
export type FlowContext = [digest: Hex, length: number];
