import { InvalidParameterError } from "@0g/core";
import { bytesToHex, concatBytes, hexToBytes, isAddressEqual, isHex, keccak256, recoverAddress, type Address, type Hex } from "viem";
import { FineTunedModelDecryptionError } from "../../errors.js";
import { subtle, toArrayBuffer } from "./webcrypto.js";

// The encrypted model file of 0G's fine-tuning (the broker's `util.AesEncryptLargeFile` +
// `WriteToFileHead`, opened by 0G's SDK `aesGCMDecryptToFile`):
//
//   tag signature (65) ‖ IV (12) ‖ chunk₀ ‖ chunk₁ ‖ …
//
// Each chunk is AES-256-GCM of up to 64 MiB of plaintext followed by its 16-byte tag; the IV of
// chunk i is the first IV plus i (a 96-bit big-endian increment). The tag signature is the TEE
// signer's secp256k1 signature (r ‖ s ‖ v, go-ethereum's `crypto.Sign`, v = 0/1) of
// keccak256(tag₀ ‖ tag₁ ‖ …): it proves the provider's TEE produced the file.

/** Plaintext bytes per AES-GCM chunk (the broker's 64 MiB read buffer). */
export const modelChunkSize = 64 * 1024 * 1024;
/** Bytes of the AES-GCM IV after the tag signature. */
export const modelIvLength = 12;
/** Bytes of each chunk's AES-GCM tag. */
export const modelTagLength = 16;
/** Bytes of the tag signature that opens the file. */
export const modelTagSignatureLength = 65;

/** Signs a 32-byte digest without a prefix, as viem's local accounts (`account.sign`) do. */
export type ModelTagSigner = { sign(parameters: { hash: Hex }): Promise<Hex> };

export type EncryptModelParameters = {
  /** The model file (0G's broker encrypts a zip of the LoRA output directory). */
  data: Uint8Array;
  /** The 32-byte AES-256 key: the task's secret, later sealed to the user with ECIES. */
  secret: Hex | Uint8Array;
  /** The provider's TEE signer (`Service.teeSignerAddress`). */
  signer: ModelTagSigner;
  /** The first chunk's IV; random when omitted. */
  iv?: Uint8Array | undefined;
};

function keyBytes(secret: Hex | Uint8Array): Uint8Array {
  const bytes = typeof secret === "string" ? (isHex(secret, { strict: true }) ? hexToBytes(secret) : undefined) : secret;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32)
    throw new InvalidParameterError({ name: "secret", value: "(hidden)", expected: "a 32-byte AES-256 key (hex or bytes)" });
  return bytes;
}

function importKey(key: Uint8Array, usage: "encrypt" | "decrypt"): Promise<CryptoKey> {
  return subtle().importKey("raw", toArrayBuffer(key), { name: "AES-GCM" }, false, [usage]);
}

/** The IV of chunk `index`: `iv + index` as a big-endian number. */
function chunkIv(iv: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(iv);
  let carry = index;
  for (let i = out.length - 1; i >= 0 && carry > 0; i--) {
    const sum = out[i]! + (carry % 256);
    out[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum > 0xff ? 1 : 0);
  }
  return out;
}

/**
 * Encrypts a fine-tuned model as 0G's fine-tuning broker does before it uploads it to 0G Storage,
 * so that 0G's SDK (`decryptModel`) and {@link decryptModelWithSecret} open it.
 *
 * @example
 * const secret = crypto.getRandomValues(new Uint8Array(32));
 * const encrypted = await encryptModelWithSecret({ data: zip, secret, signer: teeAccount });
 */
