import { BaseError, describeErrors } from "@0g/core";

// Codes 4000-4099: the protocol core (session tokens, response signatures, usage, service metadata).
// 4000-4019 session tokens, 4020-4029 response signatures, 4030-4039 usage, 4040-4049 services.

/** Why an `Authorization` header is not a 0G session token header. */
export type AuthorizationHeaderErrorReason = "missing" | "scheme";

/** The `Authorization` header is absent or does not start with `Bearer app-sk-`. */
export class AuthorizationHeaderError extends BaseError {
  static override readonly code = 4000;
  static override readonly description =
    "The Authorization header is missing or does not have the form `Bearer app-sk-<base64(JSON|signature)>`.";
  override name = "AuthorizationHeaderError";
  readonly reason: AuthorizationHeaderErrorReason;
  constructor({ reason }: { reason: AuthorizationHeaderErrorReason }) {
    super(reason === "missing" ? "The Authorization header is missing." : "The Authorization header is not a 0G session token.", {
      code: AuthorizationHeaderError.code,
      details: "0G providers expect `Authorization: Bearer app-sk-<base64(token JSON + \"|\" + signature)>`.",
    });
    this.reason = reason;
  }
}

/** The part after `app-sk-` is not canonical base64, or does not decode to UTF-8 text. */
export class AuthorizationEncodingError extends BaseError {
  static override readonly code = 4001;
  static override readonly description =
    "The session token after `app-sk-` is not padded standard base64 of UTF-8 text.";
  override name = "AuthorizationEncodingError";
  readonly reason: "base64" | "utf8";
  constructor({ reason }: { reason: "base64" | "utf8" }) {
    super(reason === "base64" ? "The session token is not valid base64." : "The session token is not valid UTF-8.", {
      code: AuthorizationEncodingError.code,
      details:
        reason === "base64"
          ? "Expected standard base64 (A-Z a-z 0-9 + /, `=` padding) of `JSON|signature`."
          : "The decoded bytes are not UTF-8 text.",
    });
    this.reason = reason;
  }
}

/** The decoded session token has no `|` between its JSON and its signature. */
export class AuthorizationPayloadError extends BaseError {
  static override readonly code = 4002;
  static override readonly description = "The decoded session token has no `|` separating the token JSON from the signature.";
  override name = "AuthorizationPayloadError";
  constructor() {
    super("The session token has no `|` separator.", {
      code: AuthorizationPayloadError.code,
      details: "Expected base64(token JSON + \"|\" + 0x-prefixed signature).",
    });
  }
}

/** The session token JSON does not parse, or a field is missing or has the wrong type. */
export class SessionTokenFormatError extends BaseError {
  static override readonly code = 4003;
  static override readonly description =
    "The session token JSON is malformed: not an object, or a field (address, provider, timestamp, expiresAt, nonce, generation, tokenId) is missing or has the wrong type.";
  override name = "SessionTokenFormatError";
  /** The offending field, or `undefined` when the text is not a JSON object. */
  readonly field: string | undefined;
  constructor({ field, expected }: { field?: string | undefined; expected: string }) {
    super(field === undefined ? "The session token is not a JSON object." : `The session token field "${field}" is invalid.`, {
      code: SessionTokenFormatError.code,
      details: `Expected ${expected}.`,
    });
    this.field = field;
  }
}

/** The session token's signature is not `0x` + 65 bytes with `v` 27 or 28. */
export class SessionTokenSignatureFormatError extends BaseError {
  static override readonly code = 4004;
  static override readonly description = "The session token's signature is not a 0x-prefixed 65-byte signature with v = 27 or 28.";
  override name = "SessionTokenSignatureFormatError";
  constructor({ signature }: { signature: string }) {
    super("The session token's signature is malformed.", {
      code: SessionTokenSignatureFormatError.code,
      details: `Expected 0x + 130 hex digits ending in 1b or 1c, got ${describe(signature)}.`,
    });
  }
}

/** The session token's signature does not recover to the token's `address`. */
export class InvalidSessionTokenSignatureError extends BaseError {
  static override readonly code = 4005;
  static override readonly description =
    "The session token's signature was not made by the token's `address` (EIP-191 over keccak256 of the token JSON).";
  override name = "InvalidSessionTokenSignatureError";
  readonly address: string;
  readonly recovered: string | undefined;
  constructor({ address, recovered }: { address: string; recovered?: string | undefined }) {
    super("The session token's signature is invalid.", {
      code: InvalidSessionTokenSignatureError.code,
      details:
        recovered === undefined
          ? `No public key could be recovered from the signature (token address ${address}).`
          : `The signature recovers to ${recovered}, not to the token's address ${address}.`,
    });
    this.address = address;
    this.recovered = recovered;
  }
}

