import { InvalidParameterError } from "../errors/general.js";
import type { RpcParams } from "./types.js";

/** A request on the wire. Ids are bigints so they stay exact above 2^53. */
export type WireRequest = { id: bigint; method: string; params: RpcParams | undefined };

type RawJsonFn = (text: string) => unknown;
const rawJSON = (JSON as unknown as { rawJSON?: RawJsonFn }).rawJSON;

/** A request body: JSON text, or its UTF-8 bytes when the params hold {@link RawJson} values. */
export type RequestBody = string | Uint8Array;

const utf8 = /*#__PURE__*/ new TextEncoder();
/** Marks where a RawJson value goes in the serialized text; the nonce keeps it from matching user data. */
const rawMarker = `\u0000rawjson-${Math.random().toString(36).slice(2)}-`;
/** The RawJson values met by the serialization in progress (JSON.stringify is synchronous). */
let collected: RawJson[] | undefined;

/**
 * JSON text already encoded as UTF-8 bytes, for a value inside a request's `params`: it is written
 * into the request body as is. Large payloads (a storage segment's base64, megabytes per request)
 * then never become JS strings, which V8 keeps in its large-object space until a full collection;
 * the body is sent as bytes. The bytes must be one valid JSON value.
 *
 * @example
 * const data = rawJson(new TextEncoder().encode(`"${base64}"`));
 * await node.request({ method: "zgs_uploadSegmentsByTxSeq", params: [[{ ...segment, data }], txSeq] });
 */
export class RawJson {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  /** What JSON.stringify sees: a marker that `serializeRequest` replaces by the bytes. */
  toJSON(): string {
    if (collected === undefined) {
      throw new InvalidParameterError({ name: "params", value: "RawJson", expected: "RawJson values only inside the params of an RPC request" });
    }
    collected.push(this);
    return `${rawMarker}${collected.length - 1}`;
  }
}

/** `new RawJson(bytes)`. */
export function rawJson(bytes: Uint8Array): RawJson {
  return new RawJson(bytes);
}

/**
 * Serializes one request. The id is written as an exact JSON integer; bigints inside `params` are
 * written as exact JSON integers too (with `JSON.rawJSON`, Node >= 22). `params` is omitted when
 * undefined, as 0G's own clients do. Params holding {@link RawJson} values give UTF-8 bytes.
 */
export function serializeRequest({ id, method, params }: WireRequest): RequestBody {
  const raw: RawJson[] = [];
  collected = raw;
  let paramsJson: string;
  try {
    paramsJson = params === undefined ? "" : `,"params":${stringifyParams(params, method)}`;
  } finally {
    collected = undefined;
  }
  const text = `{"jsonrpc":"2.0","id":${id.toString()},"method":${JSON.stringify(method)}${paramsJson}}`;
  return raw.length === 0 ? text : spliceRawJson(text, raw);
}

/** The UTF-8 bytes of `text` with each quoted RawJson marker replaced by its bytes. */
function spliceRawJson(text: string, raw: readonly RawJson[]): Uint8Array {
  const marker = JSON.stringify(rawMarker).slice(0, -1); // `"` and the marker, escaped as JSON writes it
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(marker, from);
    if (at < 0) break;
    const close = text.indexOf('"', at + marker.length);
    const index = Number(text.slice(at + marker.length, close));
    pieces.push(utf8.encode(text.slice(from, at)), raw[index]!.bytes);
    from = close + 1;
  }
  pieces.push(utf8.encode(text.slice(from)));
  return concatBytes(pieces);
}

/** One Uint8Array of all `pieces`. */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

/** The body of several requests: a JSON array (bytes when one of them is bytes). */
export function joinRequests(bodies: readonly RequestBody[]): RequestBody {
  if (bodies.every((b) => typeof b === "string")) return `[${bodies.join(",")}]`;
  const pieces: Uint8Array[] = [utf8.encode("[")];
  bodies.forEach((body, i) => {
    if (i > 0) pieces.push(utf8.encode(","));
    pieces.push(typeof body === "string" ? utf8.encode(body) : body);
  });
  pieces.push(utf8.encode("]"));
  return concatBytes(pieces);
}

function stringifyParams(params: RpcParams, method: string): string {
  // Without a replacer first: V8's fast serializer (several times faster on large params). Only
  // params holding a bigint (a TypeError here) need the replacer.
  const before = collected?.length ?? 0;
  try {
    return JSON.stringify(params);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw error;
    // a bigint, or not serializable at all: the replacer path below tells which
    if (collected) collected.length = before;
  }
  try {
    return JSON.stringify(params, (_key, value: unknown) => {
      if (typeof value !== "bigint") return value;
      if (rawJSON === undefined) {
        throw new InvalidParameterError({
          name: "params",
          value,
          expected: "no bigint (this runtime lacks JSON.rawJSON; pass a number or a string)",
        });
      }
      return rawJSON(value.toString());
    });
  } catch (error) {
    if (error instanceof InvalidParameterError) throw error;
    throw new InvalidParameterError({
      name: "params",
      value: `params of ${method}`,
      expected: `JSON-serializable params (${error instanceof Error ? error.message : String(error)})`,
    });
  }
}

/** A parsed response body that can still tell each envelope's id exactly. */
export type ParsedBody = {
  value: unknown;
  /** The id of a top-level response object: a bigint, `null`, or `undefined` when absent or not an integer. */
  idOf(envelope: object): bigint | null | undefined;
};

type ReviverWithSource = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/**
 * Parses a response body. Ids are read without precision loss: when an id is a number beyond 2^53,
 * the body is parsed again with a reviver that reads the id's source text (`context.source`).
 * Returns `undefined` when the body is not JSON.
 */
