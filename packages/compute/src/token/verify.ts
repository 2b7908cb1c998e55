import { InvalidParameterError } from "@0g/core";
import { getAddress, isAddress, isAddressEqual, recoverMessageAddress, type Address } from "viem";
import {
  type AuthorizationEncodingError,
  type AuthorizationHeaderError,
  type AuthorizationPayloadError,
  InvalidEphemeralTokenError,
  InvalidSessionTokenSignatureError,
  SessionTokenExpiredError,
  type SessionTokenFormatError,
  SessionTokenGenerationMismatchError,
  SessionTokenProviderMismatchError,
  SessionTokenRevokedError,
  type SessionTokenSignatureFormatError,
} from "../errors.js";
import { parseAuthorization } from "./authorization.js";
import { ephemeralTokenId, ephemeralTokenMaxDuration } from "./constants.js";
import { isTokenIdRevoked } from "./revocation.js";
import { sessionTokenHash } from "./serialize.js";
import type { SessionToken, SessionTokenAccountState, SignedSessionToken } from "./types.js";

export type VerifySessionTokenParameters = {
  /** The provider doing the check: the token's `provider` must be this address (any case). */
  provider: Address;
  /**
   * The user's `InferenceServing` account with this provider (`generation`, `revokedBitmap`), or a
   * function that reads it for the token's `address`. `null` means the account does not exist:
   * like 0G's provider, the generation and bitmap checks are then skipped.
   */
  account:
    | SessionTokenAccountState
    | null
    | ((user: Address) => SessionTokenAccountState | null | Promise<SessionTokenAccountState | null>);
  /** Current time in Unix ms. Default `Date.now()`. */
  now?: number | undefined;
};

export type VerifySessionTokenReturnType = Address;

export type VerifySessionTokenErrorType =
  | AuthorizationHeaderError
  | AuthorizationEncodingError
  | AuthorizationPayloadError
  | SessionTokenFormatError
  | SessionTokenSignatureFormatError
  | SessionTokenProviderMismatchError
  | InvalidEphemeralTokenError
  | SessionTokenExpiredError
  | SessionTokenGenerationMismatchError
  | SessionTokenRevokedError
  | InvalidSessionTokenSignatureError;

/**
 * Checks a session token as 0G's provider does (`ValidateSession` + `validateTokenRevocation` in
 * the broker's `ctrl/request.go`), in the same order, and returns the user's address (checksummed).
 *
 * 1. the header parses ({@link parseAuthorization}), when given as a string;
 * 2. `provider` equals this provider (case-insensitive);
 * 3. an ephemeral token (id 255) has an expiry, at most 24 h after its timestamp;
 * 4. it has not expired: `expiresAt` = 0 never expires, otherwise it is valid while
 *    `floor(now / 1000) <= floor(expiresAt / 1000)` (the broker compares whole seconds);
 * 5. with an account: `generation` equals the account's, and a persistent token's id (0-254) is
 *    not set in `revokedBitmap` (ephemeral tokens skip the bitmap);
 * 6. the EIP-191 signature of `keccak256(utf8(rawMessage))` recovers to `address`.
 *
 * @throws {VerifySessionTokenErrorType}
 * @example
 * const user = await verifySessionToken(request.headers.get("authorization") ?? "", {
 *   provider: providerAddress,
 *   account: (user) => readAccount(user), // { generation, revokedBitmap } of InferenceServing.getAccount(user, provider), or null
 * });
 */
export async function verifySessionToken(
  authorization: string | SignedSessionToken,
  { provider, account, now = Date.now() }: VerifySessionTokenParameters,
): Promise<VerifySessionTokenReturnType> {
  if (!isAddress(provider, { strict: false }))
    throw new InvalidParameterError({ name: "provider", value: provider, expected: "an address" });
  const { token, rawMessage, signature } = typeof authorization === "string" ? parseAuthorization(authorization) : authorization;

  if (!isAddressEqual(token.provider, provider))
    throw new SessionTokenProviderMismatchError({ expected: provider, actual: token.provider });
  checkLifetime(token, now);

  const state = typeof account === "function" ? await account(getAddress(token.address)) : account;
  if (state !== null) checkRevocation(token, state);

  let recovered: Address;
  try {
    recovered = await recoverMessageAddress({ message: { raw: sessionTokenHash(rawMessage) }, signature });
  } catch {
    throw new InvalidSessionTokenSignatureError({ address: token.address });
  }
  if (!isAddressEqual(recovered, token.address))
    throw new InvalidSessionTokenSignatureError({ address: token.address, recovered });
  return recovered;
}

/**
 * True when a token is past its expiry at `now` (Unix ms), by 0G's provider's rule: never when
 * `expiresAt` is 0, otherwise when `floor(now / 1000) > floor(expiresAt / 1000)`. A token therefore
 * stays valid until the end of the second in which it expires.
 *
 * @example
 * isSessionTokenExpired({ expiresAt: 1_000_500 }, 1_000_999); // false
 * isSessionTokenExpired({ expiresAt: 1_000_500 }, 1_001_000); // true
 */
export function isSessionTokenExpired(token: Pick<SessionToken, "expiresAt">, now: number = Date.now()): boolean {
  return token.expiresAt > 0 && Math.floor(now / 1000) > Math.floor(token.expiresAt / 1000);
}

function checkLifetime(token: SessionToken, now: number): void {
  if (token.tokenId === ephemeralTokenId) {
    if (token.expiresAt === 0) throw new InvalidEphemeralTokenError({ reason: "no-expiry" });
    if (token.expiresAt - token.timestamp > ephemeralTokenMaxDuration) throw new InvalidEphemeralTokenError({ reason: "too-long" });
  }
  if (isSessionTokenExpired(token, now)) throw new SessionTokenExpiredError({ expiresAt: token.expiresAt, now });
}

function checkRevocation(token: SessionToken, state: SessionTokenAccountState): void {
  const accountGeneration = BigInt(state.generation);
  const tokenGeneration = BigInt(token.generation);
  if (tokenGeneration !== accountGeneration) throw new SessionTokenGenerationMismatchError({ tokenGeneration, accountGeneration });
  if (token.tokenId !== ephemeralTokenId && isTokenIdRevoked(state.revokedBitmap, token.tokenId))
    throw new SessionTokenRevokedError({ tokenId: token.tokenId });
}
