import { DecryptionError } from "../transfer/errors.js";

// The encryption header 0G's clients put in front of the ciphertext (0g-storage-client, and
// 0g-ts-sdk 1.2.x `common/encryption.ts`):
//   v1 (symmetric AES-256-CTR): [0x01][nonce 16]                              17 bytes
//   v2 (ECIES):                 [0x02][ephemeral compressed pubkey 33][nonce 16]  50 bytes
// The file root covers the header and the ciphertext.

/** Header version of AES-256-CTR with a caller key. */
export const symmetricVersion = 1;
/** Header version of ECIES (secp256k1 ECDH + HKDF-SHA256, then AES-256-CTR). */
export const eciesVersion = 2;
/** Bytes of a v1 header. */
export const symmetricHeaderSize = 17;
/** Bytes of a v2 header. */
export const eciesHeaderSize = 50;

/** A parsed encryption header. */
export type EncryptionHeader =
  | { version: 1; nonce: Uint8Array; size: 17 }
  | { version: 2; nonce: Uint8Array; ephemeralPublicKey: Uint8Array; size: 50 };

/** The header's bytes. */
export function encodeHeader(header: EncryptionHeader): Uint8Array {
  const out = new Uint8Array(header.size);
  out[0] = header.version;
  if (header.version === symmetricVersion) out.set(header.nonce, 1);
  else {
    out.set(header.ephemeralPublicKey, 1);
    out.set(header.nonce, 34);
  }
  return out;
}

/**
 * Reads the encryption header at the start of a downloaded file (0G's `parseEncryptionHeader`).
 *
 * @throws {DecryptionError} when the bytes start with no known version or are too short.
 *
 * @example
 * const header = parseEncryptionHeader(firstBytes); // { version: 1, nonce, size: 17 }
 */
export function parseEncryptionHeader(bytes: Uint8Array): EncryptionHeader {
  const version = bytes[0];
  if (version === symmetricVersion) {
    if (bytes.length < symmetricHeaderSize)
      throw new DecryptionError({ reason: `The file is ${bytes.length} bytes, shorter than a v1 header (17 bytes).` });
    return { version: 1, nonce: bytes.slice(1, 17), size: 17 };
  }
  if (version === eciesVersion) {
    if (bytes.length < eciesHeaderSize)
      throw new DecryptionError({ reason: `The file is ${bytes.length} bytes, shorter than a v2 header (50 bytes).` });
    return { version: 2, ephemeralPublicKey: bytes.slice(1, 34), nonce: bytes.slice(34, 50), size: 50 };
  }
  throw new DecryptionError({
    reason: version === undefined ? "The file is empty." : `The file starts with 0x${version.toString(16).padStart(2, "0")}, not an encryption header version (0x01 or 0x02).`,
  });
}
