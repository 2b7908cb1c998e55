import { InvalidParameterError } from "@0g/core";
import { NoAvailableTokenIdError } from "../errors.js";
import { ephemeralTokenId, maxPersistentTokenId } from "./constants.js";

/**
 * True when persistent token id `tokenId` is revoked in an account's `revokedBitmap` (bit
 * `tokenId`, counted from the least significant). Ephemeral tokens (id 255) are never checked
 * against the bitmap: they die only with their generation.
 *
 * @example
 * isTokenIdRevoked(0b101n, 2); // true
 * isTokenIdRevoked(0b101n, 1); // false
 */
export function isTokenIdRevoked(revokedBitmap: bigint, tokenId: number): boolean {
  assertTokenId(tokenId);
  return ((revokedBitmap >> BigInt(tokenId)) & 1n) === 1n;
}

/**
 * The smallest persistent token id (0-254) that is not revoked, as 0G's SDK picks one for
 * `createApiKey` (it does not know which ids are in use, only which are revoked).
 *
 * @throws {NoAvailableTokenIdError} when all 255 are revoked.
 * @example
 * findAvailableTokenId(0b111n); // 3
 */
export function findAvailableTokenId(revokedBitmap: bigint): number {
  for (let id = 0; id <= maxPersistentTokenId; id++) if (((revokedBitmap >> BigInt(id)) & 1n) === 0n) return id;
  throw new NoAvailableTokenIdError();
}

/**
 * The persistent token ids (0-254) set in a `revokedBitmap`, ascending.
 *
 * @example
 * revokedTokenIds(0b1010n); // [1, 3]
 */
export function revokedTokenIds(revokedBitmap: bigint): number[] {
  const ids: number[] = [];
  for (let id = 0; id <= maxPersistentTokenId; id++) if (((revokedBitmap >> BigInt(id)) & 1n) === 1n) ids.push(id);
  return ids;
}

function assertTokenId(tokenId: number): void {
  if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId > ephemeralTokenId)
    throw new InvalidParameterError({ name: "tokenId", value: tokenId, expected: "an integer from 0 to 255" });
}