/** The session token was issued for another provider. */
export class SessionTokenProviderMismatchError extends BaseError {
  static override readonly code = 4006;
  static override readonly description = "The session token is for a different provider than the one verifying it.";
  override name = "SessionTokenProviderMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor({ expected, actual }: { expected: string; actual: string }) {
    super("The session token is for a different provider.", {
      code: SessionTokenProviderMismatchError.code,
      details: `The token names provider ${actual}; this provider is ${expected}.`,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The session token's `expiresAt` has passed. */
export class SessionTokenExpiredError extends BaseError {
  static override readonly code = 4007;
  static override readonly description = "The session token has expired (its expiresAt, in whole seconds, is before now).";
  override name = "SessionTokenExpiredError";
  readonly expiresAt: number;
  readonly now: number;
  constructor({ expiresAt, now }: { expiresAt: number; now: number }) {
    super("The session token has expired.", {
      code: SessionTokenExpiredError.code,
      details: `It expired at ${new Date(expiresAt).toISOString()} (now ${new Date(now).toISOString()}). Mint a new one.`,
    });
    this.expiresAt = expiresAt;
    this.now = now;
  }
}

/** Why an ephemeral token (tokenId 255) breaks the ephemeral rules. */
export type InvalidEphemeralTokenReason = "no-expiry" | "too-long";

/** An ephemeral token (tokenId 255) without an expiry, or valid for more than 24 hours. */
export class InvalidEphemeralTokenError extends BaseError {
  static override readonly code = 4008;
  static override readonly description = "An ephemeral session token (tokenId 255) must expire, at most 24 hours after its timestamp.";
  override name = "InvalidEphemeralTokenError";
  readonly reason: InvalidEphemeralTokenReason;
  constructor({ reason }: { reason: InvalidEphemeralTokenReason }) {
    super(
      reason === "no-expiry"
        ? "The ephemeral session token never expires."
        : "The ephemeral session token lasts more than 24 hours.",
      {
        code: InvalidEphemeralTokenError.code,
        details: "Ephemeral tokens (tokenId 255) need 0 < expiresAt - timestamp <= 86400000 ms; use a persistent API key (tokenId 0-254) for longer.",
      },
    );
    this.reason = reason;
  }
}

/** The token's `generation` is not the account's current generation. */
export class SessionTokenGenerationMismatchError extends BaseError {
  static override readonly code = 4009;
  static override readonly description =
    "The session token's generation differs from the account's: older means every token was revoked (revokeAllTokens), newer is invalid.";
  override name = "SessionTokenGenerationMismatchError";
  readonly tokenGeneration: bigint;
  readonly accountGeneration: bigint;
  constructor({ tokenGeneration, accountGeneration }: { tokenGeneration: bigint; accountGeneration: bigint }) {
    super(
      tokenGeneration < accountGeneration
        ? "The session token has been revoked (generation expired)."
        : "The session token is from a future generation.",
      {
        code: SessionTokenGenerationMismatchError.code,
        details: `Token generation ${tokenGeneration}, account generation ${accountGeneration}.`,
      },
    );
    this.tokenGeneration = tokenGeneration;
    this.accountGeneration = accountGeneration;
  }
}

/** The persistent token's `tokenId` bit is set in the account's `revokedBitmap`. */
export class SessionTokenRevokedError extends BaseError {
  static override readonly code = 4010;
  static override readonly description = "The API key (persistent token) was revoked: its tokenId bit is set in the account's revokedBitmap.";
  override name = "SessionTokenRevokedError";
  readonly tokenId: number;
  constructor({ tokenId }: { tokenId: number }) {
    super("The session token has been revoked.", {
      code: SessionTokenRevokedError.code,
      details: `Token id ${tokenId} is revoked (revokeToken). Create a new API key with another token id.`,
    });
    this.tokenId = tokenId;
  }
}

/** Every persistent token id (0-254) is revoked. */
export class NoAvailableTokenIdError extends BaseError {
  static override readonly code = 4011;
  static override readonly description = "All 255 persistent token ids (0-254) are revoked; revokeAllTokens resets them.";
  override name = "NoAvailableTokenIdError";
  constructor() {
    super("API key limit reached (255).", {
      code: NoAvailableTokenIdError.code,
      details: "Every token id 0-254 is revoked. Call revokeAllTokens on InferenceServing (it bumps the generation and clears the bitmap).",
    });
  }
}

/** A `/v1/proxy/signature/:chatId` answer that is not `{ text, signature, signing_address, signing_algo }`. */
export class ResponseSignatureFormatError extends BaseError {
  static override readonly code = 4020;
  static override readonly description =
    "A response signature is malformed: not { text, signature, signing_address, signing_algo: \"ecdsa\" } with a 65-byte signature.";
  override name = "ResponseSignatureFormatError";
  readonly field: string | undefined;
  constructor({ field, expected }: { field?: string | undefined; expected: string }) {
    super(field === undefined ? "The response signature is not an object." : `The response signature field "${field}" is invalid.`, {
      code: ResponseSignatureFormatError.code,
      details: `Expected ${expected}.`,
    });
    this.field = field;
  }
}

/** The signature over `text` does not recover to the answer's `signing_address`. */
export class InvalidResponseSignatureError extends BaseError {
  static override readonly code = 4021;
  static override readonly description = "A response signature does not recover to the signing address it claims (EIP-191 over its text).";
  override name = "InvalidResponseSignatureError";
  readonly claimed: string;
  readonly recovered: string | undefined;
  constructor({ claimed, recovered }: { claimed: string; recovered?: string | undefined }) {
    super("The response signature is invalid.", {
      code: InvalidResponseSignatureError.code,
      details:
        recovered === undefined
          ? `No public key could be recovered from the signature (claimed signer ${claimed}).`
          : `The signature recovers to ${recovered}, not to the claimed signer ${claimed}.`,
    });
    this.claimed = claimed;
    this.recovered = recovered;
  }
}

/** The response was signed by a key other than the provider's TEE signer. */
export class ResponseSignerMismatchError extends BaseError {
  static override readonly code = 4022;
  static override readonly description =
    "A response was signed by a key other than the expected TEE signer (the service's teeSignerAddress or TargetTeeAddress).";
  override name = "ResponseSignerMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor({ expected, actual }: { expected: string; actual: string }) {
    super("The response was not signed by the provider's TEE signer.", {
      code: ResponseSignerMismatchError.code,
      details: `Signed by ${actual}; the expected TEE signer is ${expected}.`,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The signed text does not commit to the request or response the client sent or received. */
export class ResponseTextMismatchError extends BaseError {
  static override readonly code = 4023;
  static override readonly description =
    "A response signature's text does not match sha256 of the request the client sent or of the response it received.";
  override name = "ResponseTextMismatchError";
  readonly part: "request" | "response";
  readonly expected: string;
  readonly actual: string;
  constructor({ part, expected, actual }: { part: "request" | "response"; expected: string; actual: string }) {
    super(`The signed text does not match the ${part} body.`, {
      code: ResponseTextMismatchError.code,
      details: `sha256 of the ${part} is ${expected}; the signed text has ${describe(actual)}.`,
    });
    this.part = part;
    this.expected = expected;
    this.actual = actual;
  }
}

/** An OpenAI `usage` object whose token counts are not non-negative integers. */
export class InvalidUsageError extends BaseError {
  static override readonly code = 4030;
  static override readonly description = "An OpenAI usage object is malformed: prompt_tokens / completion_tokens are not non-negative integers.";
  override name = "InvalidUsageError";
  readonly field: string | undefined;
  constructor({ field, value }: { field?: string | undefined; value: unknown }) {
    super(field === undefined ? "The usage is not an object." : `The usage field "${field}" is invalid.`, {
      code: InvalidUsageError.code,
      details: `Expected a non-negative integer, got ${describe(value)}.`,
    });
    this.field = field;
  }
}

/** A service's `additionalInfo` is neither empty nor a JSON object. */
export class ServiceAdditionalInfoError extends BaseError {
  static override readonly code = 4040;
  static override readonly description = "A service's additionalInfo is neither empty nor a JSON object.";
  override name = "ServiceAdditionalInfoError";
  constructor({ additionalInfo }: { additionalInfo: string }) {
    super("The service's additionalInfo is not a JSON object.", {
      code: ServiceAdditionalInfoError.code,
      details: `Got ${describe(additionalInfo)}.`,
    });
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Every error of `@0g/compute` with its stable code and description (4000-4999; the protocol core
 * uses 4000-4099).
 *
 * @example
 * import { computeErrors } from "@0g/compute";
 * computeErrors.find((e) => e.code === 4007); // { name: "SessionTokenExpiredError", ... }
 */
export const computeErrors = /*#__PURE__*/ describeErrors([
  AuthorizationHeaderError,
  AuthorizationEncodingError,
  AuthorizationPayloadError,
  SessionTokenFormatError,
  SessionTokenSignatureFormatError,
  InvalidSessionTokenSignatureError,
  SessionTokenProviderMismatchError,
  SessionTokenExpiredError,
  InvalidEphemeralTokenError,
  SessionTokenGenerationMismatchError,
  SessionTokenRevokedError,
  NoAvailableTokenIdError,
  ResponseSignatureFormatError,
  InvalidResponseSignatureError,
  ResponseSignerMismatchError,
  ResponseTextMismatchError,
  InvalidUsageError,
  ServiceAdditionalInfoError,
]);
