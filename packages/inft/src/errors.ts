import { BaseError, describeErrors } from "@0g/core";

/** The bytes are not an INFT metadata envelope this version can read. */
export class InvalidEnvelopeError extends BaseError {
  static override readonly code = 5000;
  static override readonly description = "The bytes are not a valid INFT metadata envelope (bad magic, version, cipher or lengths).";
  override name = "InvalidEnvelopeError";
  readonly reason: string;
  constructor({ reason }: { reason: string }) {
    super("Invalid INFT metadata envelope.", { code: InvalidEnvelopeError.code, details: reason });
    this.reason = reason;
  }
}

/** Authenticated decryption failed: the key is wrong or the bytes were changed. */
export class DecryptionFailedError extends BaseError {
  static override readonly code = 5001;
  static override readonly description = "Decryption failed: the key is not the one the data was encrypted with, or the data was tampered with.";
  override name = "DecryptionFailedError";
  readonly what: string;
  constructor({ what, cause }: { what: string; cause?: unknown }) {
    super(`Could not decrypt the ${what}.`, {
      code: DecryptionFailedError.code,
      details: "The authentication tag did not verify: wrong key, or the ciphertext or its header was modified.",
      ...(cause === undefined ? {} : { cause: cause as Error }),
    });
    this.what = what;
  }
}

/** The envelope holds no data key sealed to this key's address. */
export class NotARecipientError extends BaseError {
  static override readonly code = 5002;
  static override readonly description = "The metadata's data key is not sealed to this key: it belongs to another holder.";
  override name = "NotARecipientError";
  readonly address: string;
  readonly recipients: readonly string[];
  constructor({ address, recipients }: { address: string; recipients: readonly string[] }) {
    super(`The metadata is not sealed to ${address}.`, {
      code: NotARecipientError.code,
      details: `Its data key is sealed to: ${recipients.join(", ") || "nobody"}.`,
      metaMessages: ["Only the token's holder (and the oracle) can open it; authorised users ask the oracle."],
    });
    this.address = address;
    this.recipients = recipients;
  }
}

/** A secp256k1 public key that is not a valid curve point in a known encoding. */
export class InvalidPublicKeyError extends BaseError {
  static override readonly code = 5003;
  static override readonly description = "A secp256k1 public key is malformed: expected 33, 64 or 65 bytes of a point on the curve.";
  override name = "InvalidPublicKeyError";
  constructor({ value, cause }: { value: string; cause?: unknown }) {
    super("Invalid secp256k1 public key.", {
      code: InvalidPublicKeyError.code,
      details: `Got ${value}; expected a compressed (33 B), raw (64 B) or uncompressed (65 B) point.`,
      ...(cause === undefined ? {} : { cause: cause as Error }),
    });
  }
}

/** Decrypted metadata that is not an agent document this version understands. */
export class InvalidAgentMetadataError extends BaseError {
  static override readonly code = 5004;
  static override readonly description = "An agent's metadata is not a valid agent document: bad JSON, version or agent key.";
  override name = "InvalidAgentMetadataError";
  readonly path: string;
  constructor({ path, reason }: { path: string; reason: string }) {
    super("Invalid agent metadata.", { code: InvalidAgentMetadataError.code, details: path ? `${path}: ${reason}` : reason });
    this.path = path;
  }
}

/** Every error class of `@0g/inft`. */
export const inftErrorClasses = [InvalidEnvelopeError, DecryptionFailedError, NotARecipientError, InvalidPublicKeyError, InvalidAgentMetadataError] as const;

/**
 * Every error of `@0g/inft` with its stable code and description (5000-5999).
 *
 * @example
 * import { inftErrors } from "@0g/inft";
 * inftErrors.find((e) => e.code === 5001); // { name: "DecryptionFailedError", ... }
 */
export const inftErrors = /*#__PURE__*/ describeErrors(inftErrorClasses);
