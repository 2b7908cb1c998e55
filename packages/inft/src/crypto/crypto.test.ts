import { PrivateKey, decrypt as eciesjsDecrypt, encrypt as eciesjsEncrypt } from "eciesjs";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { DecryptionFailedError, InvalidEnvelopeError, InvalidPublicKeyError, NotARecipientError } from "../errors.js";
import { deriveEncryptionKey, encryptionKeyMessage } from "./deriveKey.js";
import { eciesDecrypt, eciesEncrypt, publicKeyAddress, publicKeyOf, toRawPublicKey } from "./ecies.js";
import { decryptEnvelope, encryptEnvelope, openEnvelopeKey, parseEnvelope } from "./envelope.js";

const holder = generatePrivateKey();
const oracle = generatePrivateKey();
const stranger = generatePrivateKey();
const text = new TextEncoder();

describe("ECIES (eciesjs format)", () => {
  it("opens what eciesjs seals and eciesjs opens what it seals", async () => {
    const message = text.encode("a 32-byte data key, more or less");
    const fromEciesjs = new Uint8Array(eciesjsEncrypt(publicKeyOf(holder).slice(2), message));
    expect(await eciesDecrypt(holder, fromEciesjs)).toEqual(message);
    const ours = await eciesEncrypt(publicKeyOf(holder), message);
    expect(new Uint8Array(eciesjsDecrypt(holder.slice(2), ours))).toEqual(message);
    expect(ours.length).toBe(65 + 16 + 16 + message.length);
  });

  it("accepts compressed, raw 64-byte and uncompressed public keys", async () => {
    const key = new PrivateKey(hexToBytes(holder));
    for (const publicKey of [key.publicKey.toBytes(true), hexToBytes(toRawPublicKey(publicKeyOf(holder))), key.publicKey.toBytes(false)]) {
      expect(publicKeyAddress(publicKey)).toBe(privateKeyToAccount(holder).address);
      expect(await eciesDecrypt(holder, await eciesEncrypt(publicKey, new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
    }
  });

  it("typed errors: wrong key, tampered payload, bad public key, short payload", async () => {
    const sealed = await eciesEncrypt(publicKeyOf(holder), new Uint8Array(32));
    await expect(eciesDecrypt(stranger, sealed)).rejects.toBeInstanceOf(DecryptionFailedError);
    const tampered = sealed.slice();
    tampered[tampered.length - 1]! ^= 1;
    await expect(eciesDecrypt(holder, tampered)).rejects.toBeInstanceOf(DecryptionFailedError);
    await expect(eciesEncrypt("0x1234", new Uint8Array(1))).rejects.toBeInstanceOf(InvalidPublicKeyError);
    await expect(eciesEncrypt(new Uint8Array(64), new Uint8Array(1))).rejects.toBeInstanceOf(InvalidPublicKeyError);
    await expect(eciesDecrypt(holder, sealed.subarray(0, 90))).rejects.toBeInstanceOf(InvalidEnvelopeError);
  });
});

describe("metadata envelope", () => {
  for (const cipher of ["aes-256-gcm", "xchacha20-poly1305"] as const) {
    it(`${cipher}: every recipient decrypts, nobody else can`, async () => {
      const plaintext = text.encode(JSON.stringify({ name: "agent", memory: "x".repeat(5000) }));
      const { envelope, dataKey } = await encryptEnvelope({ plaintext, recipients: [publicKeyOf(holder), publicKeyOf(oracle)], cipher });
      const parsed = parseEnvelope(envelope);
      expect(parsed.cipher).toBe(cipher);
      expect(parsed.recipients.map((r) => r.address)).toEqual([privateKeyToAccount(holder).address, privateKeyToAccount(oracle).address]);
      expect(await decryptEnvelope(envelope, { privateKey: holder })).toEqual(plaintext);
      expect(await decryptEnvelope(envelope, { privateKey: oracle })).toEqual(plaintext);
      expect(await decryptEnvelope(envelope, { dataKey })).toEqual(plaintext);
      expect(await openEnvelopeKey(envelope, oracle)).toEqual(dataKey);
      const error = await decryptEnvelope(envelope, { privateKey: stranger }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotARecipientError);
      expect((error as NotARecipientError).recipients).toHaveLength(2);
    });
  }

  it("a fresh data key and nonce every time", async () => {
    const a = await encryptEnvelope({ plaintext: new Uint8Array(10), recipients: [publicKeyOf(holder)] });
    const b = await encryptEnvelope({ plaintext: new Uint8Array(10), recipients: [publicKeyOf(holder)] });
    expect(bytesToHex(a.dataKey)).not.toBe(bytesToHex(b.dataKey));
    expect(bytesToHex(parseEnvelope(a.envelope).nonce)).not.toBe(bytesToHex(parseEnvelope(b.envelope).nonce));
  });

  it("any flipped bit of the header or ciphertext fails authentication or parsing", async () => {
    const { envelope } = await encryptEnvelope({ plaintext: text.encode("secret agent key"), recipients: [publicKeyOf(holder)] });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: envelope.length * 8 - 1 }), async (bit) => {
        const changed = envelope.slice();
        changed[bit >> 3]! ^= 1 << (bit & 7);
        const error = await decryptEnvelope(changed, { privateKey: holder }).catch((e: unknown) => e);
        expect([DecryptionFailedError, InvalidEnvelopeError, NotARecipientError].some((c) => error instanceof c)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("malformed envelopes are typed errors, never a crash or a partial read", () => {
    expect(() => parseEnvelope(new Uint8Array(0))).toThrow(InvalidEnvelopeError);
    expect(() => parseEnvelope(text.encode("0GINFT\x02\x01"))).toThrow(/Version 2/);
    expect(() => parseEnvelope(text.encode("0GINFT\x01\x09"))).toThrow(/cipher id 9/);
    expect(() => parseEnvelope(new Uint8Array([...text.encode("0GINFT"), 1, 1, ...new Uint8Array(12), 0]))).toThrow(/0 recipients/);
  });

  it("rejects an empty or oversized recipient list", async () => {
    await expect(encryptEnvelope({ plaintext: new Uint8Array(1), recipients: [] })).rejects.toBeInstanceOf(InvalidEnvelopeError);
  });
});

describe("deriveEncryptionKey", () => {
  it("derives the same valid key from a deterministic wallet, different keys for different wallets", async () => {
    const wallet = privateKeyToAccount(holder);
    const first = deriveEncryptionKey(await wallet.signMessage({ message: encryptionKeyMessage }));
    const second = deriveEncryptionKey(await wallet.signMessage({ message: encryptionKeyMessage }));
    expect(first).toBe(second);
    expect(first).not.toBe(holder);
    const other = deriveEncryptionKey(await privateKeyToAccount(stranger).signMessage({ message: encryptionKeyMessage }));
    expect(other).not.toBe(first);
    expect(publicKeyAddress(publicKeyOf(first))).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it("rejects something that is not a signature", () => {
    expect(() => deriveEncryptionKey("0x1234")).toThrow(/65-byte/);
  });
});
