import { InvalidParameterError } from "@0g/core";
import type { Account, Address, Chain, Client, Hash, Hex, Transport } from "viem";
import { bytesToBase64 } from "../rpc/base64.js";
import { kvBatch, type KvBatch } from "../kv/batch.js";
import { toKey, type KvBytes } from "../kv/bytes.js";
import { kvQueryChunkSize } from "../kv/constants.js";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import { KvVersionConflictError } from "../kv/errors.js";
import { completeValue, segmentData, snapshotVersion, type KvEntry } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";
import { writeKv, type WriteKvErrorType, type WriteKvParameters } from "./writeKv.js";

/**
 * What `run` gets: reads at the attempt's snapshot, and writes buffered into the transaction.
 * Reads see the snapshot only, not this attempt's own buffered writes. Use it only while `run` runs.
 */
export type KvTransactionContext = {
  /** The snapshot every read of this attempt sees, and the transaction's version. */
  readonly version: number;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /**
   * The key's value at the snapshot (null when absent or deleted; also for a stream the node does
   * not hold yet: a stream is created by its first write). The key joins the read set: the
   * transaction conflicts if anyone writes it after the snapshot.
   */
  get(streamId: Hex, key: KvBytes): Promise<KvEntry | null>;
  set(streamId: Hex, key: KvBytes, value: KvBytes): KvTransactionContext;
  delete(streamId: Hex, key: KvBytes): KvTransactionContext;
  grantAdmin(streamId: Hex, account: Address): KvTransactionContext;
  renounceAdmin(streamId: Hex): KvTransactionContext;
  setKeySpecial(streamId: Hex, key: KvBytes): KvTransactionContext;
  setKeyNormal(streamId: Hex, key: KvBytes): KvTransactionContext;
  grantWriter(streamId: Hex, account: Address): KvTransactionContext;
  revokeWriter(streamId: Hex, account: Address): KvTransactionContext;
  renounceWriter(streamId: Hex): KvTransactionContext;
  grantSpecialWriter(streamId: Hex, key: KvBytes, account: Address): KvTransactionContext;
  revokeSpecialWriter(streamId: Hex, key: KvBytes, account: Address): KvTransactionContext;
  renounceSpecialWriter(streamId: Hex, key: KvBytes): KvTransactionContext;
};

export type KvTransactionParameters<result> = Omit<WriteKvParameters, "batch" | "waitForResult"> & {
  /** Reads and buffers writes; called again from scratch (with a new snapshot) after a conflict. If it throws, nothing is written. */
  run: (tx: KvTransactionContext) => Promise<result>;
  /** Attempts after the first one conflicts. @default 5 */
  retries?: number | undefined;
};

export type KvTransactionReturnType<result> = {
  /** What the successful attempt's `run` returned. */
  value: result;
  /** The committed transaction; undefined when `run` wrote nothing (nothing is submitted then). */
  txSeq: number | undefined;
  txHash: Hash | undefined;
  /** Attempts made (1 when the first committed). */
  attempts: number;
  /** `"Commit"`; undefined when nothing was submitted. */
  result: string | undefined;
};

export type KvTransactionErrorType = WriteKvErrorType;

/**
 * An optimistic, serialisable read-modify-write of KV streams. Each attempt pins a snapshot (the
 * last transaction the node has replayed, `appliedSeq - 1`), runs `run` with reads at that
 * snapshot, and submits the buffered writes with the snapshot as the transaction's version: the
 * node commits it only if no key it read or writes was written after the snapshot. On
 * `KvVersionConflictError` `run` runs again from scratch on a new snapshot, up to `retries` times.
 *
 * Every attempt that reaches the node is a paid submission (a conflicting one too). The protocol's
 * edge: while the node has replayed nothing at all, the snapshot is version 0, and no version
 * excludes transaction 0, so a concurrent write by transaction 0 itself goes undetected.
 *
 * @throws {KvVersionConflictError} the last conflict, when every attempt conflicted.
 *
 * @example
 * import { kvTransaction, toStreamId } from "@0g/storage";
 *
 * const stream = toStreamId("my-app/counters");
 * const { value } = await kvTransaction(wallet, {
 *   run: async (tx) => {
 *     const current = await tx.get(stream, "visits");
 *     const next = (current ? Number(new TextDecoder().decode(current.value)) : 0) + 1;
 *     tx.set(stream, "visits", String(next));
 *     return next;
 *   },
 * });
 */
export async function kvTransaction<result>(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: KvTransactionParameters<result>,
): Promise<KvTransactionReturnType<result>> {
  const { run, retries = 5, signal, ...writeParameters } = parameters;
  if (!Number.isSafeInteger(retries) || retries < 0) throw new InvalidParameterError({ name: "retries", value: retries, expected: "a non-negative integer" });
  if (typeof run !== "function") throw new InvalidParameterError({ name: "run", value: run, expected: "a function" });
  const node = await connectKv(client, parameters.kv);

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const version = await snapshotVersion(node, signal);
    const batch = kvBatch({ version: BigInt(version) });
    const value = await run(contextOf(batch, version, attempt, async (streamId, key) => {
      const id = checkStreamId(streamId);
      const bytes = toKey(key);
      batch.read(id, bytes);
      const first = await node.rpc.request({ method: "kv_getValue", params: [id, bytesToBase64(bytes), 0, kvQueryChunkSize, version] }, { signal });
      if (!first || first.size === 0) return null;
      const data = await completeValue(node, id, bytes, { version: first.version, size: first.size, data: segmentData(first.data) }, signal);
      return { key: bytes, value: data, version: first.version, size: first.size };
    }));
    const data = batch.toStreamData();
    if (data.writes.length === 0 && data.controls.length === 0) return { value, txSeq: undefined, txHash: undefined, attempts: attempt, result: undefined };
    try {
      const written = await writeKv(client, { ...writeParameters, ...(signal ? { signal } : {}), batch, kv: node.url, waitForResult: true });
      return { value, txSeq: written.txSeq, txHash: written.txHash, attempts: attempt, result: written.result };
    } catch (error) {
      if (error instanceof KvVersionConflictError && attempt <= retries) continue;
      throw error;
    }
  }
}

function contextOf(
  batch: KvBatch,
  version: number,
  attempt: number,
  get: (streamId: Hex, key: KvBytes) => Promise<KvEntry | null>,
): KvTransactionContext {
  const context: KvTransactionContext = {
    version,
    attempt,
    get,
    set: (streamId, key, value) => (batch.set(streamId, key, value), context),
    delete: (streamId, key) => (batch.delete(streamId, key), context),
    grantAdmin: (streamId, account) => (batch.grantAdmin(streamId, account), context),
    renounceAdmin: (streamId) => (batch.renounceAdmin(streamId), context),
    setKeySpecial: (streamId, key) => (batch.setKeySpecial(streamId, key), context),
    setKeyNormal: (streamId, key) => (batch.setKeyNormal(streamId, key), context),
    grantWriter: (streamId, account) => (batch.grantWriter(streamId, account), context),
    revokeWriter: (streamId, account) => (batch.revokeWriter(streamId, account), context),
    renounceWriter: (streamId) => (batch.renounceWriter(streamId), context),
    grantSpecialWriter: (streamId, key, account) => (batch.grantSpecialWriter(streamId, key, account), context),
    revokeSpecialWriter: (streamId, key, account) => (batch.revokeSpecialWriter(streamId, key, account), context),
    renounceSpecialWriter: (streamId, key) => (batch.renounceSpecialWriter(streamId, key), context),
  };
  return context;
}
