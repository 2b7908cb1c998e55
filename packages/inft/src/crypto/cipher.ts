import { xchacha20poly1305 } from "@noble/ciphers/chacha";
import { DecryptionFailedError } from "../errors.js";
import { randomBytes } from "./random.js";

/**
 * The AEAD ciphers an agent's metadata can be encrypted with. AES-256-GCM runs on WebCrypto
 * (about 2 GB/s in Node); XChaCha20-Poly1305 is pure JS (about 95 MiB/s) with 24-byte nonces that
 * are safe to draw at random without limit.
 */
export type MetadataCipher = "aes-256-gcm" | "xchacha20-poly1305";

/** Nonce length of each cipher in bytes. */
export const cipherNonceLength = { "aes-256-gcm": 12, "xchacha20-poly1305": 24 } as const satisfies Record<MetadataCipher, number>;

/** Both ciphers append a 16-byte tag. */
export const cipherTagLength = 16;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("WebCrypto (crypto.subtle) is unavailable: use a secure context or Node 22+.");
  return s;
}

const buf = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

/** A fresh random nonce for `cipher`. */
export function randomNonce(cipher: MetadataCipher): Uint8Array {
  return randomBytes(cipherNonceLength[cipher]);
}

/** Encrypts `plaintext` under a 32-byte key; returns ciphertext ‖ tag. `aad` is authenticated, not encrypted. */
export async function seal(cipher: MetadataCipher, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Promise<Uint8Array> {
  if (cipher === "xchacha20-poly1305") return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  const imported = await subtle().importKey("raw", buf(key), { name: "AES-GCM" }, false, ["encrypt"]);
  const params: AesGcmParams = { name: "AES-GCM", iv: buf(nonce), tagLength: 128, ...(aad ? { additionalData: buf(aad) } : {}) };
  return new Uint8Array(await subtle().encrypt(params, imported, buf(plaintext)));
}

/** Decrypts ciphertext ‖ tag; a wrong key or changed bytes throw {@link DecryptionFailedError}. */
export async function open(
  cipher: MetadataCipher,
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array | undefined,
  what: string,
): Promise<Uint8Array> {
  try {
    if (cipher === "xchacha20-poly1305") return xchacha20poly1305(key, nonce, aad).decrypt(sealed);
    const imported = await subtle().importKey("raw", buf(key), { name: "AES-GCM" }, false, ["decrypt"]);
    const params: AesGcmParams = { name: "AES-GCM", iv: buf(nonce), tagLength: 128, ...(aad ? { additionalData: buf(aad) } : {}) };
    return new Uint8Array(await subtle().decrypt(params, imported, buf(sealed)));
  } catch (cause) {
    throw new DecryptionFailedError({ what, cause });
  }
}
