import { InvalidParameterError } from "@0g/core";
import type { Address, Hex } from "viem";
import { bytesToBase64 } from "../rpc/base64.js";
import type { KvAccessControl } from "./access-control.js";
import { toAccount, toBytes, toKey, type KvBytes } from "./bytes.js";
import { kvBlindWriteVersion, maxKvOperations } from "./constants.js";
import { KvTooManyOperationsError } from "./errors.js";
import { encodeStreamData, type KvRead, type KvWrite, type StreamData } from "./stream-data.js";
import { checkStreamId, streamTags } from "./stream-id.js";

export type KvBatchOptions = {
  /**
   * The version (a tx seq) the transaction is based on: it fails with `VersionConfliction` if a key
   * it reads or writes was written by a later transaction. @default kvBlindWriteVersion (never conflicts)
   */
  version?: bigint | undefined;
};

/**
 * A KV transaction being built: writes, deletions, reads (conflict checks) and access-control
 * operations on one or more streams. Every method checks its input at once (`InvalidStreamIdError`,
 * `InvalidKvKeyError`, `KvTooManyOperationsError`, `InvalidParameterError` for accounts) and returns
 * the batch, so calls chain. Create one with {@link kvBatch}; submit it with `writeKv`.
 */
export class KvBatch {
  /** The version the transaction is based on (`kvBlindWriteVersion` for blind writes). */
  readonly version: bigint;
  readonly #reads = new Map<string, KvRead>();
  readonly #writes = new Map<string, KvWrite>();
  readonly #controls: KvAccessControl[] = [];
  readonly #streams = new Set<Hex>();

  constructor({ version = kvBlindWriteVersion }: KvBatchOptions = {}) {
    if (typeof version !== "bigint" || version < 0n || version > kvBlindWriteVersion)
      throw new InvalidParameterError({ name: "version", value: version, expected: "a u64 bigint (a tx seq, or kvBlindWriteVersion)" });
    this.version = version;
  }

