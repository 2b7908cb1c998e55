import { secp256k1 } from "@noble/curves/secp256k1";
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, concat, hexToBytes, isHex, keccak256, type Address, type Hex } from "viem";
import { publicKeyToAddress } from "viem/accounts";
import { InvalidEnvelopeError, InvalidPublicKeyError } from "../errors.js";
import { open, seal } from "./cipher.js";

// ECIES on secp256k1 in the format of eciesjs (and the Python/Rust `ecies` packages) with their
// default configuration: uncompressed ephemeral key (65 B) ‖ nonce (16 B) ‖ tag (16 B) ‖ ciphertext,
// AES-256-GCM under HKDF-SHA256(ephemeral key ‖ uncompressed shared point), no salt or info.

const ephemeralSize = 65;
const nonceSize = 16;
const tagSize = 16;

/** The smallest sealed payload (an empty message). */
export const eciesOverhead = ephemeralSize + nonceSize + tagSize;

/** A secp256k1 public key in any common encoding, as the 65-byte uncompressed point. */
export function toUncompressedPublicKey(publicKey: Hex | Uint8Array): Uint8Array {
  const bytes = typeof publicKey === "string" ? (isHex(publicKey, { strict: true }) ? hexToBytes(publicKey) : undefined) : publicKey;
  const shown = typeof publicKey === "string" ? `${publicKey.slice(0, 10)}…` : `${publicKey.length} bytes`;
  if (!bytes || ![33, 64, 65].includes(bytes.length)) throw new InvalidPublicKeyError({ value: shown });
  const encoded = bytes.length === 64 ? concat([new Uint8Array([4]), bytes]) : bytes;
  try {
    return secp256k1.ProjectivePoint.fromHex(encoded).toRawBytes(false);
  } catch (cause) {
    throw new InvalidPublicKeyError({ value: shown, cause });
  }
}

/** The 64-byte public key (no 0x04 prefix) that ERC-7857 proofs carry as `targetPubkey`. */
export function toRawPublicKey(publicKey: Hex | Uint8Array): Hex {
  return bytesToHex(toUncompressedPublicKey(publicKey).subarray(1));
}

/** The Ethereum address of a secp256k1 public key. */
export function publicKeyAddress(publicKey: Hex | Uint8Array): Address {
  return publicKeyToAddress(bytesToHex(toUncompressedPublicKey(publicKey)));
}

/** The uncompressed public key of a private key. */
export function publicKeyOf(privateKey: Hex | Uint8Array): Hex {
  return bytesToHex(secp256k1.getPublicKey(typeof privateKey === "string" ? hexToBytes(privateKey) : privateKey, false));
}

function sharedKey(ephemeral: Uint8Array, sharedPoint: Uint8Array): Uint8Array {
  return hkdf(sha256, concat([ephemeral, sharedPoint]), undefined, undefined, 32);
}

/** Encrypts `message` to a secp256k1 public key (eciesjs-compatible). */
export async function eciesEncrypt(publicKey: Hex | Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const receiver = toUncompressedPublicKey(publicKey);
  const ephemeralSecret = secp256k1.utils.randomPrivateKey();
  const ephemeral = secp256k1.getPublicKey(ephemeralSecret, false);
  const key = sharedKey(ephemeral, secp256k1.getSharedSecret(ephemeralSecret, receiver, false));
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(nonceSize));
  const sealed = await seal("aes-256-gcm", key, nonce, message);
  const ciphertext = sealed.subarray(0, sealed.length - tagSize);
  const tag = sealed.subarray(sealed.length - tagSize);
  return concat([ephemeral, nonce, tag, ciphertext]);
}

/** Decrypts an eciesjs payload with the receiver's private key; a wrong key throws `DecryptionFailedError`. */
export async function eciesDecrypt(privateKey: Hex | Uint8Array, payload: Uint8Array, what = "sealed key"): Promise<Uint8Array> {
  if (payload.length < eciesOverhead) throw new InvalidEnvelopeError({ reason: `An ECIES payload has at least ${eciesOverhead} bytes; got ${payload.length}.` });
  const secret = typeof privateKey === "string" ? hexToBytes(privateKey) : privateKey;
  const ephemeral = payload.subarray(0, ephemeralSize);
  let point: Uint8Array;
  try {
    point = secp256k1.getSharedSecret(secret, ephemeral, false);
  } catch (cause) {
    throw new InvalidEnvelopeError({ reason: `The ECIES ephemeral key is not a point on secp256k1 (${(cause as Error).message}).` });
  }
  const nonce = payload.subarray(ephemeralSize, ephemeralSize + nonceSize);
  const tag = payload.subarray(ephemeralSize + nonceSize, eciesOverhead);
  const ciphertext = payload.subarray(eciesOverhead);
  return open("aes-256-gcm", sharedKey(ephemeral, point), nonce, concat([ciphertext, tag]), undefined, what);
}

/** keccak256 of a sealed key, as oracles and events refer to it. */
export const sealedKeyHash = (sealedKey: Uint8Array | Hex): Hex => keccak256(sealedKey);