export function parseBody(text: string): ParsedBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelopes = Array.isArray(value) ? value : [value];
  const needsSource = envelopes.some(
    (e) => isObject(e) && typeof e.id === "number" && Number.isInteger(e.id) && !Number.isSafeInteger(e.id),
  );
  if (!needsSource) return { value, idOf: (envelope) => readId(envelope, undefined) };

  const sources = new WeakMap<object, string>();
  const reviver: ReviverWithSource = function (key, v, context) {
    if (key === "id" && typeof v === "number" && context?.source !== undefined && isObject(this)) {
      sources.set(this, context.source);
    }
    return v;
  };
  value = JSON.parse(text, reviver as (this: unknown, key: string, value: unknown) => unknown);
  return { value, idOf: (envelope) => readId(envelope, sources) };
}

/** Where a large string of a response went: the text parsed holds this marker and its index instead. */
const stringMarker = `\u0000rawstring-${Math.random().toString(36).slice(2)}-`;

/**
 * Cuts the long strings out of a JSON text given as UTF-8 bytes: every string value (not an object
 * key) of at least `minLength` bytes with no escape in it is replaced in `text` by a marker string,
 * `marker` followed by its index in `strings`, which holds the bytes between its quotes. Large
 * payloads (a segment's base64) thus never become JS strings. Used on both sides of the wire: this
 * transport's responses and the devnet's requests.
 */
export function cutLongJsonStrings(
  body: Uint8Array,
  minLength: number,
  decode: (bytes: Uint8Array) => string = (bytes) => utf8Decoder.decode(bytes),
): { text: string; strings: Uint8Array[]; marker: string } {
  const bytes = fastSearch(body);
  const pieces: string[] = [];
  const strings: Uint8Array[] = [];
  let from = 0;
  let pos = 0;
  for (;;) {
    const open = bytes.indexOf(0x22, pos);
    if (open < 0) break;
    let close = open;
    for (;;) {
      close = bytes.indexOf(0x22, close + 1);
      if (close < 0) break;
      let backslashes = 0;
      while (close - backslashes - 1 > open && bytes[close - backslashes - 1] === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    if (close < 0) break; // unterminated: JSON.parse rejects the body
    const backslash = close - open - 1 >= minLength ? bytes.indexOf(0x5c, open + 1) : 0;
    if (close - open - 1 >= minLength && (backslash < 0 || backslash > close) && !isKey(bytes, close + 1)) {
      pieces.push(decode(bytes.subarray(from, open)), `"${markerJson}${strings.length}"`);
      strings.push(bytes.subarray(open + 1, close));
      from = close + 1;
    }
    pos = close + 1;
  }
  pieces.push(decode(bytes.subarray(from)));
  return { text: pieces.join(""), strings, marker: stringMarker };
}

const utf8Decoder = new TextDecoder();
const markerJson = JSON.stringify(stringMarker).slice(1, -1);

/**
 * Parses a response body given as UTF-8 bytes ({@link cutLongJsonStrings}): under an envelope's
 * `result` the long strings come back as `Uint8Array` views of their raw text; anywhere else (an
 * error's `data`) as the strings they are. `text` is the body with those strings left out, for
 * error messages.
 */
export function parseBodyBytes(body: Uint8Array, minLength: number): { parsed: ParsedBody | undefined; text: string } {
  const { text, strings: raw } = cutLongJsonStrings(body, minLength);
  const parsed = parseBody(text);
  if (parsed === undefined || raw.length === 0) return { parsed, text };
  const restore = (value: unknown, asBytes: boolean): unknown => {
    if (typeof value === "string") {
      if (!value.startsWith(stringMarker)) return value;
      const bytes = raw[Number(value.slice(stringMarker.length))]!;
      return asBytes ? bytes : utf8Decoder.decode(bytes);
    }
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = restore(value[i], asBytes);
    else if (isObject(value)) for (const key of Object.keys(value)) value[key] = restore(value[key], asBytes);
    return value;
  };
  const envelopes = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  for (const envelope of envelopes) {
    if (!isObject(envelope)) continue;
    for (const key of Object.keys(envelope)) envelope[key] = restore(envelope[key], key === "result");
  }
  return { parsed, text };
}

/**
 * `bytes` with a fast `indexOf`: in Node a Buffer view of the same memory (memchr, some 40x faster
 * than TypedArray.prototype.indexOf on a 350 KB segment); elsewhere `bytes` itself.
 */
function fastSearch(bytes: Uint8Array): Uint8Array {
  const NodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array } }).Buffer;
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

/** Whether the JSON string that ends before `at` is an object key (a colon follows it). */
function isKey(bytes: Uint8Array, at: number): boolean {
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return bytes[at] === 0x3a;
}

const integerPattern = /^-?\d+$/;

function readId(envelope: object, sources: WeakMap<object, string> | undefined): bigint | null | undefined {
  const id = (envelope as { id?: unknown }).id;
  if (id === null) return null;
  if (typeof id === "number") {
    if (Number.isSafeInteger(id)) return BigInt(id);
    const source = sources?.get(envelope);
    if (source !== undefined && integerPattern.test(source)) return BigInt(source);
    // Without source access the id cannot be known exactly; it matches nothing rather than the wrong request.
    return undefined;
  }
  // Some servers echo ids as strings.
  if (typeof id === "string" && integerPattern.test(id)) return BigInt(id);
  return undefined;
}

/** True for plain JSON objects (not arrays, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
