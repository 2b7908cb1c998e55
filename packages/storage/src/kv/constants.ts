import type { Hex } from "viem";

// 0G's KV constants (0g-storage-kv `kv_types`, `stream_replayer.rs`; 0g-storage-client `kv/types.go`).

/** `sha256("STREAM")`: the first 32 bytes of the tags of every KV transaction. */
export const streamDomain: Hex = "0xdf2ff3bb0af36c6384e6206552a4ed807f6f6a26e7d0aa6bff772ddc9d4307aa";

/** Most reads, writes or access-control operations one transaction may carry (each list on its own). */
export const maxKvOperations = 65_536;

/** Longest key in bytes: its length is a 24-bit field. Keys are never empty. */
export const maxKvKeySize = 0xff_ff_ff;

/** Bytes of a value that one `kv_getValue` / `kv_getNext` call returns (the node's `max_query_len_in_bytes`). */
export const kvQueryChunkSize = 256 * 1024;

/** The `version` of a transaction that neither reads nor conditions on anything: it never conflicts. */
export const kvBlindWriteVersion = 0xffff_ffff_ffff_ffffn;
