import type { KeyValueSegment, ReplayProgress, ValueSegment } from "@0g/storage";
import { kvQueryChunkSize } from "@0g/storage";
import type { Address, Hex } from "viem";
import type { RpcOutcome } from "../../chain/backend.js";
import { Base64Bytes } from "../../server/jsonrpc.js";
import { invalidParams, methodNotFound, NodeRpcError, paramError } from "../rpc-errors.js";
import { ParamReader, readBase64, readBool, readH256, readUint } from "../rpc-params.js";
import { keyBytes, keyHex } from "./keys.js";
import type { KvStore } from "./store.js";
import type { KvPair } from "./values.js";

/** What the RPC reads: the node's state and the streams it holds. */
export type KvRpcNode = { readonly store: KvStore; holdingStreamIds(): Hex[] };

/** `ValueSegment` / `KeyValueSegment` with their data as bytes (written as base64). */
type WireValue = Omit<ValueSegment, "data"> & { data: Base64Bytes | "" };
type WireKeyValue = Omit<KeyValueSegment, "data"> & { data: Base64Bytes | "" };

/**
 * The `kv_*` JSON-RPC methods of a KV node (0g-storage-kv `node/rpc/src/kv_rpc_server`), answered
 * from its state as `impl.rs` does, with jsonrpsee's error objects for bad params. The result
 * types are `KvRpcSchema`'s (`@0g/storage`), which the SDK's client uses too.
 */
export function callKv(node: KvRpcNode, method: string, params: unknown): RpcOutcome {
  try {
    return { result: dispatch(node, method, params) };
  } catch (error) {
    if (error instanceof NodeRpcError) return { error: error.rpc };
    throw error;
  }
}

/** H160 as impl-serde reads it: 20 bytes of hex, with or without `0x`; returned lowercase. */
function readH160(value: unknown): Address {
  const expected = "a (both 0x-prefixed or not) hex string or byte array containing 20 bytes";
  if (typeof value !== "string") throw paramError(`invalid type: ${describe(value)}, expected ${expected}`);
  const hex = value.startsWith("0x") ? value.slice(2) : value;
  if (hex.length !== 40) throw paramError(`invalid length ${hex.length}, expected ${expected}`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw paramError(`invalid hex character, expected ${expected}`);
  return `0x${hex.toLowerCase()}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (Array.isArray(value)) return "sequence";
  return "map";
}

/** `Option<u64>` version: none means the latest (`u64::MAX`). */
const versionOf = (r: ParamReader): number => r.optional(readUint()) ?? Number.POSITIVE_INFINITY;

/** `len` and the key, checked as `impl.rs` checks them (after all params deserialized). */
function checkLen(len: number): void {
  if (len > kvQueryChunkSize) throw invalidParams("len", "query length too large");
}
function checkKey(key: Uint8Array): void {
  if (key.length === 0) throw invalidParams("key", "key is empty");
}

/** `get_value_segment`: bytes `[start, start + len)` of the value (`len == 0`: none, just the size). */
function segment(pair: KvPair, start: number, len: number): WireValue {
  const size = pair.value.length;
  if (len === 0) return { version: pair.version, data: "", size };
  if (start > size) throw invalidParams("start_index", "start index is greater than value length");
  const end = Math.min(start + len, size);
  return { version: pair.version, data: end > start ? new Base64Bytes(pair.value.subarray(start, end)) : "", size };
}

function keySegment(pair: KvPair | undefined, start: number, len: number): WireKeyValue | null {
  if (!pair) return null;
  const { version, data, size } = segment(pair, start, len);
  return { version, key: Buffer.from(keyBytes(pair.key)).toString("base64"), data, size };
}

/** Skips deleted keys (empty values) forward or backward, as `impl.rs` does. */
function live(pair: KvPair | undefined, step: (key: string) => KvPair | undefined): KvPair | undefined {
  // impl.rs repeats the query with the caller's `inclusive`, which for `inclusive = true` finds the
  // same deleted key again forever; the devnet moves past it (what the loop means to do).
  while (pair && pair.value.length === 0) pair = step(pair.key);
  return pair;
}

function dispatch(node: KvRpcNode, method: string, params: unknown): unknown {
  const { store } = node;
  const values = store.values;
  const r = new ParamReader(params);

  switch (method) {
    case "kv_getStatus":
      return true;

    case "kv_getValue": {
      const [streamId, key, start, len] = [r.next(readH256), r.next(readBase64), r.next(readUint()), r.next(readUint())];
      const version = versionOf(r);
      checkLen(len);
      checkKey(key);
      const pair = values.get(streamId, keyHex(key), version);
      if (!pair) return { version: 0, data: "", size: 0 } satisfies WireValue;
      if (pair.value.length === 0) return { version: pair.version, data: "", size: 0 } satisfies WireValue;
      return segment(pair, start, len);
    }
    case "kv_getNext":
    case "kv_getPrev": {
      const [streamId, key, start, len, inclusive] = [r.next(readH256), r.next(readBase64), r.next(readUint()), r.next(readUint()), r.next(readBool)];
      const version = versionOf(r);
      checkLen(len);
      checkKey(key);
      const move = method === "kv_getNext" ? values.next.bind(values) : values.prev.bind(values);
      const pair = live(move(streamId, keyHex(key), inclusive, version), (k) => move(streamId, k, false, version));
      return keySegment(pair, start, len);
    }
    case "kv_getFirst":
    case "kv_getLast": {
      const [streamId, start, len] = [r.next(readH256), r.next(readUint()), r.next(readUint())];
      const version = versionOf(r);
      checkLen(len);
      const first = method === "kv_getFirst";
      const pair = first
        ? live(values.first(streamId, version), (k) => values.next(streamId, k, false, version))
        : live(values.last(streamId, version), (k) => values.prev(streamId, k, false, version));
      return keySegment(pair, start, len);
    }

    case "kv_getTransactionResult":
      return store.result(r.next(readUint())) ?? null;
    case "kv_getHoldingStreamIds":
      return node.holdingStreamIds();
    case "kv_getReplayProgress":
      return { appliedSeq: store.progress, firstTxSeq: null } satisfies ReplayProgress;

    case "kv_hasWritePermission": {
      const [account, streamId, key] = [r.next(readH160), r.next(readH256), r.next(readBase64)];
      const version = versionOf(r);
      checkKey(key);
      return store.hasWritePermission(account, streamId, keyHex(key), version);
    }
    case "kv_isAdmin": {
      const [account, streamId] = [r.next(readH160), r.next(readH256)];
      return store.isAdmin(account, streamId, versionOf(r));
    }
    case "kv_isSpecialKey": {
      const [streamId, key] = [r.next(readH256), r.next(readBase64)];
      const version = versionOf(r);
      checkKey(key);
      return store.isSpecialKey(streamId, keyHex(key), version);
    }
    case "kv_isWriterOfKey": {
      const [account, streamId, key] = [r.next(readH160), r.next(readH256), r.next(readBase64)];
      const version = versionOf(r);
      checkKey(key);
      return store.isWriterOfKey(account, streamId, keyHex(key), version);
    }
    case "kv_isWriterOfStream": {
      const [account, streamId] = [r.next(readH160), r.next(readH256)];
      return store.isWriterOfStream(account, streamId, versionOf(r));
    }
    default:
      throw methodNotFound();
  }
}
