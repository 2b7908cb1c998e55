import { InvalidParameterError } from "@0g/core";
import { describe, expect, it } from "vitest";
import { provider, t0, tee, user } from "../test/keys.js";
import { parseAuthorization } from "./authorization.js";
import { createSessionTokenCache } from "./cache.js";
import { ephemeralTokenMaxDuration, ephemeralTokenRefreshMargin } from "./constants.js";
import { verifySessionToken } from "./verify.js";

describe("createSessionTokenCache", () => {
  it("reuses a token while more than 1 h remains, then re-mints", async () => {
    let now = t0;
    const cache = createSessionTokenCache({ account: user, now: () => now });
    const first = await cache.get({ provider: provider.address });
    expect(first.token).toMatchObject({ tokenId: 255, timestamp: t0, expiresAt: t0 + ephemeralTokenMaxDuration, generation: 0 });
    now = t0 + ephemeralTokenMaxDuration - ephemeralTokenRefreshMargin - 1; // 1 h + 1 ms left
    expect(await cache.get({ provider: provider.address })).toBe(first);
    now += 1; // exactly 1 h left: 0G's SDK needs strictly more
    const second = await cache.get({ provider: provider.address });
    expect(second).not.toBe(first);
    expect(second.token.timestamp).toBe(now);
    expect(await cache.get({ provider: provider.address.toLowerCase() as typeof provider.address })).toBe(second);
  });

  it("keeps one token per provider and re-mints on a new generation", async () => {
    const cache = createSessionTokenCache({ account: user, now: () => t0 });
    const a = await cache.get({ provider: provider.address });
    const b = await cache.get({ provider: tee.address });
    expect(a.token.provider).toBe(provider.address);
    expect(b.token.provider).toBe(tee.address);
    const bumped = await cache.get({ provider: provider.address, generation: 1n });
    expect(bumped).not.toBe(a);
    expect(bumped.token.generation).toBe(1);
    expect(await cache.get({ provider: provider.address, generation: 1 })).toBe(bumped);
  });

  it("shares one signature between concurrent calls, and clear() forgets", async () => {
    let signatures = 0;
    const counting = { address: user.address, signMessage: (p: Parameters<typeof user.signMessage>[0]) => (signatures++, user.signMessage(p)) };
    const cache = createSessionTokenCache({ account: counting, now: () => t0 });
    const [x, y, z] = await Promise.all([1, 2, 3].map(() => cache.get({ provider: provider.address })));
    expect(signatures).toBe(1);
    expect(x).toBe(y);
    expect(y).toBe(z);
    cache.clear(provider.address);
    expect(await cache.get({ provider: provider.address })).not.toBe(x);
    cache.clear();
    await cache.get({ provider: provider.address });
    expect(signatures).toBe(3);
  });

  it("formats headers the provider accepts", async () => {
    const cache = createSessionTokenCache({ account: user, duration: 60_000, refreshMargin: 10_000, now: () => t0 });
    const header = await cache.authorization({ provider: provider.address, generation: 2 });
    expect(parseAuthorization(header).token.expiresAt).toBe(t0 + 60_000);
    expect(await verifySessionToken(header, { provider: provider.address, account: { generation: 2n, revokedBitmap: 0n }, now: t0 })).toBe(user.address);
  });

  it("refuses a margin that would re-mint on every call", () => {
    expect(() => createSessionTokenCache({ account: user, duration: 1000, refreshMargin: 1000 })).toThrow(InvalidParameterError);
    expect(() => createSessionTokenCache({ account: user, refreshMargin: -1 })).toThrow(InvalidParameterError);
  });
});
