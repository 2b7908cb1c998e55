import type { Address, Hex } from "viem";

/**
 * A 0G session token, field for field as 0G's SDK (`generateSessionToken`) builds it and 0G's
 * provider (`SessionToken` in the broker's `request.go`) reads it. Times are Unix milliseconds.
 */
export type SessionToken = {
  /** The user (the signer). */
  address: Address;
  /** The provider the token is for. */
  provider: Address;
  /** When it was minted (ms). */
  timestamp: number;
  /** When it expires (ms); `0` = never (persistent API keys only). */
  expiresAt: number;
  /** A random string that makes every token unique. */
  nonce: string;
  /** The account's token generation when minted; `revokeAllTokens` bumps it and kills older tokens. */
  generation: number;
  /** 0-254: a persistent, individually revocable API key; 255: an ephemeral token. */
  tokenId: number;
};

/**
 * A session token with the exact JSON text that was signed and its signature: what
 * `Authorization: Bearer app-sk-<base64(rawMessage + "|" + signature)>` carries.
 */
export type SignedSessionToken = {
  token: SessionToken;
  /** The token JSON as signed; the signature covers this text, byte for byte. */
  rawMessage: string;
  /** EIP-191 signature of `keccak256(utf8(rawMessage))` (the 32-byte hash is the message). */
  signature: Hex;
};

/** The on-chain revocation state of the user's `InferenceServing` account with the provider. */
export type SessionTokenAccountState = {
  /** `Account.generation`. */
  generation: bigint | number;
  /** `Account.revokedBitmap`: bit `i` set = persistent token id `i` revoked. */
  revokedBitmap: bigint;
};
