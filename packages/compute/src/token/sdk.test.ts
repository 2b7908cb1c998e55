// Compatibility with 0G's official compute SDK (@0gfoundation/0g-compute-ts-sdk 0.9.0): tokens it
// mints verify with ours, and ours are byte-identical to its for the same inputs.
import { afterEach, describe, expect, it, vi } from "vitest";
import { provider, t0, user, userKey } from "../test/keys.js";
import { sdkRequestProcessor } from "../test/sdk.js";
import { formatApiKey, formatAuthorization, parseApiKey, parseAuthorization } from "./authorization.js";
import { createSessionToken } from "./create.js";
import { verifySessionToken } from "./verify.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("0G SDK 0.9.0 session tokens", () => {
  it("an ephemeral header from getRequestHeaders parses and verifies with ours", async () => {
    vi.spyOn(Date, "now").mockReturnValue(t0);
    const sdk = sdkRequestProcessor(userKey, { generation: 3n, revokedBitmap: 0b100n });
    const { Authorization } = await sdk.getHeader(provider.address);
    const parsed = parseAuthorization(Authorization);
    expect(parsed.token).toMatchObject({ address: user.address, provider: provider.address, timestamp: t0, expiresAt: t0 + 86_400_000, generation: 3, tokenId: 255 });
    expect(parsed.token.nonce).toMatch(/^1700000000000-[0-9a-z]+0*$/); // the SDK's Node nonce
    expect(await verifySessionToken(Authorization, { provider: provider.address, account: { generation: 3n, revokedBitmap: 0b100n }, now: t0 })).toBe(user.address);
    // …and is refused once revokeAllTokens bumps the generation.
    await expect(verifySessionToken(Authorization, { provider: provider.address, account: { generation: 4n, revokedBitmap: 0n }, now: t0 })).rejects.toMatchObject({ code: 4009 });
  });

  it("ours is byte-identical to the SDK's for the same inputs (ephemeral)", async () => {
    vi.spyOn(Date, "now").mockReturnValue(t0);
    vi.spyOn(Math, "random").mockReturnValue(0.123456789);
    const sdk = sdkRequestProcessor(userKey, { generation: 3n, revokedBitmap: 0n });
    const theirs = await sdk.generateSessionToken(provider.address);
    const { Authorization } = await sdk.getHeader(provider.address); // the cached session, formatted
    const ours = await createSessionToken({ account: user, provider: provider.address, timestamp: t0, nonce: String(theirs.token.nonce), generation: 3 });
    expect(ours.rawMessage).toBe(theirs.rawMessage);
    expect(ours.signature).toBe(theirs.signature);
    expect(ours.token).toEqual(theirs.token);
    expect(formatAuthorization(ours)).toBe(Authorization);
  });

  it("API keys from createApiKey: byte-identical, and revocable through the bitmap", async () => {
    vi.spyOn(Date, "now").mockReturnValue(t0);
    const sdk = sdkRequestProcessor(userKey, { generation: 1n, revokedBitmap: 0b11n });
    const key = await sdk.createApiKey(provider.address); // lowest free id: 2, never expires
    expect(key).toMatchObject({ tokenId: 2, createdAt: t0, expiresAt: 0 });
    const parsed = parseApiKey(key.rawToken);
    const ours = await createSessionToken({
      account: user,
      provider: provider.address,
      kind: "persistent",
      revokedBitmap: 0b11n,
      generation: 1n,
      timestamp: t0,
      nonce: parsed.token.nonce,
    });
    expect(formatApiKey(ours)).toBe(key.rawToken);
    const check = (revokedBitmap: bigint) =>
      verifySessionToken(`Bearer ${key.rawToken}`, { provider: provider.address, account: { generation: 1n, revokedBitmap }, now: t0 + 10 ** 12 });
    expect(await check(0b11n)).toBe(user.address);
    await expect(check(0b111n)).rejects.toMatchObject({ code: 4010, tokenId: 2 });

    const expiring = await sdk.createApiKey(provider.address, { expiresIn: 60_000, tokenId: 7 });
    const mine = await createSessionToken({
      account: user,
      provider: provider.address,
      kind: "persistent",
      tokenId: 7,
      duration: 60_000,
      generation: 1n,
      timestamp: t0,
      nonce: parseApiKey(expiring.rawToken).token.nonce,
    });
    expect(formatApiKey(mine)).toBe(expiring.rawToken);
  });

  it("a provider address in lower case is kept as written, like the SDK", async () => {
    vi.spyOn(Date, "now").mockReturnValue(t0);
    const lower = provider.address.toLowerCase() as typeof provider.address;
    const sdk = sdkRequestProcessor(userKey, { generation: 0n, revokedBitmap: 0n });
    const theirs = await sdk.generateSessionToken(lower);
    const ours = await createSessionToken({ account: user, provider: lower, timestamp: t0, nonce: String(theirs.token.nonce) });
    expect(ours.rawMessage).toBe(theirs.rawMessage);
    expect(await verifySessionToken(formatAuthorization(ours), { provider: provider.address, account: null, now: t0 })).toBe(user.address);
  });
});
