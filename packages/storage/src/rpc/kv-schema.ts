import type { Address, Hex } from "viem";
import type { Base64 } from "./types.js";

/** A value, or a range of it (`kv_getValue`); unknown keys answer `{ version: 0, data: "", size: 0 }`. */
export type ValueSegment = {
  /** The transaction (tx seq) that wrote it. */
  version: number;
  /** The requested range of the value, base64. */
  data: Base64;
  /** The whole value's size in bytes (0: never written, or deleted). */
  size: number;
};

/** A key and a value range (`kv_getNext` / `kv_getPrev` / `kv_getFirst` / `kv_getLast`). */
export type KeyValueSegment = ValueSegment & {
  /** The key, base64. */
  key: Base64;
};

/** How far the node has replayed the log (`kv_getReplayProgress`). */
export type ReplayProgress = {
  /** The next tx seq to replay: every submission below it has been classified. */
  appliedSeq: number;
  /** The first tx seq the node has (set when it started past genesis). */
  firstTxSeq: number | null;
};

/** `Option<u64>` version parameter: the state as of that tx seq; null (or omitted) for the latest. */
type Version = number | null;

/**
 * The `kv_*` JSON-RPC of a 0G KV node (0g-storage-kv `node/rpc/src/kv_rpc_server/api.rs`), typed
 * for `@0g/core`'s `createRpcClient<KvRpcSchema>`. Keys are base64; ranges are
 * `(startIndex, len)` in bytes of the value, `len <= 256 KiB`. The devnet's KV node implements the
 * same schema.
 */
export type KvRpcSchema = [
  { Method: "kv_getStatus"; Parameters?: []; ReturnType: boolean },
  {
    Method: "kv_getValue";
    Parameters: [streamId: Hex, key: Base64, startIndex: number, len: number, version?: Version];
    ReturnType: ValueSegment | null;
  },
  {
    Method: "kv_getNext";
    Parameters: [streamId: Hex, key: Base64, startIndex: number, len: number, inclusive: boolean, version?: Version];
    ReturnType: KeyValueSegment | null;
  },
  {
    Method: "kv_getPrev";
    Parameters: [streamId: Hex, key: Base64, startIndex: number, len: number, inclusive: boolean, version?: Version];
    ReturnType: KeyValueSegment | null;
  },
  { Method: "kv_getFirst"; Parameters: [streamId: Hex, startIndex: number, len: number, version?: Version]; ReturnType: KeyValueSegment | null },
  { Method: "kv_getLast"; Parameters: [streamId: Hex, startIndex: number, len: number, version?: Version]; ReturnType: KeyValueSegment | null },
  /** The node's result for a tx seq: `"Commit"`, a rejection reason, or null before it is replayed (or for untagged txs). */
  { Method: "kv_getTransactionResult"; Parameters: [txSeq: number]; ReturnType: string | null },
  { Method: "kv_getHoldingStreamIds"; Parameters?: []; ReturnType: Hex[] },
  { Method: "kv_getReplayProgress"; Parameters?: []; ReturnType: ReplayProgress },
  { Method: "kv_hasWritePermission"; Parameters: [account: Address, streamId: Hex, key: Base64, version?: Version]; ReturnType: boolean },
  { Method: "kv_isAdmin"; Parameters: [account: Address, streamId: Hex, version?: Version]; ReturnType: boolean },
  { Method: "kv_isSpecialKey"; Parameters: [streamId: Hex, key: Base64, version?: Version]; ReturnType: boolean },
  { Method: "kv_isWriterOfKey"; Parameters: [account: Address, streamId: Hex, key: Base64, version?: Version]; ReturnType: boolean },
  { Method: "kv_isWriterOfStream"; Parameters: [account: Address, streamId: Hex, version?: Version]; ReturnType: boolean },
];
