import { InvalidParameterError } from "@0g/core";
import type { Hex } from "viem";
import { base64ToBytes, bytesToBase64 } from "../rpc/base64.js";
import type { ValueSegment } from "../rpc/kv-schema.js";
import { runLimited } from "../transfer/retry.js";
import { kvQueryChunkSize } from "./constants.js";
import type { KvNode } from "./endpoint.js";
import { KvInconsistentReadError, KvUnknownStreamError } from "./errors.js";

/** A key and its value as of a version. */
export type KvEntry = {
  key: Uint8Array;
  /** The value (empty when read with `values: false`). */
  value: Uint8Array;
  /** The transaction (tx seq) that wrote this value. */
  version: number;
  /** The value's size in bytes. */
  size: number;
};

/** Chunks of one value fetched at once. */
const chunkConcurrency = 4;

/** Checks a `version` parameter: a tx seq. */
export function checkVersion(version: unknown, name = "version"): number {
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0)
    throw new InvalidParameterError({ name, value: version, expected: "a non-negative integer (a tx seq)" });
  return version;
}

/** The optional trailing `version` parameter of a `kv_*` call: left out for the latest. */
export function at(version: number | undefined): [] | [number] {
  return version === undefined ? [] : [version];
}

/**
 * The latest version every read can be pinned to: `appliedSeq - 1`, the last transaction the node
 * has replayed (every later one gets a higher version). While the node has replayed nothing it is 0,
 * which does not exclude transaction 0 (the protocol has no version below it).
 */
export async function snapshotVersion(node: KvNode, signal?: AbortSignal): Promise<number> {
  const { appliedSeq } = await node.rpc.request({ method: "kv_getReplayProgress" }, { signal });
  return Math.max(0, appliedSeq - 1);
}

/** @throws {KvUnknownStreamError} unless the node holds the stream. */
export async function assertHeld(node: KvNode, streamId: Hex, signal?: AbortSignal): Promise<void> {
  const held = await node.rpc.request({ method: "kv_getHoldingStreamIds" }, { signal });
  if (!held.some((id) => id.toLowerCase() === streamId)) throw new KvUnknownStreamError({ streamId });
}

/**
 * The whole value whose first chunk is `first`: the remaining chunks (`kvQueryChunkSize` each) are
 * read at the version of the first, so they come from the same write whatever is written meanwhile.
 *
 * @throws {KvInconsistentReadError} when a chunk's version, size or length does not fit.
 */
export async function completeValue(
  node: KvNode,
  streamId: Hex,
  key: Uint8Array,
  first: { version: number; data: Uint8Array; size: number },
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const { version, size, data } = first;
  if (data.length === size) return data;
  if (data.length > size || data.length === 0)
    throw new KvInconsistentReadError({ details: `The first chunk of a ${size}-byte value has ${data.length} bytes.` });
  const value = new Uint8Array(size);
  value.set(data);
  const keyText = bytesToBase64(key);
  const tasks: (() => Promise<void>)[] = [];
  for (let at = data.length; at < size; at += kvQueryChunkSize) {
    const start = at;
    const length = Math.min(kvQueryChunkSize, size - start);
    tasks.push(async () => {
      const segment = await node.rpc.request({ method: "kv_getValue", params: [streamId, keyText, start, length, version] }, { signal });
      const bytes = checkChunk(segment, { version, size, start, length });
      value.set(bytes, start);
    });
  }
  await runLimited(tasks, chunkConcurrency);
  return value;
}

function checkChunk(
  segment: ValueSegment | null,
  expected: { version: number; size: number; start: number; length: number },
): Uint8Array {
  const fail = (what: string): never => {
    throw new KvInconsistentReadError({
      details: `Bytes ${expected.start}-${expected.start + expected.length} of a ${expected.size}-byte value written by tx ${expected.version}: ${what}.`,
    });
  };
  if (!segment) return fail("the node answered null");
  if (segment.version !== expected.version) fail(`the node answered the value of tx ${segment.version}`);
  if (segment.size !== expected.size) fail(`the node answered a ${segment.size}-byte value`);
  const bytes = base64ToBytes(segment.data);
  if (bytes.length !== expected.length) fail(`the node answered ${bytes.length} bytes`);
  return bytes;
}

/** The first chunk of a value (`kv_getValue` / `kv_get*` data) as bytes. */
export function segmentData(data: string): Uint8Array {
  return data === "" ? new Uint8Array(0) : base64ToBytes(data);
}
