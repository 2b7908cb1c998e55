import { InvalidParameterError } from "@0g/core";
import { bytesToHex, isAddress, type Address, type Hex, type SignableMessage } from "viem";
import { ephemeralTokenId, ephemeralTokenMaxDuration, maxPersistentTokenId } from "./constants.js";
import { findAvailableTokenId, isTokenIdRevoked } from "./revocation.js";
import { serializeSessionToken, sessionTokenHash } from "./serialize.js";
import type { SessionToken, SignedSessionToken } from "./types.js";

/**
 * What signs a session token: a viem `LocalAccount` (`privateKeyToAccount`, `mnemonicToAccount`)
 * or any account with `signMessage`. 0G's provider recovers the signer with `ecrecover`, so it must
 * be an EOA key.
 */
export type SessionTokenSigner = {
  address: Address;
  signMessage: (parameters: { message: SignableMessage }) => Promise<Hex>;
};

export type CreateSessionTokenParameters = {
  /** The user: signs the token, and its address is the token's `address`. */
  account: SessionTokenSigner;
  /** The provider the token is for (kept as written: the signature covers the text). */
  provider: Address;
  /**
   * `"ephemeral"` (default): token id 255, expires at most 24 h after minting, revoked only by
   * `revokeAllTokens`. `"persistent"`: an API key with token id 0-254, revocable one by one.
   */
  kind?: "ephemeral" | "persistent" | undefined;
  /**
   * Lifetime in ms. Ephemeral: default and maximum 24 h (0 or less means 24 h, as in 0G's SDK).
   * Persistent: default 0 = never expires.
   */
  duration?: number | undefined;
  /** Persistent only: the token id (0-254). Default: the lowest id not revoked in `revokedBitmap`. */
  tokenId?: number | undefined;
  /** The account's current `generation` (`InferenceServing.getAccount`). Default 0. */
  generation?: number | bigint | undefined;
  /** Persistent only: the account's `revokedBitmap`, to pick a free token id and refuse a revoked one. */
  revokedBitmap?: bigint | undefined;
  /** Mint time in Unix ms. Default `Date.now()`. */
  timestamp?: number | undefined;
  /** Default: 16 random bytes as 32 hex digits (0G's SDK in browsers). Must not contain `|`. */
  nonce?: string | undefined;
};

/**
 * Mints and signs a session token the way 0G's SDK does (`generateSessionToken`): builds the token,
 * serializes it ({@link serializeSessionToken}) and signs `keccak256(utf8(JSON))` with EIP-191.
 * Format it with `formatAuthorization` for the `Authorization` header, or `formatApiKey` for an
 * OpenAI client's `apiKey`.
 *
 * @example
 * const account = privateKeyToAccount(key);
 * const signed = await createSessionToken({ account, provider, generation: account.generation });
 * const headers = { Authorization: formatAuthorization(signed) };
 *
 * // A persistent API key that never expires:
 * const key = await createSessionToken({ account, provider, kind: "persistent", revokedBitmap });
 */
export async function createSessionToken(parameters: CreateSessionTokenParameters): Promise<SignedSessionToken> {
  const { account, provider, kind = "ephemeral", revokedBitmap = 0n } = parameters;
  if (!isAddress(provider, { strict: false }))
    throw new InvalidParameterError({ name: "provider", value: provider, expected: "an address" });
  const timestamp = parameters.timestamp ?? Date.now();
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new InvalidParameterError({ name: "timestamp", value: timestamp, expected: "Unix milliseconds" });
  const generation = Number(parameters.generation ?? 0);
  if (!Number.isSafeInteger(generation) || generation < 0)
    throw new InvalidParameterError({ name: "generation", value: parameters.generation, expected: "a non-negative safe integer" });
  const duration = parameters.duration;
  if (duration !== undefined && !Number.isSafeInteger(duration))
    throw new InvalidParameterError({ name: "duration", value: duration, expected: "an integer number of milliseconds" });

  let tokenId: number;
  let expiresAt: number;
  if (kind === "ephemeral") {
    if (parameters.tokenId !== undefined && parameters.tokenId !== ephemeralTokenId)
      throw new InvalidParameterError({ name: "tokenId", value: parameters.tokenId, expected: "255 (or none) for an ephemeral token" });
    const lifetime = duration === undefined || duration <= 0 ? ephemeralTokenMaxDuration : duration;
    if (lifetime > ephemeralTokenMaxDuration)
      throw new InvalidParameterError({ name: "duration", value: duration, expected: `at most ${ephemeralTokenMaxDuration} ms (24 h) for an ephemeral token` });
    tokenId = ephemeralTokenId;
    expiresAt = timestamp + lifetime;
  } else if (kind === "persistent") {
    if (parameters.tokenId === undefined) tokenId = findAvailableTokenId(revokedBitmap);
    else {
      tokenId = parameters.tokenId;
      if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId > maxPersistentTokenId)
        throw new InvalidParameterError({ name: "tokenId", value: tokenId, expected: `an integer from 0 to ${maxPersistentTokenId}` });
      if (isTokenIdRevoked(revokedBitmap, tokenId))
        throw new InvalidParameterError({ name: "tokenId", value: tokenId, expected: "a token id that is not revoked in revokedBitmap" });
    }
    expiresAt = duration !== undefined && duration > 0 ? timestamp + duration : 0;
  } else {
    throw new InvalidParameterError({ name: "kind", value: kind, expected: '"ephemeral" or "persistent"' });
  }

  const nonce = parameters.nonce ?? randomNonce();
  if (typeof nonce !== "string" || nonce.includes("|"))
    throw new InvalidParameterError({ name: "nonce", value: nonce, expected: "a string without `|` (the header separates JSON and signature at the first `|`)" });
  return signSessionToken({
    account,
    token: { address: account.address, provider, timestamp, expiresAt, nonce, generation, tokenId },
  });
}

/**
 * Signs a token you built yourself: serializes it and signs `keccak256(utf8(JSON))` with EIP-191.
 * {@link createSessionToken} is the safe way; this one checks nothing (tests use it to forge
 * tokens a provider must refuse).
 *
 * @example
 * const signed = await signSessionToken({ account, token: { ...token, expiresAt: 0 } });
 */
export async function signSessionToken({
  account,
  token,
}: {
  account: SessionTokenSigner;
  token: SessionToken;
}): Promise<SignedSessionToken> {
  const rawMessage = serializeSessionToken(token);
  const signature = await account.signMessage({ message: { raw: sessionTokenHash(rawMessage) } });
  return { token: { ...token }, rawMessage, signature };
}

function randomNonce(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(16))).slice(2);
}
