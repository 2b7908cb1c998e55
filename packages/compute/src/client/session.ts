import type { Account, Address, Client } from "viem";
import { createSessionTokenCache, type SessionTokenCache } from "../token/cache.js";
import { sessionSigner } from "./account.js";
import { readSubAccount } from "./read.js";

/** Ephemeral session tokens per client and account (each client keeps its own). */
const caches = new WeakMap<Client, Map<string, SessionTokenCache>>();

/** The session token cache of a client's account. */
export function sessionCache(client: Client, account: Account): SessionTokenCache {
  let byAccount = caches.get(client);
  if (!byAccount) {
    byAccount = new Map();
    caches.set(client, byAccount);
  }
  const key = account.address.toLowerCase();
  let cache = byAccount.get(key);
  if (!cache) {
    cache = createSessionTokenCache({ account: sessionSigner(client, account) });
    byAccount.set(key, cache);
  }
  return cache;
}

/** The account's token generation with a provider (0 when it has no sub-account yet). */
export async function readGeneration(client: Client, inference: Address, user: Address, provider: Address): Promise<bigint> {
  return (await readSubAccount(client, inference, user, provider))?.generation ?? 0n;
}

/** `Authorization: Bearer app-sk-...` with a cached ephemeral token for the account's current generation. */
export async function sessionAuthorization(
  client: Client,
  { account, inference, provider, generation }: { account: Account; inference: Address; provider: Address; generation?: bigint | undefined },
): Promise<string> {
  const current = generation ?? (await readGeneration(client, inference, account.address, provider));
  return sessionCache(client, account).authorization({ provider, generation: current });
}
