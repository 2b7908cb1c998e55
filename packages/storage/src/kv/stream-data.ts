import { bytesToHex, getAddress, hexToBytes, type Address, type Hex } from "viem";
import { chunkSize } from "../constants.js";
import {
  kvAccessControlFields,
  kvAccessControlOps,
  kvAccessControlType,
  type KvAccessControl,
} from "./access-control.js";
import { maxKvKeySize, maxKvOperations } from "./constants.js";
import { InvalidKvKeyError, KvTooManyOperationsError, StreamDataDecodeError } from "./errors.js";
import { checkStreamId } from "./stream-id.js";

/** A key the transaction read: it conflicts if the key was written after the transaction's version. */
export type KvRead = { streamId: Hex; key: Uint8Array };
/** A key the transaction sets (an empty value deletes it, as 0G's node treats it). */
export type KvWrite = { streamId: Hex; key: Uint8Array; value: Uint8Array };

/**
 * A KV transaction as it is stored in a Flow file (0G's `StreamData`): big-endian
 * `version u64`, `u32 n` reads `[streamId, u24 keyLen, key]`, `u32 n` writes
 * `[streamId, u24 keyLen, key, u64 dataLen]` followed by all the values, then `u32 n`
 * access-control operations `[u8 type, streamId, (u24 keyLen, key)?, (account)?]`.
 */
export type StreamData = {
  /** The version the transaction is based on; `kvBlindWriteVersion` (2^64 - 1) never conflicts. */
  version: bigint;
  reads: KvRead[];
  writes: KvWrite[];
  controls: KvAccessControl[];
};

const versionSize = 8;
const streamIdSize = 32;
const keyLengthSize = 3;
const setLengthSize = 4;
const dataLengthSize = 8;
const addressSize = 20;

function checkKey(key: Uint8Array): void {
  if (key.length === 0 || key.length > maxKvKeySize) throw new InvalidKvKeyError({ size: key.length });
}

function checkCount(kind: "reads" | "writes" | "controls", count: number): void {
  if (count > maxKvOperations) throw new KvTooManyOperationsError({ kind, count });
}

/** Bytes of the encoding of `data`. */
export function streamDataSize(data: StreamData): number {
  let size = versionSize + 3 * setLengthSize;
  for (const r of data.reads) size += streamIdSize + keyLengthSize + r.key.length;
  for (const w of data.writes) size += streamIdSize + keyLengthSize + w.key.length + dataLengthSize + w.value.length;
  for (const c of data.controls) {
    const fields = kvAccessControlFields(c.type);
    size += 1 + streamIdSize + (fields.key ? keyLengthSize + (c as { key: Uint8Array }).key.length : 0) + (fields.account ? addressSize : 0);
  }
  return size;
}

/**
 * Encodes a KV transaction as 0G's node parses it (`stream_replayer.rs`), byte for byte what
 * 0G's Go and TS clients write.
 *
 * @throws {InvalidStreamIdError} {InvalidKvKeyError} {KvTooManyOperationsError} before anything is written.
 */
export function encodeStreamData(data: StreamData): Uint8Array<ArrayBuffer> {
  if (data.version < 0n || data.version > 0xffff_ffff_ffff_ffffn) throw new RangeError(`version ${data.version} is not a u64`);
  checkCount("reads", data.reads.length);
  checkCount("writes", data.writes.length);
  checkCount("controls", data.controls.length);
  for (const r of data.reads) (checkStreamId(r.streamId), checkKey(r.key));
  for (const w of data.writes) (checkStreamId(w.streamId), checkKey(w.key));
  for (const c of data.controls) {
    checkStreamId(c.streamId);
    if ("key" in c) checkKey(c.key);
  }

  const out = new Uint8Array(streamDataSize(data));
  const view = new DataView(out.buffer);
  let at = 0;
  const u24 = (n: number) => {
    out[at] = n >>> 16;
    out[at + 1] = (n >>> 8) & 0xff;
    out[at + 2] = n & 0xff;
    at += 3;
  };
  const u32 = (n: number) => {
    view.setUint32(at, n);
    at += 4;
  };
  const put = (bytes: Uint8Array) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  view.setBigUint64(at, data.version);
  at += 8;
  u32(data.reads.length);
  for (const r of data.reads) (put(hexToBytes(r.streamId)), u24(r.key.length), put(r.key));
  u32(data.writes.length);
  for (const w of data.writes) {
    put(hexToBytes(w.streamId));
    u24(w.key.length);
    put(w.key);
    view.setBigUint64(at, BigInt(w.value.length));
    at += 8;
  }
  for (const w of data.writes) put(w.value);
  u32(data.controls.length);
  for (const c of data.controls) {
    out[at++] = kvAccessControlOps[c.type];
    put(hexToBytes(c.streamId));
    if ("key" in c) (u24(c.key.length), put(c.key));
    if ("account" in c) put(hexToBytes(c.account));
  }
  return out;
}

const invalidData = "Invalid stream data";
const listTooLong = "Stream read/write/access_control list too long";

