import { InvalidParameterError } from "@0g/core";
import { secp256k1 } from "@noble/curves/secp256k1";
import { hexToBytes, isHex, type Hex } from "viem";
import { FineTunedModelDecryptionError } from "../../errors.js";
import { subtle, toArrayBuffer } from "./webcrypto.js";

// The ECIES of 0G's fine-tuning: what the broker's finalizer seals the model key with
// (`github.com/ecies/go/v2` Encrypt) and 0G's SDK opens (`eciesjs` 0.4 decrypt, default config):
//
//   ephemeral public key (65 bytes, uncompressed) ‖ nonce (16) ‖ AES-GCM tag (16) ‖ ciphertext
//
// The AES-256-GCM key is HKDF-SHA256 (no salt, no info) of
// `ephemeral public key (65) ‖ uncompressed ECDH point (65)`.

const publicKeyLength = 65;
const nonceLength = 16;
const tagLength = 16;

/** The uncompressed (65-byte, `0x04…`) secp256k1 public key of `publicKey` (33, 64 or 65 bytes). */
export function uncompressedPublicKey(publicKey: Hex | Uint8Array): Uint8Array {
  let bytes = typeof publicKey === "string" ? (isHex(publicKey, { strict: true }) ? hexToBytes(publicKey) : undefined) : publicKey;
  if (bytes?.length === 64) bytes = Uint8Array.of(4, ...bytes); // Ethereum's raw x ‖ y
  try {
    if (!bytes) throw new Error("not hex");
    return secp256k1.ProjectivePoint.fromHex(bytes).toRawBytes(false);
  } catch {
    throw new InvalidParameterError({ name: "publicKey", value: publicKey, expected: "a secp256k1 public key (33, 64 or 65 bytes)" });
  }
}

async function sharedKey(ephemeralPublicKey: Uint8Array, point: Uint8Array): Promise<CryptoKey> {
  const material = new Uint8Array(publicKeyLength * 2);
  material.set(ephemeralPublicKey, 0);
  material.set(point, publicKeyLength);
  const hkdf = await subtle().importKey("raw", toArrayBuffer(material), "HKDF", false, ["deriveKey"]);
  return subtle().deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) },
    hkdf,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * Encrypts `data` to a secp256k1 public key as 0G's fine-tuning broker encrypts the model key for
 * the user (ecies/go v2, readable by `eciesjs` and by {@link eciesDecrypt}).
 *
 * @example
 * const sealed = await eciesEncrypt({ publicKey: userPublicKey, data: secret });
 */
export async function eciesEncrypt({ publicKey, data }: { publicKey: Hex | Uint8Array; data: Uint8Array }): Promise<Uint8Array> {
  const recipient = uncompressedPublicKey(publicKey);
  const ephemeral = secp256k1.utils.randomPrivateKey();
  const ephemeralPublicKey = secp256k1.getPublicKey(ephemeral, false);
  const key = await sharedKey(ephemeralPublicKey, secp256k1.getSharedSecret(ephemeral, recipient, false));
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(nonceLength));
  const sealed = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv: nonce, tagLength: tagLength * 8 }, key, toArrayBuffer(data)));
  const ciphertext = sealed.subarray(0, sealed.length - tagLength);
  const out = new Uint8Array(publicKeyLength + nonceLength + tagLength + ciphertext.length);
  out.set(ephemeralPublicKey, 0);
  out.set(nonce, publicKeyLength);
  out.set(sealed.subarray(sealed.length - tagLength), publicKeyLength + nonceLength);
  out.set(ciphertext, publicKeyLength + nonceLength + tagLength);
  return out;
}

/**
 * Decrypts what {@link eciesEncrypt} (or 0G's broker) sealed to the public key of `privateKey`:
 * 0G's SDK `eciesDecrypt`.
 *
 * @throws {FineTunedModelDecryptionError} (`reason: "secret"`) when the data is not sealed to this key.
 * @example
 * const secret = await eciesDecrypt({ privateKey, data: hexToBytes(deliverable.encryptedSecret) });
 */
export async function eciesDecrypt({ privateKey, data }: { privateKey: Hex | Uint8Array; data: Uint8Array }): Promise<Uint8Array> {
  const key = typeof privateKey === "string" ? (isHex(privateKey, { strict: true }) ? hexToBytes(privateKey) : undefined) : privateKey;
  if (!key || key.length !== 32 || !secp256k1.utils.isValidPrivateKey(key))
    throw new InvalidParameterError({ name: "privateKey", value: "(hidden)", expected: "a 32-byte secp256k1 private key" });
  if (data.length < publicKeyLength + nonceLength + tagLength)
    throw new FineTunedModelDecryptionError({ reason: "secret", details: `The encrypted secret has ${data.length} bytes; ECIES needs at least ${publicKeyLength + nonceLength + tagLength}.` });
  const ephemeralPublicKey = data.subarray(0, publicKeyLength);
  let point: Uint8Array;
  try {
    point = secp256k1.getSharedSecret(key, ephemeralPublicKey, false);
  } catch (cause) {
    throw new FineTunedModelDecryptionError({ reason: "secret", details: "The encrypted secret does not start with a valid public key.", cause });
  }
  const aes = await sharedKey(ephemeralPublicKey, point);
  const nonce = data.subarray(publicKeyLength, publicKeyLength + nonceLength);
  const tag = data.subarray(publicKeyLength + nonceLength, publicKeyLength + nonceLength + tagLength);
  const ciphertext = data.subarray(publicKeyLength + nonceLength + tagLength);
  const sealed = new Uint8Array(ciphertext.length + tagLength);
  sealed.set(ciphertext, 0);
  sealed.set(tag, ciphertext.length);
  try {
    return new Uint8Array(await subtle().decrypt({ name: "AES-GCM", iv: toArrayBuffer(nonce), tagLength: tagLength * 8 }, aes, toArrayBuffer(sealed)));
  } catch (cause) {
    throw new FineTunedModelDecryptionError({ reason: "secret", details: "The encrypted secret was not sealed to this key (the AES-GCM tag does not verify).", cause });
  }
}
