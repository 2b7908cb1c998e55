import { InvalidParameterError, type RpcRequestErrorType } from "@0g/core";
import type { Hex } from "viem";
import { bytesToBase64 } from "../rpc/base64.js";
import type { KeyValueSegment } from "../rpc/kv-schema.js";
import { compareBytes, prefixEnd, toBytes, toKey, type KvBytes } from "../kv/bytes.js";
import { kvQueryChunkSize } from "../kv/constants.js";
import { connectKv, type KvClientOrEndpoint, type KvNode } from "../kv/endpoint.js";
import type {
  InvalidKvKeyError,
  InvalidStreamIdError,
  KvEndpointNotFoundError,
  KvInconsistentReadError,
  KvUnknownStreamError,
} from "../kv/errors.js";
import { assertHeld, checkVersion, completeValue, segmentData, snapshotVersion, type KvEntry } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";

export type IterateKvParameters = {
  streamId: Hex;
  /** The first key (inclusive). */
  from?: KvBytes | undefined;
  /** The key to stop before (exclusive). */
  to?: KvBytes | undefined;
  /** Only keys starting with these bytes (combined with `from` / `to`). */
  prefix?: KvBytes | undefined;
  /** From the last key down to the first. @default false */
  reverse?: boolean | undefined;
  /**
   * The version (tx seq) to list the stream at. @default the last transaction the node has replayed
   * when the iteration starts (`appliedSeq - 1`), so that writes meanwhile never tear the listing
   */
  version?: number | undefined;
  /** Fetch the values; `false` lists keys, versions and sizes only (`value` is empty). @default true */
  values?: boolean | undefined;
  /** Stop after this many entries. */
  limit?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

export type IterateKvReturnType = AsyncIterable<KvEntry>;

export type IterateKvErrorType =
  | InvalidKvKeyError
  | InvalidParameterError
  | InvalidStreamIdError
  | KvEndpointNotFoundError
  | KvInconsistentReadError
  | KvUnknownStreamError
  | RpcRequestErrorType;

/**
 * Lists the keys of a KV stream in byte order (or reversed), with their values, lazily: one
 * `kv_getNext` / `kv_getPrev` per entry (plus 256 KiB chunks for big values). The whole listing is
 * pinned to one version, read once at the start, so it is a consistent snapshot. Deleted keys are
 * skipped (the node skips them).
 *
 * @throws {KvUnknownStreamError} when the listing is empty and the node does not hold the stream.
 *
 * @example
 * import { iterateKv, toStreamId } from "@0g/storage";
 *
 * for await (const { key, value } of iterateKv(client, { streamId: toStreamId("my-app/notes"), prefix: "user/" }))
 *   console.log(new TextDecoder().decode(key), value.length);
 */
export function iterateKv(client: KvClientOrEndpoint, parameters: IterateKvParameters): IterateKvReturnType {
  // Checked now, so that bad parameters throw at the call rather than at the first `next()`.
  const streamId = checkStreamId(parameters.streamId);
  const range = rangeOf(parameters);
  const { reverse = false, values = true, signal } = parameters;
  const version = parameters.version === undefined ? undefined : checkVersion(parameters.version);
  const limit = parameters.limit ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 1))
    throw new InvalidParameterError({ name: "limit", value: limit, expected: "a positive integer" });
  return {
    [Symbol.asyncIterator]: () =>
      entries(client, { streamId, ...range, reverse, values, version, limit, kv: parameters.kv, signal })[Symbol.asyncIterator](),
  };
}

/** The key range: `[lower, upper)`, `from`/`to` intersected with the prefix's range. */
function rangeOf({ from, to, prefix }: Pick<IterateKvParameters, "from" | "to" | "prefix">): { lower?: Uint8Array; upper?: Uint8Array } {
  let lower = from === undefined ? undefined : toKey(from, "from");
  let upper = to === undefined ? undefined : toKey(to, "to");
  if (prefix !== undefined) {
    const start = toBytes(prefix, "prefix");
    const end = prefixEnd(start);
    if (start.length > 0 && (lower === undefined || compareBytes(start, lower) > 0)) lower = start;
    if (end !== undefined && (upper === undefined || compareBytes(end, upper) < 0)) upper = end;
  }
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

type Plan = {
  streamId: Hex;
  lower?: Uint8Array;
  upper?: Uint8Array;
  reverse: boolean;
  values: boolean;
  version: number | undefined;
  limit: number;
  kv: string | undefined;
  signal: AbortSignal | undefined;
};

async function* entries(client: KvClientOrEndpoint, plan: Plan): AsyncGenerator<KvEntry, void, undefined> {
  const { streamId, lower, upper, reverse, values, limit, signal } = plan;
  if (lower && upper && compareBytes(lower, upper) >= 0) return;
  const node = await connectKv(client, plan.kv);
  const version = plan.version ?? (await snapshotVersion(node, signal));
  const len = values ? kvQueryChunkSize : 0;
  const inRange = (key: Uint8Array) => (lower === undefined || compareBytes(key, lower) >= 0) && (upper === undefined || compareBytes(key, upper) < 0);
  // Never `inclusive: true`: 0G's node then loops forever on a deleted key (it re-queries the same key).
  const step = (key: Uint8Array) =>
    node.rpc.request({ method: reverse ? "kv_getPrev" : "kv_getNext", params: [streamId, bytesToBase64(key), 0, len, false, version] }, { signal });

  let count = 0;
  let next: KeyValueSegment | null;
  if (!reverse && lower) {
    // The lower bound itself, then what follows it.
    const [own, after] = await Promise.all([
      node.rpc.request({ method: "kv_getValue", params: [streamId, bytesToBase64(lower), 0, len, version] }, { signal }),
      step(lower),
    ]);
    if (own && own.size > 0) {
      yield await toEntry(node, streamId, { ...own, key: bytesToBase64(lower) }, values, signal);
      if (++count >= limit) return;
    }
    next = after;
  } else if (reverse && upper) next = await step(upper);
  else next = await node.rpc.request({ method: reverse ? "kv_getLast" : "kv_getFirst", params: [streamId, 0, len, version] }, { signal });

  if (next === null && count === 0) await assertHeld(node, streamId, signal);
  while (next) {
    if (!inRange(segmentData(next.key))) return;
    const entry = await toEntry(node, streamId, next, values, signal);
    yield entry;
    if (++count >= limit) return;
    next = await step(entry.key);
  }
}

async function toEntry(node: KvNode, streamId: Hex, segment: KeyValueSegment, values: boolean, signal: AbortSignal | undefined): Promise<KvEntry> {
  const key = segmentData(segment.key);
  const first = { version: segment.version, size: segment.size, data: segmentData(segment.data) };
  const value = values ? await completeValue(node, streamId, key, first, signal) : new Uint8Array(0);
  return { key, value, version: segment.version, size: segment.size };
}
