import type { Hex } from "viem";
import { paramError } from "./rpc-errors.js";

/**
 * Positional JSON-RPC params read the way jsonrpsee's `ParamsSequence` reads them on 0G's node:
 * an absent `params` or `[]` is no params, a missing required one is "No more params", a value of
 * the wrong type gets serde's "invalid type: ..., expected ..." text (all -32602).
 */
export class ParamReader {
  readonly #values: readonly unknown[];
  #next = 0;

  constructor(params: unknown) {
    if (params === undefined || params === null) this.#values = [];
    else if (Array.isArray(params)) this.#values = params;
    else throw paramError(`Invalid params. Expected one of '[', ']' or ',' but found ${JSON.stringify(JSON.stringify(params))}`);
  }

  #take(): { present: boolean; value: unknown } {
    if (this.#next >= this.#values.length) return { present: false, value: undefined };
    return { present: true, value: this.#values[this.#next++] };
  }

  /** A required parameter, converted by `read`. */
  next<T>(read: (value: unknown) => T): T {
    const { present, value } = this.#take();
    if (!present) throw paramError("No more params");
    return read(value);
  }

  /** An optional trailing parameter: absent or `null` gives undefined. */
  optional<T>(read: (value: unknown) => T): T | undefined {
    const { present, value } = this.#take();
    if (!present || value === null) return undefined;
    return read(value);
  }
}

/** How serde names a JSON value in "invalid type" errors. */
function unexpected(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return "sequence";
  return "map";
}

const invalidType = (value: unknown, expected: string) => paramError(`invalid type: ${unexpected(value)}, expected ${expected}`);

/** u64 / usize: a non-negative JSON integer. */
export function readUint(expected = "u64"): (value: unknown) => number {
  return (value) => {
    if (typeof value !== "number" || !Number.isInteger(value)) throw invalidType(value, expected);
    if (value < 0) throw paramError(`invalid value: integer \`${value}\`, expected ${expected}`);
    return value;
  };
}

export const readBool = (value: unknown): boolean => {
  if (typeof value !== "boolean") throw invalidType(value, "a boolean");
  return value;
};

/** H256 as impl-serde reads it: 32 bytes of hex, with or without `0x`; returned lowercase with `0x`. */
export const readH256 = (value: unknown): Hex => {
  const expected = "a (both 0x-prefixed or not) hex string or byte array containing 32 bytes";
  if (typeof value !== "string") throw invalidType(value, expected);
  const hex = value.startsWith("0x") ? value.slice(2) : value;
  if (hex.length !== 64) throw paramError(`invalid length ${hex.length}, expected ${expected}`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw paramError(`invalid hex character, expected ${expected}`);
  return `0x${hex.toLowerCase()}`;
};

/** `Vec<u8>` with `#[serde(with = "base64")]`: standard base64. */
export const readBase64 = (value: unknown): Uint8Array => {
  if (value instanceof Uint8Array) return readBase64Bytes(value);
  if (typeof value !== "string") throw invalidType(value, "a string");
  // Fast path (a regex over a 350 KB segment costs ~1 ms). Buffer's decoder is lenient: it skips
  // characters that are not base64 (fewer bytes then come out than the length promises), reads "-"
  // and "_" as "+" and "/", and stops at an inner "=". Its result counts when none of that happened.
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 61) end--;
  if (value.length - end <= 2 && value.length % 4 !== 1 && value.indexOf("=") === (end === value.length ? -1 : end) && value.indexOf("-") < 0 && value.indexOf("_") < 0) {
    const decoded = Buffer.from(value, "base64");
    // A large result has its own memory (only small ones come from Buffer's shared pool): no copy.
    if (decoded.length === Math.floor((end * 3) / 4))
      return decoded.length >= Buffer.poolSize >>> 1 ? new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length) : new Uint8Array(decoded);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) {
    const offset = value.search(/[^A-Za-z0-9+/=]/);
    throw paramError(`Invalid byte ${value.charCodeAt(offset < 0 ? value.length - 1 : offset)}, offset ${offset < 0 ? value.length - 1 : offset}.`);
  }
  return new Uint8Array(Buffer.from(value, "base64"));
};

/**
 * {@link readBase64} of a long string handed over as its bytes (`cutLongStrings`): decoded in
 * 64 KiB slices, never as one string. Anything unusual goes through the string path and its errors.
 */
function readBase64Bytes(ascii: Uint8Array): Uint8Array {
  const source = Buffer.from(ascii.buffer, ascii.byteOffset, ascii.byteLength);
  let end = source.length;
  while (end > 0 && source[end - 1] === 61) end--;
  const equals = source.indexOf(61);
  if (source.length - end <= 2 && source.length % 4 !== 1 && (equals < 0 || equals === end) && source.indexOf(45) < 0 && source.indexOf(95) < 0) {
    const out = Buffer.allocUnsafeSlow(Math.floor((end * 3) / 4));
    let written = 0;
    let ok = true;
    for (let at = 0; at < source.length && ok; at += 65_536) {
      const stop = Math.min(source.length, at + 65_536);
      const n = out.write(source.toString("latin1", at, stop), written, "base64");
      ok = stop === source.length || n === ((stop - at) / 4) * 3; // a skipped character shows as a short write
      written += n;
    }
    if (ok && written === out.length) return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
  return readBase64(source.toString("latin1"));
}

/** `TxSeqOrRoot` (serde untagged): a u64 or a 32-byte hash. */
export const readTxSeqOrRoot = (value: unknown): { txSeq: number } | { root: Hex } => {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return { txSeq: value };
  if (typeof value === "string") {
    try {
      return { root: readH256(value) };
    } catch {
      // fall through to serde's untagged-enum message
    }
  }
  throw paramError("data did not match any variant of untagged enum TxSeqOrRoot");
};

/** `FileProof = { lemma: [H256], path: [bool] }`. */
export type WireProof = { lemma: Hex[]; path: boolean[] };

/** A decoded `SegmentWithProof` (`{ root, data: base64, index, proof, fileSize }`). */
export type WireSegment = { root: Hex; data: Uint8Array; index: number; proof: WireProof; fileSize: number };

function field(object: Record<string, unknown>, name: string): unknown {
  if (!(name in object)) throw paramError(`missing field \`${name}\``);
  return object[name];
}

function readArray<T>(value: unknown, expected: string, item: (v: unknown) => T): T[] {
  if (!Array.isArray(value)) throw invalidType(value, expected);
  return value.map(item);
}

export const readSegment = (value: unknown): WireSegment => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidType(value, "struct SegmentWithProof");
  const o = value as Record<string, unknown>;
  const root = readH256(field(o, "root"));
  const data = readBase64(field(o, "data"));
  const index = readUint("usize")(field(o, "index"));
  const rawProof = field(o, "proof");
  if (typeof rawProof !== "object" || rawProof === null || Array.isArray(rawProof)) throw invalidType(rawProof, "struct FileProof");
  const p = rawProof as Record<string, unknown>;
  const proof = {
    lemma: readArray(field(p, "lemma"), "a sequence", readH256),
    path: readArray(field(p, "path"), "a sequence", readBool),
  };
  const fileSize = readUint("usize")(field(o, "fileSize"));
  return { root, data, index, proof, fileSize };
};

export const readSegments = (value: unknown): WireSegment[] => readArray(value, "a sequence", readSegment);
