import {
  MemData,
  decryptFile,
  decryptFragmentData,
  newEciesEncryptedFile,
  newSymmetricEncryptedFile,
  parseEncryptionHeader as officialParseHeader,
  resolveDecryptionKey,
} from "@0gfoundation/0g-ts-sdk";
import { bytesToHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { secp256k1 } from "@noble/curves/secp256k1";
import { describe, expect, it } from "vitest";
import { DecryptionError } from "../transfer/errors.js";
import { fileRoot } from "../actions/merkleTree.js";
import { createDecryptor, decryptBytes, encryptBytes } from "./index.js";
import { parseEncryptionHeader } from "./header.js";

const bytesOf = (size: number, seed = 1) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed * 17 + (i >> 8)) & 0xff);
const aesKey = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3);

/** What the official SDK (1.2.8) uploads for `encryption`: the bytes of its EncryptedFile. */
async function officialEncrypt(data: Uint8Array, encryption: { type: "aes256"; key: Uint8Array } | { type: "ecies"; publicKey: string }) {
  const inner = new MemData(data);
  const file = encryption.type === "aes256" ? newSymmetricEncryptedFile(inner, encryption.key) : newEciesEncryptedFile(inner, encryption.publicKey);
  const { buffer } = await file.readFromFile(0, file.size());
  const [tree, error] = await file.merkleTree();
  if (error || !tree) throw error ?? new Error("no tree");
  return { bytes: buffer, root: tree.rootHash()! };
}

describe("encryption, wire-compatible with 0G's TS SDK 1.2.x", () => {
  for (const size of [1, 15, 16, 17, 255, 256, 1000, 262_144 + 33]) {
    it(`aes256 both ways at ${size} bytes (v1 header, same file root)`, async () => {
      const data = bytesOf(size, size);
      const ours = await encryptBytes(data, { type: "aes256", key: aesKey });
      expect(ours.length).toBe(size + 17);
      expect(ours[0]).toBe(1);
      expect(decryptFile(aesKey, ours)).toEqual(data);

      const theirs = await officialEncrypt(data, { type: "aes256", key: aesKey });
      expect(await decryptBytes(theirs.bytes, { type: "aes256", key: bytesToHex(aesKey) })).toEqual(data);
      expect(await fileRoot(theirs.bytes)).toBe(theirs.root);
    });
  }

  it("ecies both ways (v2 header: ephemeral compressed key, HKDF-SHA256)", async () => {
    const privateKey = generatePrivateKey();
    const account = privateKeyToAccount(privateKey);
    const data = bytesOf(70_000, 3);

    // Ours -> theirs, encrypting to the uncompressed key viem gives.
    const ours = await encryptBytes(data, { type: "ecies", publicKey: account.publicKey });
    expect(ours.length).toBe(data.length + 50);
    expect(ours[0]).toBe(2);
    const header = officialParseHeader(ours);
    expect(decryptFile(resolveDecryptionKey(undefined, privateKey, header), ours)).toEqual(data);

    // Theirs -> ours, encrypting to the compressed key.
    const compressed = bytesToHex(secp256k1.getPublicKey(privateKey.slice(2), true));
    const theirs = await officialEncrypt(data, { type: "ecies", publicKey: compressed });
    expect(await decryptBytes(theirs.bytes, { type: "ecies", privateKey })).toEqual(data);
    // A 64-byte raw public key works too.
    const raw = `0x${account.publicKey.slice(4)}` as const;
    expect(await decryptBytes(await encryptBytes(data, { type: "ecies", publicKey: raw }), { type: "ecies", privateKey })).toEqual(data);
  });

  it("decrypts at any offset: fragments decrypt like the whole file (CTR counter = nonce + offset/16)", async () => {
    const data = bytesOf(5000, 9);
    const sealed = await encryptBytes(data, { type: "aes256", key: aesKey });
    const { headerSize, cipher } = await createDecryptor(sealed, { type: "aes256", key: aesKey });
    for (const [from, to] of [[0, 1], [5, 37], [16, 48], [17, 4999], [4000, 5000]] as const) {
      expect(await cipher.cryptAt(from, sealed.subarray(headerSize + from, headerSize + to))).toEqual(data.subarray(from, to));
    }
    // The official fragment decryption at a non-block offset agrees.
    const head = officialParseHeader(sealed);
    const part = decryptFragmentData(aesKey, head, sealed.slice(headerSize + 1000, headerSize + 1777), false, 1000);
    expect(part.plaintext).toEqual(data.subarray(1000, 1777));
  });

  it("rejects a missing header, a wrong key type and bad keys with typed errors", async () => {
    await expect(decryptBytes(bytesOf(100), { type: "aes256", key: aesKey })).rejects.toThrow(DecryptionError);
    const sealed = await encryptBytes(bytesOf(100), { type: "aes256", key: aesKey });
    await expect(decryptBytes(sealed, { type: "ecies", privateKey: generatePrivateKey() })).rejects.toThrow(/symmetric key/);
    await expect(decryptBytes(sealed.subarray(0, 10), { type: "aes256", key: aesKey })).rejects.toThrow(/shorter than a v1 header/);
    await expect(encryptBytes(bytesOf(10), { type: "aes256", key: aesKey.subarray(0, 16) })).rejects.toThrow(/32 bytes/);
    await expect(encryptBytes(bytesOf(10), { type: "ecies", publicKey: "0x1234" })).rejects.toThrow(/encryption.publicKey/);
    expect(parseEncryptionHeader(sealed)).toMatchObject({ version: 1, size: 17 });
  });
});