export async function encryptModelWithSecret({ data, secret, signer, iv }: EncryptModelParameters): Promise<Uint8Array> {
  const key = await importKey(keyBytes(secret), "encrypt");
  const first = iv ?? globalThis.crypto.getRandomValues(new Uint8Array(modelIvLength));
  if (first.length !== modelIvLength) throw new InvalidParameterError({ name: "iv", value: `${first.length} bytes`, expected: `${modelIvLength} bytes` });
  const chunks: Uint8Array[] = [];
  const tags: Uint8Array[] = [];
  for (let offset = 0, index = 0; offset < data.length; offset += modelChunkSize, index++) {
    const plain = data.subarray(offset, Math.min(offset + modelChunkSize, data.length));
    const sealed = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv: chunkIv(first, index), tagLength: modelTagLength * 8 }, key, toArrayBuffer(plain)));
    chunks.push(sealed);
    tags.push(sealed.subarray(sealed.length - modelTagLength));
  }
  const signature = hexToBytes(await signer.sign({ hash: keccak256(concatBytes(tags)) }));
  if (signature.length !== modelTagSignatureLength) throw new InvalidParameterError({ name: "signer", value: bytesToHex(signature), expected: "a 65-byte signature" });
  if (signature[64]! >= 27) signature[64] = signature[64]! - 27; // go-ethereum's crypto.Sign: v = 0/1
  return concatBytes([signature, first, ...chunks]);
}

export type DecryptModelParameters = {
  /** The encrypted model file (from 0G Storage, or the provider's `/lora` download). */
  data: Uint8Array;
  /** The 32-byte AES-256 key: the deliverable's encrypted secret, opened with the user's key. */
  secret: Hex | Uint8Array;
  /** The TEE signer the tag signature must recover to (`Service.teeSignerAddress`). */
  teeSigner: Address;
};

/**
 * Opens a model encrypted by a fine-tuning provider: checks that the tag signature recovers to the
 * provider's TEE signer, then decrypts every chunk (0G's SDK `aesGCMDecryptToFile`, in memory).
 *
 * @throws {FineTunedModelDecryptionError} `reason: "format"` (too short), `"signature"` (not the
 *   TEE signer's), `"cipher"` (wrong secret or altered bytes).
 * @example
 * const zip = await decryptModelWithSecret({ data: encrypted, secret, teeSigner: service.teeSignerAddress });
 */
export async function decryptModelWithSecret({ data, secret, teeSigner }: DecryptModelParameters): Promise<Uint8Array> {
  const header = modelTagSignatureLength + modelIvLength;
  if (data.length < header)
    throw new FineTunedModelDecryptionError({ reason: "format", details: `The file has ${data.length} bytes; an encrypted model starts with ${header} (tag signature and IV).` });
  const body = data.subarray(header);
  const sealedChunk = modelChunkSize + modelTagLength;
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < body.length; offset += sealedChunk) chunks.push(body.subarray(offset, Math.min(offset + sealedChunk, body.length)));
  if (chunks.some((c) => c.length < modelTagLength))
    throw new FineTunedModelDecryptionError({ reason: "format", details: "The last chunk is shorter than an AES-GCM tag: the file is truncated." });

  const tags = concatBytes(chunks.map((c) => c.subarray(c.length - modelTagLength)));
  let signer: Address | undefined;
  try {
    signer = await recoverAddress({ hash: keccak256(tags), signature: bytesToHex(data.subarray(0, modelTagSignatureLength)) });
  } catch {
    signer = undefined;
  }
  if (signer === undefined || !isAddressEqual(signer, teeSigner))
    throw new FineTunedModelDecryptionError({
      reason: "signature",
      details: `The tag signature ${signer ? `recovers to ${signer}` : "does not recover"}, not to the TEE signer ${teeSigner}.`,
    });

  const key = await importKey(keyBytes(secret), "decrypt");
  const iv = data.subarray(modelTagSignatureLength, header);
  const out = new Uint8Array(body.length - chunks.length * modelTagLength);
  let written = 0;
  for (const [index, chunk] of chunks.entries()) {
    let plain: Uint8Array;
    try {
      plain = new Uint8Array(await subtle().decrypt({ name: "AES-GCM", iv: chunkIv(iv, index), tagLength: modelTagLength * 8 }, key, toArrayBuffer(chunk)));
    } catch (cause) {
      throw new FineTunedModelDecryptionError({ reason: "cipher", details: `Chunk ${index} does not decrypt: a wrong secret, or altered bytes.`, cause });
    }
    out.set(plain, written);
    written += plain.length;
  }
  return out;
}
