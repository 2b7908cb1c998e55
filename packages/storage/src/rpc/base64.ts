import { InvalidParameterError } from "@0g/core";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const codes = /*#__PURE__*/ (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * Standard base64 with padding (what the node's serde `base64` module writes). No Node built-ins.
 *
 * @example
 * bytesToBase64(new Uint8Array([104, 105])); // "aGk="
 */
export function bytesToBase64(bytes: Uint8Array): string {
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
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  if (text.length - end > 2 || end % 4 === 1) throw invalid(text);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? codes[c]! : -1;
    if (v < 0) throw invalid(text);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

function invalid(text: string) {
  return new InvalidParameterError({ name: "base64", value: text, expected: "standard base64" });
}
