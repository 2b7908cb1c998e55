// Keys as the KV node compares and prints them.

/**
 * A key as lowercase hex without `0x`. Comparing two such strings with `<` orders the keys as
 * SQLite orders BLOBs (memcmp, a prefix before its extensions), since every byte becomes two
 * characters that sort like it.
 */
export type KeyHex = string;

export function keyHex(key: Uint8Array): KeyHex {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("hex");
}

export function keyBytes(hex: KeyHex): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** The first index of `sorted` whose entry is `>= key` (`> key` when `strict`). */
export function lowerBound(sorted: readonly string[], key: string, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const entry = sorted[mid]!;
    if (entry < key || (strict && entry === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * `truncated_key` of 0G's replayer, as its results print keys: `NONE` for an empty key, `UNKNOWN`
 * when it is not UTF-8, else its first 32 characters (Unicode scalar values).
 */
export function truncatedKey(key: Uint8Array): string {
  if (key.length === 0) return "NONE";
  let text: string;
  try {
    text = utf8.decode(key);
  } catch {
    return "UNKNOWN";
  }
  const chars = Array.from(text);
  return chars.length <= 32 ? text : chars.slice(0, 32).join("");
}
