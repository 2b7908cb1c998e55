import type { Hex } from "viem";
import { DecryptionError } from "../transfer/errors.js";
import { createCtrCipher, eciesDecryptKey, eciesEncryptKey, randomBytes, toKeyBytes, type CtrCipher } from "./cipher.js";
import { eciesHeaderSize, encodeHeader, parseEncryptionHeader, symmetricHeaderSize, type EncryptionHeader } from "./header.js";

/**
 * Client-side encryption of an upload, wire-compatible with 0G's Go client and TS SDK 1.2.x:
 * `aes256` is AES-256-CTR under your 32-byte key (header v1); `ecies` encrypts to a secp256k1
 * public key (header v2), so only the holder of its private key can decrypt.
 */
export type Encryption =
  | { type: "aes256"; key: Hex | Uint8Array }
  | { type: "ecies"; publicKey: Hex | Uint8Array };

/** The key that decrypts a download: the same AES key, or the recipient's private key. */
export type Decryption =
  | { type: "aes256"; key: Hex | Uint8Array }
  | { type: "ecies"; privateKey: Hex | Uint8Array };

/** What an upload needs to encrypt: the header to prepend and the keystream for the body. */
export type Encryptor = { readonly header: Uint8Array; readonly cipher: CtrCipher };

/** What a download needs to decrypt: bytes of header to drop and the keystream of the body. */
export type Decryptor = { readonly headerSize: number; readonly cipher: CtrCipher };

/** A fresh header (random nonce, and an ephemeral key for ECIES) and its cipher. */
export async function createEncryptor(encryption: Encryption): Promise<Encryptor> {
  const nonce = randomBytes(16);
  let header: EncryptionHeader;
  let key: Uint8Array;
  if (encryption.type === "aes256") {
    key = toKeyBytes("encryption.key", encryption.key, [32]);
    header = { version: 1, nonce, size: symmetricHeaderSize };
  } else if (encryption.type === "ecies") {
    const agreed = await eciesEncryptKey(encryption.publicKey);
    key = agreed.key;
    header = { version: 2, nonce, ephemeralPublicKey: agreed.ephemeralPublicKey, size: eciesHeaderSize };
  } else {
    throw new DecryptionError({ reason: `Unknown encryption type ${JSON.stringify((encryption as { type: unknown }).type)}.` });
  }
  return { header: encodeHeader(header), cipher: createCtrCipher(key, nonce) };
}

/**
 * The decryptor of a file whose first bytes are `start` (at least the header: 17 or 50 bytes).
 *
 * @throws {DecryptionError} no header, or a header of the other scheme than `decryption`.
 */
export async function createDecryptor(start: Uint8Array, decryption: Decryption): Promise<Decryptor> {
  const header = parseEncryptionHeader(start);
  if (header.version === 1) {
    if (decryption.type !== "aes256")
      throw new DecryptionError({ reason: "The file is encrypted with a symmetric key (header v1); pass { type: \"aes256\", key }." });
    return { headerSize: header.size, cipher: createCtrCipher(toKeyBytes("decryption.key", decryption.key, [32]), header.nonce) };
  }
  if (decryption.type !== "ecies")
    throw new DecryptionError({ reason: "The file is encrypted to a public key (ECIES, header v2); pass { type: \"ecies\", privateKey }." });
  const key = await eciesDecryptKey(decryption.privateKey, header.ephemeralPublicKey);
  return { headerSize: header.size, cipher: createCtrCipher(key, header.nonce) };
}

/**
 * Encrypts bytes the way an upload with `encryption` does: the header, then the AES-256-CTR
 * ciphertext. What 0G's clients decrypt.
 *
 * @example
 * const sealed = await encryptBytes(data, { type: "aes256", key });
 * const opened = await decryptBytes(sealed, { type: "aes256", key }); // equals data
 */
export async function encryptBytes(data: Uint8Array, encryption: Encryption): Promise<Uint8Array> {
  const { header, cipher } = await createEncryptor(encryption);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(await cipher.cryptAt(0, data), header.length);
  return out;
}

/**
 * Decrypts a whole file encrypted by an upload with encryption (by this kit or 0G's clients).
 *
 * @throws {DecryptionError} no header, or the wrong kind of key.
 *
 * @example
 * const plaintext = await decryptBytes(downloaded, { type: "ecies", privateKey });
 */
export async function decryptBytes(data: Uint8Array, decryption: Decryption): Promise<Uint8Array> {
  const { headerSize, cipher } = await createDecryptor(data, decryption);
  return cipher.cryptAt(0, data.subarray(headerSize));
}
