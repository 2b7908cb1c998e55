import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex, hexToBytes, keccak256 } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { FineTunedModelDecryptionError } from "../errors.js";
import { tee, user, userKey } from "../test/keys.js";
import { eciesDecrypt, eciesEncrypt, uncompressedPublicKey } from "./crypto/ecies.js";
import { decryptModelWithSecret, encryptModelWithSecret, modelChunkSize, modelIvLength, modelTagLength, modelTagSignatureLength } from "./crypto/model.js";

// 0G's SDK decrypts what 0G's broker encrypts: `eciesjs` for the key, `aesGCMDecryptToFile` for the
// model. Both are loaded from the SDK's own CommonJS build, as Node apps load them.
const require = createRequire(import.meta.url);
const sdkRequire = createRequire(require.resolve("@0gfoundation/0g-compute-ts-sdk"));
const sdkUtils = sdkRequire("./common/utils/encrypt.js") as {
  eciesDecrypt(signer: { privateKey: string }, data: string): Promise<string>;
  aesGCMDecryptToFile(key: string, encryptedPath: string, decryptedPath: string, teeSigner: string): Promise<void>;
};
const eciesjs = sdkRequire("eciesjs") as { encrypt(publicKey: Uint8Array, data: Uint8Array): Uint8Array };

const signer = { sign: ({ hash }: { hash: `0x${string}` }) => tee.sign({ hash }) };
const secret = hexToBytes(keccak256(new TextEncoder().encode("a model key")));

describe("ECIES (the model key sealed to the user)", () => {
  it("seals to the public key behind an account, and 0G's SDK opens it", async () => {
    const sealed = await eciesEncrypt({ publicKey: user.publicKey, data: secret });
    expect(sealed.length).toBe(65 + 16 + 16 + 32);
    expect(sealed[0]).toBe(4);
    expect(await eciesDecrypt({ privateKey: userKey, data: sealed })).toEqual(secret);
    expect(await sdkUtils.eciesDecrypt({ privateKey: userKey }, bytesToHex(sealed))).toBe(bytesToHex(secret).slice(2));
  });

  it("opens what eciesjs (0G's SDK's library, ecies/go's format) sealed", async () => {
    const sealed = eciesjs.encrypt(uncompressedPublicKey(user.publicKey), secret);
    expect(await eciesDecrypt({ privateKey: userKey, data: new Uint8Array(sealed) })).toEqual(secret);
    // Compressed and raw 64-byte public keys name the same key.
    const prefix = parseInt(user.publicKey.slice(-1), 16) & 1 ? "03" : "02";
    const compressed = await eciesEncrypt({ publicKey: `0x${prefix}${user.publicKey.slice(4, 68)}`, data: secret });
    expect(await eciesDecrypt({ privateKey: userKey, data: compressed })).toEqual(secret);
    expect(uncompressedPublicKey(`0x${user.publicKey.slice(4)}`)).toEqual(hexToBytes(user.publicKey));
  });

  it("refuses another key and altered bytes with reason `secret`", async () => {
    const sealed = await eciesEncrypt({ publicKey: user.publicKey, data: secret });
    await expect(eciesDecrypt({ privateKey: generatePrivateKey(), data: sealed })).rejects.toMatchObject({ name: "FineTunedModelDecryptionError", reason: "secret" });
    const altered = sealed.slice();
    altered[altered.length - 1]! ^= 1;
    await expect(eciesDecrypt({ privateKey: userKey, data: altered })).rejects.toMatchObject({ reason: "secret" });
    await expect(eciesDecrypt({ privateKey: userKey, data: sealed.subarray(0, 90) })).rejects.toBeInstanceOf(FineTunedModelDecryptionError);
  });
});

describe("the encrypted model file (tag signature, IV, AES-256-GCM chunks)", () => {
  it("lays out tag signature ‖ IV ‖ ciphertext ‖ tag, the signature by the TEE over keccak256(tags), v as go-ethereum's", async () => {
    const data = new TextEncoder().encode("a tiny LoRA adapter");
    const iv = new Uint8Array(modelIvLength).fill(7);
    const encrypted = await encryptModelWithSecret({ data, secret, signer, iv });
    expect(encrypted.length).toBe(modelTagSignatureLength + modelIvLength + data.length + modelTagLength);
    expect(encrypted.subarray(modelTagSignatureLength, modelTagSignatureLength + modelIvLength)).toEqual(iv);
    expect([0, 1]).toContain(encrypted[64]);
    expect(await decryptModelWithSecret({ data: encrypted, secret, teeSigner: tee.address })).toEqual(data);
    // An empty model: no chunk, the signature over keccak256 of nothing.
    const empty = await encryptModelWithSecret({ data: new Uint8Array(0), secret, signer });
    expect(empty.length).toBe(modelTagSignatureLength + modelIvLength);
    expect(await decryptModelWithSecret({ data: empty, secret, teeSigner: tee.address })).toEqual(new Uint8Array(0));
  });

  it("refuses another signer, a wrong secret, altered and truncated files, each with its reason", async () => {
    const encrypted = await encryptModelWithSecret({ data: new Uint8Array(1000).fill(1), secret, signer });
    await expect(decryptModelWithSecret({ data: encrypted, secret, teeSigner: user.address })).rejects.toMatchObject({ reason: "signature" });
    await expect(decryptModelWithSecret({ data: encrypted, secret: new Uint8Array(32), teeSigner: tee.address })).rejects.toMatchObject({ reason: "cipher" });
    const altered = encrypted.slice();
    altered[100]! ^= 1;
    await expect(decryptModelWithSecret({ data: altered, secret, teeSigner: tee.address })).rejects.toMatchObject({ reason: "cipher" });
    const forged = await encryptModelWithSecret({ data: new Uint8Array(10), secret, signer: privateKeyToAccount(generatePrivateKey()) });
    await expect(decryptModelWithSecret({ data: forged, secret, teeSigner: tee.address })).rejects.toMatchObject({ reason: "signature" });
    await expect(decryptModelWithSecret({ data: encrypted.subarray(0, 70), secret, teeSigner: tee.address })).rejects.toMatchObject({ reason: "format" });
    await expect(decryptModelWithSecret({ data: encrypted.subarray(0, 80), secret, teeSigner: tee.address })).rejects.toMatchObject({ reason: "format" });
  });

  it("splits at 64 MiB with a per-chunk IV, and 0G's SDK `aesGCMDecryptToFile` decrypts it", async () => {
    const data = new Uint8Array(modelChunkSize + 1000);
    for (let i = 0; i < data.length; i += 4096) data[i] = i & 0xff;
    const encrypted = await encryptModelWithSecret({ data, secret, signer });
    expect(encrypted.length).toBe(modelTagSignatureLength + modelIvLength + data.length + 2 * modelTagLength);
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
    expect(same(await decryptModelWithSecret({ data: encrypted, secret, teeSigner: tee.address }), data)).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "0g-compute-model-"));
    try {
      await writeFile(join(dir, "model.data"), encrypted);
      await sdkUtils.aesGCMDecryptToFile(bytesToHex(secret).slice(2), join(dir, "model.data"), join(dir, "model.zip"), tee.address);
      expect(same(await readFile(join(dir, "model.zip")), data)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
