import { isAddress } from "viem";
import { SessionTokenFormatError } from "../errors.js";
import { ephemeralTokenId } from "./constants.js";
import type { SessionToken } from "./types.js";

/**
 * Reads session token JSON strictly: a JSON object with `address` and `provider` (addresses, any
 * case), `timestamp`, `expiresAt` and `generation` (non-negative safe integers), `nonce` (a string)
 * and `tokenId` (an integer 0-255). Other keys are ignored, as 0G's provider ignores them.
 *
 * @throws {SessionTokenFormatError} naming the first bad field.
 * @example
 * const token = parseSessionToken(rawMessage); // { address, provider, timestamp, ... }
 */
export function parseSessionToken(rawMessage: string): SessionToken {
  let value: unknown;
  try {
    value = JSON.parse(rawMessage);
  } catch {
    throw new SessionTokenFormatError({ expected: "the token as a JSON object" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new SessionTokenFormatError({ expected: "the token as a JSON object" });
  const json = value as Record<string, unknown>;
  return {
    address: address(json, "address"),
    provider: address(json, "provider"),
    timestamp: integer(json, "timestamp", Number.MAX_SAFE_INTEGER),
    expiresAt: integer(json, "expiresAt", Number.MAX_SAFE_INTEGER),
    nonce: string(json, "nonce"),
    generation: integer(json, "generation", Number.MAX_SAFE_INTEGER),
    tokenId: integer(json, "tokenId", ephemeralTokenId),
  };
}

function address(json: Record<string, unknown>, field: string): SessionToken["address"] {
  const value = json[field];
  if (typeof value !== "string" || !isAddress(value, { strict: false }))
    throw new SessionTokenFormatError({ field, expected: "a 0x-prefixed 20-byte address" });
  return value;
}

function integer(json: Record<string, unknown>, field: string, max: number): number {
  const value = json[field];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max)
    throw new SessionTokenFormatError({ field, expected: `an integer from 0 to ${max}` });
  return value;
}

function string(json: Record<string, unknown>, field: string): string {
  const value = json[field];
  if (typeof value !== "string") throw new SessionTokenFormatError({ field, expected: "a string" });
  return value;
}
