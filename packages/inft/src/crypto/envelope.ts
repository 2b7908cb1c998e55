import { bytesToHex, concat, getAddress, hexToBytes, isAddressEqual, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { InvalidEnvelopeError, NotARecipientError } from "../errors.js";
import { cipherNonceLength, cipherTagLength, open, randomNonce, seal, type MetadataCipher } from "./cipher.js";
import { eciesDecrypt, eciesEncrypt, eciesOverhead, publicKeyAddress } from "./ecies.js";
import { randomBytes } from "./random.js";

/**
 * The bytes an agent's metadata is stored as on 0G Storage (its storage root is the token's
 * `dataHash`):
 *
 * ```
 * "0GINFT" | version u8 (1) | cipher u8 (1 AES-256-GCM, 2 XChaCha20-Poly1305) | nonce (12 or 24 B)
 * | recipients u8 | per recipient: address (20 B) | sealed key length u16 BE | ECIES(data key)
 * | ciphertext ‖ tag (16 B)
 * ```
 *
 * The payload is encrypted once under a random 32-byte data key; the key is sealed with ECIES to
 * each recipient (the holder and the oracle). The fixed header (magic to nonce) is the AEAD's
 * associated data, so cipher and nonce cannot be swapped; the recipient list is outside it so a
 * holder can re-seal the same key to another of its keys without re-encrypting.
 */
export type MetadataEnvelope = {
  readonly version: 1;
  readonly cipher: MetadataCipher;
  readonly nonce: Uint8Array;
  readonly recipients: readonly EnvelopeRecipient[];
  /** Ciphertext ‖ tag. */
  readonly ciphertext: Uint8Array;
  /** The authenticated fixed header. */
  readonly header: Uint8Array;
};

/** A data key sealed to one address's public key. */
export type EnvelopeRecipient = { readonly address: Address; readonly sealedKey: Uint8Array };

const magic = /*#__PURE__*/ new TextEncoder().encode("0GINFT");
const cipherIds = { "aes-256-gcm": 1, "xchacha20-poly1305": 2 } as const satisfies Record<MetadataCipher, number>;
const ciphersById = new Map<number, MetadataCipher>([
  [1, "aes-256-gcm"],
  [2, "xchacha20-poly1305"],
]);
/** At most this many recipients per envelope. */
export const maxEnvelopeRecipients = 16;

export type EncryptEnvelopeParameters = {
  plaintext: Uint8Array;
  /** Public keys (33, 64 or 65 bytes) to seal the data key to: the holder and the oracle. */
  recipients: readonly (Hex | Uint8Array)[];
  /** @default "aes-256-gcm" */
  cipher?: MetadataCipher | undefined;
  /** Use this data key instead of a fresh one (only to re-seal; never reuse a key with a new payload). */
  dataKey?: Uint8Array | undefined;
};

/** Encrypts `plaintext` under a fresh data key sealed to each recipient. */
export async function encryptEnvelope({ plaintext, recipients, cipher = "aes-256-gcm", dataKey = randomBytes(32) }: EncryptEnvelopeParameters) {
  if (recipients.length === 0 || recipients.length > maxEnvelopeRecipients)
    throw new InvalidEnvelopeError({ reason: `An envelope needs 1 to ${maxEnvelopeRecipients} recipients; got ${recipients.length}.` });
  const nonce = randomNonce(cipher);
  const header = concat([magic, new Uint8Array([1, cipherIds[cipher]]), nonce]);
  const ciphertext = await seal(cipher, dataKey, nonce, plaintext, header);
  const sealed = await Promise.all(
    recipients.map(async (publicKey) => ({ address: publicKeyAddress(publicKey), sealedKey: await eciesEncrypt(publicKey, dataKey) })),
  );
  const parts: Uint8Array[] = [header, new Uint8Array([sealed.length])];
  for (const { address, sealedKey } of sealed) {
    parts.push(hexToBytes(address), new Uint8Array([sealedKey.length >> 8, sealedKey.length & 0xff]), sealedKey);
  }
  parts.push(ciphertext);
  return { envelope: concat(parts), dataKey, recipients: sealed as readonly EnvelopeRecipient[] };
}

/** Reads an envelope's structure (nothing is decrypted). */
export function parseEnvelope(bytes: Uint8Array): MetadataEnvelope {
  const fail = (reason: string): never => {
    throw new InvalidEnvelopeError({ reason });
  };
  if (bytes.length < magic.length + 2 || !magic.every((b, i) => bytes[i] === b)) fail("It does not start with the magic bytes \"0GINFT\".");
  const version = bytes[magic.length]!;
  if (version !== 1) fail(`Version ${version} is not supported (this library reads version 1).`);
  const cipher = ciphersById.get(bytes[magic.length + 1]!) ?? fail(`Unknown cipher id ${bytes[magic.length + 1]}.`);
  let at = magic.length + 2 + cipherNonceLength[cipher];
  if (bytes.length < at + 1) fail("It ends inside the header.");
  const header = bytes.subarray(0, at);
  const nonce = header.subarray(magic.length + 2);
  const count = bytes[at++]!;
  if (count === 0 || count > maxEnvelopeRecipients) fail(`It lists ${count} recipients (1 to ${maxEnvelopeRecipients} allowed).`);
  const recipients: EnvelopeRecipient[] = [];
  for (let i = 0; i < count; i++) {
    if (bytes.length < at + 22) fail(`It ends inside recipient ${i}.`);
    const address = getAddress(bytesToHex(bytes.subarray(at, at + 20)));
    const length = (bytes[at + 20]! << 8) | bytes[at + 21]!;
    at += 22;
    if (length < eciesOverhead || bytes.length < at + length) fail(`Recipient ${i}'s sealed key has a bad length (${length}).`);
    recipients.push({ address, sealedKey: bytes.subarray(at, at + length) });
    at += length;
  }
  const ciphertext = bytes.subarray(at);
  if (ciphertext.length < cipherTagLength) fail("The ciphertext is shorter than its authentication tag.");
  return { version: 1, cipher, nonce, recipients, ciphertext, header };
}

/** Opens the data key sealed to `privateKey`'s address. */
export async function openEnvelopeKey(envelope: MetadataEnvelope | Uint8Array, privateKey: Hex): Promise<Uint8Array> {
  const parsed = envelope instanceof Uint8Array ? parseEnvelope(envelope) : envelope;
  const address = privateKeyToAddress(privateKey);
  const recipient = parsed.recipients.find((r) => isAddressEqual(r.address, address));
  if (!recipient) throw new NotARecipientError({ address, recipients: parsed.recipients.map((r) => r.address) });
  const key = await eciesDecrypt(privateKey, recipient.sealedKey, "data key sealed to you");
  if (key.length !== 32) throw new InvalidEnvelopeError({ reason: `The sealed data key has ${key.length} bytes, not 32.` });
  return key;
}

/** Decrypts an envelope's payload, with a recipient's private key or the data key itself. */
export async function decryptEnvelope(envelope: MetadataEnvelope | Uint8Array, key: { privateKey: Hex } | { dataKey: Uint8Array }): Promise<Uint8Array> {
  const parsed = envelope instanceof Uint8Array ? parseEnvelope(envelope) : envelope;
  const dataKey = "dataKey" in key ? key.dataKey : await openEnvelopeKey(parsed, key.privateKey);
  return open(parsed.cipher, dataKey, parsed.nonce, parsed.ciphertext, parsed.header, "agent metadata");
}