  /** Sets `key` of the stream to `value` (a later `set` or `delete` of the same key replaces it). An empty value deletes the key. */
  set(streamId: Hex, key: KvBytes, value: KvBytes): this {
    const id = this.#stream(streamId);
    const bytes = toKey(key);
    const data = toBytes(value, "value");
    const slot = `${id}${bytesToBase64(bytes)}`;
    if (!this.#writes.has(slot)) this.#room("writes", this.#writes.size);
    this.#writes.set(slot, { streamId: id, key: bytes, value: data });
    this.#streams.add(id);
    return this;
  }

  /** Deletes `key` (writes an empty value, which is how 0G's KV node records a deletion). */
  delete(streamId: Hex, key: KvBytes): this {
    return this.set(streamId, key, new Uint8Array(0));
  }

  /**
   * Records a read of `key`: the transaction fails with `VersionConfliction` if the key was written
   * after the batch's version (nothing is read; use it with an explicit `version`).
   */
  read(streamId: Hex, key: KvBytes): this {
    const id = this.#stream(streamId);
    const bytes = toKey(key);
    const slot = `${id}${bytesToBase64(bytes)}`;
    if (this.#reads.has(slot)) return this;
    this.#room("reads", this.#reads.size);
    this.#reads.set(slot, { streamId: id, key: bytes });
    this.#streams.add(id);
    return this;
  }

  /** Makes `account` an admin of the stream (admins manage writers and special keys). Admin only. */
  grantAdmin(streamId: Hex, account: Address): this {
    return this.#control({ type: "grantAdmin", streamId: this.#stream(streamId), account: toAccount(account) });
  }

  /** The sender gives up its admin role on the stream. */
  renounceAdmin(streamId: Hex): this {
    return this.#control({ type: "renounceAdmin", streamId: this.#stream(streamId) });
  }

  /** Makes `key` special: only its special writers (and admins) may write it. Admin only. */
  setKeySpecial(streamId: Hex, key: KvBytes): this {
    return this.#control({ type: "setKeySpecial", streamId: this.#stream(streamId), key: toKey(key) });
  }

  /** Makes `key` normal again: every writer of the stream may write it. Admin only. */
  setKeyNormal(streamId: Hex, key: KvBytes): this {
    return this.#control({ type: "setKeyNormal", streamId: this.#stream(streamId), key: toKey(key) });
  }

  /** Lets `account` write the stream's normal keys. Admins and writers. */
  grantWriter(streamId: Hex, account: Address): this {
    return this.#control({ type: "grantWriter", streamId: this.#stream(streamId), account: toAccount(account) });
  }

  /** Takes the writer role of the stream from `account`. Admin only. */
  revokeWriter(streamId: Hex, account: Address): this {
    return this.#control({ type: "revokeWriter", streamId: this.#stream(streamId), account: toAccount(account) });
  }

  /** The sender gives up its writer role on the stream. */
  renounceWriter(streamId: Hex): this {
    return this.#control({ type: "renounceWriter", streamId: this.#stream(streamId) });
  }

  /** Lets `account` write the special `key`. Admins and the key's special writers. */
  grantSpecialWriter(streamId: Hex, key: KvBytes, account: Address): this {
    return this.#control({ type: "grantSpecialWriter", streamId: this.#stream(streamId), key: toKey(key), account: toAccount(account) });
  }

  /** Takes the special-writer role of `key` from `account`. Admin only. */
  revokeSpecialWriter(streamId: Hex, key: KvBytes, account: Address): this {
    return this.#control({ type: "revokeSpecialWriter", streamId: this.#stream(streamId), key: toKey(key), account: toAccount(account) });
  }

  /** The sender gives up its special-writer role on `key`. */
  renounceSpecialWriter(streamId: Hex, key: KvBytes): this {
    return this.#control({ type: "renounceSpecialWriter", streamId: this.#stream(streamId), key: toKey(key) });
  }

  /** The streams the batch touches (lower-case ids, in order of first use): what its tags name. */
  get streamIds(): Hex[] {
    return [...this.#streams];
  }

  /** True when the batch has no operation at all. */
  get isEmpty(): boolean {
    return this.#reads.size === 0 && this.#writes.size === 0 && this.#controls.length === 0;
  }

  /** The transaction as a `StreamData` (its arrays are copies; the byte arrays are shared). */
  toStreamData(): StreamData {
    return { version: this.version, reads: [...this.#reads.values()], writes: [...this.#writes.values()], controls: [...this.#controls] };
  }

  /** The bytes of the transaction: the Flow file `writeKv` uploads. */
  encode(): Uint8Array {
    return encodeStreamData(this.toStreamData());
  }

  /** The submission tags: `streamDomain ‖ streamIds…`. */
  tags(): Hex {
    return streamTags(this.streamIds);
  }

  #stream(streamId: Hex): Hex {
    return checkStreamId(streamId);
  }

  #room(kind: "reads" | "writes" | "controls", size: number): void {
    if (size >= maxKvOperations) throw new KvTooManyOperationsError({ kind, count: size + 1 });
  }

  #control(control: KvAccessControl): this {
    this.#room("controls", this.#controls.length);
    this.#controls.push(control);
    this.#streams.add(control.streamId);
    return this;
  }
}

/**
 * Starts a KV transaction: chain `set`, `delete`, `read` and access-control calls, then submit it
 * with `writeKv` (or inspect it with `encode()` / `toStreamData()`).
 *
 * @example
 * import { kvBatch, toStreamId } from "@0g/storage";
 *
 * const notes = toStreamId("my-app/notes");
 * const batch = kvBatch().set(notes, "greeting", "hello").delete(notes, "draft").grantWriter(notes, "0x…");
 */
export function kvBatch(options: KvBatchOptions = {}): KvBatch {
  return new KvBatch(options);
}

/** The streams a `StreamData` touches, in order of first use. */
export function streamIdsOf(data: StreamData): Hex[] {
  const ids = new Set<Hex>();
  for (const r of data.reads) ids.add(checkStreamId(r.streamId));
  for (const w of data.writes) ids.add(checkStreamId(w.streamId));
  for (const c of data.controls) ids.add(checkStreamId(c.streamId));
  return [...ids];
}
