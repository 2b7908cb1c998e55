import { InvalidParameterError } from "@0g/core";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const codes = /*#__PURE__*/ (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * Node's Buffer when the runtime has one (found on `globalThis`, never imported, so browser builds
 * stay free of Node built-ins): its base64 codec is native (SIMD) and makes no intermediate
 * strings, which on 256 KiB segments is ~10x faster than the portable code below and leaves far
 * less garbage behind.
 */
type NativeBuffer = Uint8Array & {
  indexOf(value: number, byteOffset?: number): number;
  toString(encoding: "base64" | "latin1", start?: number, end?: number): string;
  write(text: string, offset: number, encoding: "base64" | "latin1"): number;
};
type NativeBufferClass = {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NativeBuffer;
  from(text: string, encoding: "base64"): NativeBuffer;
  readonly poolSize: number;
};
const NativeBuffer = /*#__PURE__*/ (() => {
  const candidate = (globalThis as { Buffer?: NativeBufferClass }).Buffer;
  return typeof candidate?.from === "function" ? candidate : undefined;
})();

/**
 * Standard base64 with padding (what the node's serde `base64` module writes).
 *
 * @example
 * bytesToBase64(new Uint8Array([104, 105])); // "aGk="
 */
export function bytesToBase64(bytes: Uint8Array): string {
  if (NativeBuffer) return NativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  return portableBytesToBase64(bytes);
}

/** `bytesToBase64` without Node built-ins (browsers). */
export function portableBytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 3 * 4096;
  for (let start = 0; start < bytes.length; start += step) {
    const end = Math.min(start + step, bytes.length);
    let out = "";
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
    }
    if (i < end) {
      const n = (bytes[i]! << 16) | (i + 1 < end ? bytes[i + 1]! << 8 : 0);
      out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (i + 1 < end ? alphabet[(n >> 6) & 63]! : "=") + "=";
    }
    parts.push(out);
  }
  return parts.join("");
}

/**
 * Decodes standard base64 (padding optional, whitespace not allowed).
 *
 * @example
 * base64ToBytes("aGk="); // Uint8Array [104, 105]
 */
export function base64ToBytes(text: string): Uint8Array {
  if (NativeBuffer) {
    // Buffer's decoder is lenient: it skips characters that are not base64 (then fewer bytes come
    // out than the length promises), reads "-" and "_" as "+" and "/", and stops at an inner "=".
    // Its result counts when none of that happened; anything else takes the strict path below.
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
    if (text.length - end <= 2 && end % 4 !== 1 && text.indexOf("=") === (end === text.length ? -1 : end) && text.indexOf("-") < 0 && text.indexOf("_") < 0) {
      const decoded = NativeBuffer.from(text, "base64");
      if (decoded.byteLength === Math.floor((end * 3) / 4))
        // Small results are views into Buffer's shared pool: copy those, so `.buffer` is the result's own.
        return decoded.byteLength < NativeBuffer.poolSize >>> 1 ? new Uint8Array(decoded) : new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    }
  }
  return portableBase64ToBytes(text);
}

/** `base64ToBytes` without Node built-ins (browsers). */
export function portableBase64ToBytes(text: string): Uint8Array {
  return decodeCodes(text.length, (i) => text.charCodeAt(i), () => text);
}

/** The strict decoder over character codes (a string's or ASCII bytes'). */
function decodeCodes(length: number, codeAt: (i: number) => number, source: () => unknown): Uint8Array {
  let end = length;
  while (end > 0 && codeAt(end - 1) === 61) end--;
  if (length - end > 2 || end % 4 === 1) throw invalid(source());
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = codeAt(i);
    const v = c < 128 ? codes[c]! : -1;
    if (v < 0) throw invalid(source());
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

function invalid(text: unknown) {
  return new InvalidParameterError({ name: "base64", value: text, expected: "standard base64" });
}

// ---- base64 as bytes: segments on the wire without megabyte strings ---------------------------
// A 256 KiB segment is ~350 KB of base64. As a JS string that lands in V8's large-object space and
// stays until a full collection; an upload or download of a large file then grows the heap by
// hundreds of megabytes. These write and read the base64 text as bytes, through strings of at
// most 64 KiB (young-generation objects that die cheaply).

/** Bytes of input per native slice: a multiple of 3 whose base64 is 64 KiB. */
const encodeSlice = 49_152;
/** Characters of base64 per native slice: a multiple of 4. */
const decodeSlice = 65_536;

/**
 * The JSON string of the base64 of `bytes` (quotes included), as ASCII bytes.
 *
 * @example
 * new TextDecoder().decode(base64JsonBytes(new Uint8Array([104, 105]))); // '"aGk="'
 */
export function base64JsonBytes(bytes: Uint8Array): Uint8Array {
  const length = 4 * Math.ceil(bytes.length / 3);
  const out = new Uint8Array(length + 2);
  out[0] = 0x22;
  out[length + 1] = 0x22;
  if (NativeBuffer) {
    const target = NativeBuffer.from(out.buffer, out.byteOffset, out.byteLength);
    const source = NativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let o = 1;
    for (let at = 0; at < bytes.length; at += encodeSlice) o += target.write(source.toString("base64", at, Math.min(bytes.length, at + encodeSlice)), o, "latin1");
    return out;
  }
  const text = portableBytesToBase64(bytes);
  for (let i = 0; i < length; i++) out[i + 1] = text.charCodeAt(i);
  return out;
}

/**
 * Decodes base64 given as ASCII bytes (what `RpcRequestOptions.largeStrings` hands back), with the
 * rules of {@link base64ToBytes}; into `into` when it is large enough (in Node).
 *
 * @example
 * base64AsciiToBytes(new TextEncoder().encode("aGk=")); // Uint8Array [104, 105]
 */
export function base64AsciiToBytes(ascii: Uint8Array, into?: Uint8Array): Uint8Array {
  if (NativeBuffer) {
    // Searched through a Buffer view: its indexOf is memchr, TypedArray's a loop 40x slower.
    const source = NativeBuffer.from(ascii.buffer, ascii.byteOffset, ascii.byteLength);
    let end = ascii.length;
    while (end > 0 && ascii[end - 1] === 61) end--;
    const equals = source.indexOf(61);
    if (ascii.length - end <= 2 && end % 4 !== 1 && (equals < 0 || equals === end) && source.indexOf(45) < 0 && source.indexOf(95) < 0) {
      const size = Math.floor((end * 3) / 4);
      const out = into !== undefined && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
      const target = NativeBuffer.from(out.buffer, out.byteOffset, out.byteLength);
      let o = 0;
      let ok = true;
      for (let at = 0; at < ascii.length && ok; at += decodeSlice) {
        const stop = Math.min(ascii.length, at + decodeSlice);
        const written = target.write(source.toString("latin1", at, stop), o, "base64");
        // Every slice but the last is whole groups of 4: a skipped character shows as a short write.
        ok = stop === ascii.length || written === ((stop - at) / 4) * 3;
        o += written;
      }
      if (ok && o === out.length) return out;
    }
  }
  return decodeCodes(ascii.length, (i) => ascii[i]!, () => new TextDecoder().decode(ascii.subarray(0, 64)));
}