/** A write as the node indexes it: where its value lies in the transaction's data. */
export type KvWriteEntry = { streamId: Hex; key: Uint8Array; start: number; end: number };

/**
 * Reads a `StreamData` section by section, in the order 0G's node validates them (version, reads,
 * writes, access control), so that a replayer can check each section before parsing the next, as
 * the node does. Like the node, it reads the data padded with zeros to a whole number of 256-byte
 * chunks (what the Flow stores), and ignores bytes after the last section.
 *
 * Each method throws `StreamDataDecodeError` with the node's reason when the bytes run out or a
 * field is invalid.
 */
export class StreamDataDecoder {
  readonly #data: Uint8Array;
  readonly #limit: number;
  #at = 0;
  #section: StreamDataDecodeError["section"] = "version";

  constructor(data: Uint8Array) {
    this.#data = data;
    this.#limit = Math.ceil(data.length / chunkSize) * chunkSize;
  }

  /** Offset of the next unread byte. */
  get offset(): number {
    return this.#at;
  }

  #fail(reason: string, details: string): never {
    throw new StreamDataDecodeError({ reason, section: this.#section, offset: this.#at, details });
  }

  #take(n: number): Uint8Array {
    if (this.#at + n > this.#limit) this.#fail(invalidData, `needs ${n} more bytes, ${Math.max(0, this.#limit - this.#at)} left`);
    const out = new Uint8Array(n);
    const end = Math.min(this.#at + n, this.#data.length);
    if (end > this.#at) out.set(this.#data.subarray(this.#at, end));
    this.#at += n;
    return out;
  }

  #uint(n: number): bigint {
    let v = 0n;
    for (const b of this.#take(n)) v = (v << 8n) | BigInt(b);
    return v;
  }

  #count(): number {
    const n = Number(this.#uint(setLengthSize));
    if (n > maxKvOperations) this.#fail(listTooLong, `${n} entries > ${maxKvOperations}`);
    return n;
  }

  #streamId(): Hex {
    return bytesToHex(this.#take(streamIdSize));
  }

  #key(): Uint8Array {
    const n = Number(this.#uint(keyLengthSize));
    if (n === 0) this.#fail(invalidData, "empty key");
    return this.#take(n);
  }

  #account(): Address {
    return getAddress(bytesToHex(this.#take(addressSize)));
  }

  version(): bigint {
    this.#section = "version";
    return this.#uint(versionSize);
  }

  reads(): KvRead[] {
    this.#section = "reads";
    const n = this.#count();
    const reads: KvRead[] = [];
    for (let i = 0; i < n; i++) reads.push({ streamId: this.#streamId(), key: this.#key() });
    return reads;
  }

  /** The write headers with the byte range of each value (the values follow the headers). */
  writes(): KvWriteEntry[] {
    this.#section = "writes";
    const n = this.#count();
    const headers: { streamId: Hex; key: Uint8Array; size: bigint }[] = [];
    for (let i = 0; i < n; i++) headers.push({ streamId: this.#streamId(), key: this.#key(), size: this.#uint(dataLengthSize) });
    const entries: KvWriteEntry[] = [];
    let start = this.#at;
    for (const h of headers) {
      if (BigInt(start) + h.size > BigInt(this.#limit)) this.#fail(invalidData, `a value of ${h.size} bytes runs past the end of the data`);
      const end = start + Number(h.size);
      entries.push({ streamId: h.streamId, key: h.key, start, end });
      start = end;
    }
    this.#at = start;
    return entries;
  }

  /** The bytes of a value found by `writes()`. */
  value(entry: { start: number; end: number }): Uint8Array {
    const out = new Uint8Array(entry.end - entry.start);
    const end = Math.min(entry.end, this.#data.length);
    if (end > entry.start) out.set(this.#data.subarray(entry.start, end));
    return out;
  }

  controls(): KvAccessControl[] {
    this.#section = "controls";
    const n = this.#count();
    const controls: KvAccessControl[] = [];
    for (let i = 0; i < n; i++) {
      const code = this.#take(1)[0]!;
      const type = kvAccessControlType(code);
      if (type === undefined) this.#fail(invalidData, `unknown access-control type 0x${code.toString(16).padStart(2, "0")}`);
      const streamId = this.#streamId();
      const fields = kvAccessControlFields(type);
      const key = fields.key ? this.#key() : undefined;
      const account = fields.account ? this.#account() : undefined;
      controls.push({ type, streamId, ...(key ? { key } : {}), ...(account ? { account } : {}) } as KvAccessControl);
    }
    return controls;
  }
}

/**
 * Decodes a whole `StreamData` (values copied out).
 *
 * @throws {StreamDataDecodeError} with the reason 0G's node would record.
 */
export function decodeStreamData(bytes: Uint8Array): StreamData {
  const decoder = new StreamDataDecoder(bytes);
  const version = decoder.version();
  const reads = decoder.reads();
  const writes = decoder.writes().map((w) => ({ streamId: w.streamId, key: w.key, value: decoder.value(w) }));
  const controls = decoder.controls();
  return { version, reads, writes, controls };
}
