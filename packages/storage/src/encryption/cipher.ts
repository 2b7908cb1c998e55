import { InvalidParameterError } from "@0g/core";
import { secp256k1 } from "@noble/curves/secp256k1";
import { hexToBytes, isHex, type Hex } from "viem";
import { CryptoUnavailableError } from "../transfer/errors.js";

// AES-256-CTR and the ECIES key agreement of 0G's clients, on WebCrypto (Node 22+ and browsers'
// secure contexts) plus noble's secp256k1 for ECDH. The CTR counter of byte `offset` of the
// plaintext is `nonce + floor(offset / 16)` (a 128-bit big-endian add), so any range can be
// (de)crypted on its own; WebCrypto's AES-CTR with `length: 128` increments the same way.

const eciesInfo = /*#__PURE__*/ new TextEncoder().encode("0g-storage-client/ecies/v1/aes-256");

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new CryptoUnavailableError();
  return s;
}

/** Random bytes from the platform's CSPRNG. */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** Bytes from hex or bytes, checking the length. */
export function toKeyBytes(name: string, value: Hex | Uint8Array, lengths: readonly number[]): Uint8Array {
  const bytes = typeof value === "string" ? (isHex(value, { strict: true }) ? hexToBytes(value) : undefined) : value;
  if (!(bytes instanceof Uint8Array) || !lengths.includes(bytes.length))
    throw new InvalidParameterError({
      name,
      value: typeof value === "string" ? `${value.slice(0, 6)}…` : `${(value as Uint8Array)?.length} bytes`,
      expected: `${lengths.join(" or ")} bytes (hex or Uint8Array)`,
    });
  return bytes;
}

/** `nonce + blocks` as a 128-bit big-endian counter. */
function counterAt(nonce: Uint8Array, blocks: number): Uint8Array {
  const counter = nonce.slice(0, 16);
  let carry = blocks;
  for (let i = 15; i >= 0 && carry > 0; i--) {
    const sum = counter[i]! + (carry % 256);
    counter[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum > 0xff ? 1 : 0);
  }
  return counter;
}

/** An AES-256-CTR keystream: `cryptAt` encrypts and decrypts (the same XOR). */
export type CtrCipher = {
  /** `data` XOR the keystream from plaintext byte `offset`; returns new bytes. */
  cryptAt(offset: number, data: Uint8Array): Promise<Uint8Array>;
};

/**
 * An AES-256-CTR cipher for a key and nonce, on WebCrypto.
 *
 * @example
 * const cipher = createCtrCipher(key, nonce);
 * const ciphertext = await cipher.cryptAt(0, plaintext);
 */
export function createCtrCipher(key: Uint8Array, nonce: Uint8Array): CtrCipher {
  let imported: Promise<CryptoKey> | undefined;
  return {
    async cryptAt(offset, data) {
      if (data.length === 0) return new Uint8Array(0);
      imported ??= subtle().importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "AES-CTR" }, false, ["encrypt"]);
      const skip = offset % 16;
      const input = new Uint8Array(skip + data.length);
      input.set(data, skip);
      const counter = counterAt(nonce, Math.floor(offset / 16));
      const out = await subtle().encrypt({ name: "AES-CTR", counter: counter as Uint8Array<ArrayBuffer>, length: 128 }, await imported, input);
      return new Uint8Array(out, skip);
    },
  };
}

/** HKDF-SHA256(ECDH x, salt = empty, info = "0g-storage-client/ecies/v1/aes-256"), 32 bytes. */
async function eciesKey(privateKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  const sharedX = secp256k1.getSharedSecret(privateKey, publicKey, true).slice(1);
  const material = await subtle().importKey("raw", sharedX, "HKDF", false, ["deriveBits"]);
  const bits = await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: eciesInfo }, material, 256);
  return new Uint8Array(bits);
}

/** A compressed public key from a 33-byte compressed, 65-byte uncompressed or 64-byte raw key. */
export function compressPublicKey(publicKey: Hex | Uint8Array): Uint8Array {
  let bytes = toKeyBytes("encryption.publicKey", publicKey, [33, 64, 65]);
  if (bytes.length === 64) bytes = Uint8Array.of(4, ...bytes);
  try {
    return secp256k1.ProjectivePoint.fromHex(bytes).toRawBytes(true);
  } catch {
    throw new InvalidParameterError({ name: "encryption.publicKey", value: `${bytes.length} bytes`, expected: "a secp256k1 public key" });
  }
}

/** ECIES for a recipient: a fresh ephemeral key pair and the AES key both sides derive. */
export async function eciesEncryptKey(recipient: Hex | Uint8Array): Promise<{ key: Uint8Array; ephemeralPublicKey: Uint8Array }> {
  const publicKey = compressPublicKey(recipient);
  const ephemeral = secp256k1.utils.randomPrivateKey();
  return { key: await eciesKey(ephemeral, publicKey), ephemeralPublicKey: secp256k1.getPublicKey(ephemeral, true) };
}

/** The AES key of a v2 file for the recipient's private key. */
export async function eciesDecryptKey(privateKey: Hex | Uint8Array, ephemeralPublicKey: Uint8Array): Promise<Uint8Array> {
  const secret = toKeyBytes("decryption.privateKey", privateKey, [32]);
  if (!secp256k1.utils.isValidPrivateKey(secret))
    throw new InvalidParameterError({ name: "decryption.privateKey", value: "32 bytes", expected: "a valid secp256k1 private key" });
  return eciesKey(secret, ephemeralPublicKey);
}
