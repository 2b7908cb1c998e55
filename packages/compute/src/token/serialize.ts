import { keccak256, stringToBytes, type Hex } from "viem";
import type { SessionToken } from "./types.js";

/**
 * The token JSON exactly as 0G's SDK writes it (`JSON.stringify` of an object built in the order
 * address, provider, timestamp, expiresAt, nonce, generation, tokenId). The signature covers this
 * text, so the field order and the number formatting matter.
 *
 * @example
 * serializeSessionToken(token);
 * // '{"address":"0xf39F…","provider":"0x7099…","timestamp":1700000000000,"expiresAt":1700086400000,"nonce":"…","generation":0,"tokenId":255}'
 */
export function serializeSessionToken(token: SessionToken): string {
  return JSON.stringify({
    address: token.address,
    provider: token.provider,
    timestamp: token.timestamp,
    expiresAt: token.expiresAt,
    nonce: token.nonce,
    generation: token.generation,
    tokenId: token.tokenId,
  });
}

/**
 * `keccak256(utf8(rawMessage))`: the 32 bytes a session token's EIP-191 signature signs
 * (`"\x19Ethereum Signed Message:\n32" ‖ hash`).
 *
 * @example
 * const hash = sessionTokenHash(rawMessage);
 * await account.signMessage({ message: { raw: hash } });
 */
export function sessionTokenHash(rawMessage: string): Hex {
  return keccak256(stringToBytes(rawMessage));
}
