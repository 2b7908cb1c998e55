import { InvalidParameterError } from "@0g/core";
import { getAddress, isAddress, stringToBytes, type Address } from "viem";
import { maxKvKeySize } from "./constants.js";
import { InvalidKvKeyError } from "./errors.js";

/** A KV key or value: bytes, or a string (encoded as UTF-8). */
export type KvBytes = Uint8Array | string;

/** The bytes of a key or value (a copy, so that later changes to the caller's array do not leak in). */
export function toBytes(value: KvBytes, name: string): Uint8Array {
  if (typeof value === "string") return stringToBytes(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new InvalidParameterError({ name, value, expected: "a Uint8Array or a string" });
}

/**
 * The bytes of a key, checked: 1 to 2^24 - 1 bytes.
 *
 * @throws {InvalidKvKeyError}
 */
export function toKey(key: KvBytes, name = "key"): Uint8Array {
  // Refuse oversized keys before copying them (a string's UTF-8 is never shorter than its UTF-16 length).
  if (typeof key === "string" && key.length > maxKvKeySize) throw new InvalidKvKeyError({ size: key.length });
  if (key instanceof Uint8Array && (key.length === 0 || key.length > maxKvKeySize)) throw new InvalidKvKeyError({ size: key.length });
  const bytes = toBytes(key, name);
  if (bytes.length === 0 || bytes.length > maxKvKeySize) throw new InvalidKvKeyError({ size: bytes.length });
  return bytes;
}

/** Checks and checksums an account address. */
export function toAccount(value: unknown, name = "account"): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new InvalidParameterError({ name, value, expected: "an address" });
  return getAddress(value);
}

/** Byte-wise lexicographic order (shorter first on a common prefix), as the KV node orders keys. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The first key after every key that starts with `prefix`, or undefined when there is none (all 0xff). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const end = prefix.slice(0, i + 1);
      end[i]! += 1;
      return end;
    }
  }
  return undefined;
}
