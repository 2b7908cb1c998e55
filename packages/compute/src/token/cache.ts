import { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { formatAuthorization } from "./authorization.js";
import { ephemeralTokenMaxDuration, ephemeralTokenRefreshMargin } from "./constants.js";
import { createSessionToken, type SessionTokenSigner } from "./create.js";
import type { SignedSessionToken } from "./types.js";

export type CreateSessionTokenCacheParameters = {
  /** The user that signs the tokens. */
  account: SessionTokenSigner;
  /** Lifetime of each minted token in ms (at most and by default 24 h). */
  duration?: number | undefined;
  /** Re-mint when less than this remains (ms). Default 1 h, as 0G's SDK. */
  refreshMargin?: number | undefined;
  /** The clock, Unix ms. Default `Date.now`. */
  now?: (() => number) | undefined;
};

export type SessionTokenCacheGetParameters = {
  provider: Address;
  /** The account's current `generation`; a cached token of another generation is re-minted. Default 0. */
  generation?: number | bigint | undefined;
};

/** Ephemeral session tokens per provider, re-minted before they run out. */
export type SessionTokenCache = {
  /** The cached token for `provider`, or a fresh one when none is cached, its generation is stale, or less than `refreshMargin` remains. */
  get: (parameters: SessionTokenCacheGetParameters) => Promise<SignedSessionToken>;
  /** `formatAuthorization(await get(parameters))`. */
  authorization: (parameters: SessionTokenCacheGetParameters) => Promise<string>;
  /** Drops the token of one provider (after `revokeAllTokens`, say), or of all. */
  clear: (provider?: Address) => void;
};

/**
 * A cache of ephemeral session tokens (token id 255), one per provider, that behaves like 0G's SDK
 * (`getOrCreateSession`): a cached token is reused while more than 1 h of its life remains, and a
 * new one is minted otherwise. Concurrent calls for one provider share a single signature.
 *
 * @example
 * const tokens = createSessionTokenCache({ account });
 * const headers = { Authorization: await tokens.authorization({ provider, generation }) };
 */
export function createSessionTokenCache(parameters: CreateSessionTokenCacheParameters): SessionTokenCache {
  const { account, duration = ephemeralTokenMaxDuration, refreshMargin = ephemeralTokenRefreshMargin, now = Date.now } = parameters;
  if (!Number.isSafeInteger(refreshMargin) || refreshMargin < 0 || refreshMargin >= duration)
    throw new InvalidParameterError({ name: "refreshMargin", value: refreshMargin, expected: `a number of ms from 0 to below the duration (${duration})` });
  const tokens = new Map<string, SignedSessionToken>();
  const pending = new Map<string, Promise<SignedSessionToken>>();

  const get = async ({ provider, generation = 0 }: SessionTokenCacheGetParameters): Promise<SignedSessionToken> => {
    const key = `${provider.toLowerCase()}:${generation}`;
    const cached = tokens.get(provider.toLowerCase());
    if (cached !== undefined && BigInt(cached.token.generation) === BigInt(generation) && cached.token.expiresAt > now() + refreshMargin)
      return cached;
    const inFlight = pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const minting = createSessionToken({ account, provider, kind: "ephemeral", duration, generation, timestamp: now() })
      .then((signed) => {
        tokens.set(provider.toLowerCase(), signed);
        return signed;
      })
      .finally(() => pending.delete(key));
    pending.set(key, minting);
    return minting;
  };

  return {
    get,
    authorization: async (p) => formatAuthorization(await get(p)),
    clear: (provider) => {
      if (provider === undefined) tokens.clear();
      else tokens.delete(provider.toLowerCase());
    },
  };
}
