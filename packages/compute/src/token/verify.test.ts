import { BaseError, InvalidParameterError } from "@0g/core";
import fc from "fast-check";
import { bytesToHex, bytesToString, hexToBytes, stringToBytes, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  InvalidEphemeralTokenError,
  InvalidSessionTokenSignatureError,
  SessionTokenExpiredError,
  SessionTokenGenerationMismatchError,
  SessionTokenProviderMismatchError,
  SessionTokenRevokedError,
} from "../errors.js";
import { provider, t0, tee, user } from "../test/keys.js";
import { encodeBase64 } from "../utils/base64.js";
import { formatAuthorization } from "./authorization.js";
import { ephemeralTokenMaxDuration } from "./constants.js";
import { createSessionToken, signSessionToken } from "./create.js";
import type { SessionToken } from "./types.js";
import { isSessionTokenExpired, verifySessionToken } from "./verify.js";

const p = provider.address;
const ephemeral: SessionToken = {
  address: user.address,
  provider: p,
  timestamp: t0,
  expiresAt: t0 + 3_600_500,
  nonce: "n",
  generation: 4,
  tokenId: 255,
};
const persistent: SessionToken = { ...ephemeral, expiresAt: 0, tokenId: 9 };
const account = { generation: 4n, revokedBitmap: 0n };

const sign = async (token: SessionToken) => formatAuthorization(await signSessionToken({ account: user, token }));

describe("verifySessionToken", () => {
  it("returns the user's checksummed address", async () => {
    expect(await verifySessionToken(await sign(ephemeral), { provider: p, account, now: t0 })).toBe(user.address);
    const signed = await signSessionToken({ account: user, token: { ...persistent, address: user.address.toLowerCase() as Hex } });
    expect(await verifySessionToken(signed, { provider: p.toUpperCase().replace("0X", "0x") as Hex, account, now: t0 })).toBe(user.address);
  });

  it("accepts tokens minted by createSessionToken", async () => {
    const signed = await createSessionToken({ account: user, provider: p, generation: 4 });
    expect(await verifySessionToken(formatAuthorization(signed), { provider: p, account })).toBe(user.address);
  });

  it("wrong provider: SessionTokenProviderMismatchError (4006)", async () => {
    const error = await rejection(verifySessionToken(await sign(ephemeral), { provider: tee.address, account, now: t0 }));
    expect(error).toBeInstanceOf(SessionTokenProviderMismatchError);
    expect(error).toMatchObject({ code: 4006, expected: tee.address, actual: p });
  });

  it("ephemeral rules: must expire, at most 24 h after its timestamp (InvalidEphemeralTokenError, 4008)", async () => {
    const check = async (token: SessionToken) => verifySessionToken(await sign(token), { provider: p, account, now: t0 });
    expect(await rejection(check({ ...ephemeral, expiresAt: 0 }))).toMatchObject({ code: 4008, reason: "no-expiry" });
    expect(await rejection(check({ ...ephemeral, expiresAt: t0 + ephemeralTokenMaxDuration + 1 }))).toMatchObject({ code: 4008, reason: "too-long" });
    expect(await check({ ...ephemeral, expiresAt: t0 + ephemeralTokenMaxDuration })).toBe(user.address);
    expect(await rejection(check({ ...ephemeral, expiresAt: 0 }))).toBeInstanceOf(InvalidEphemeralTokenError);
    // Persistent tokens may live forever or longer than a day.
    expect(await check({ ...persistent, expiresAt: 0 })).toBe(user.address);
    expect(await check({ ...persistent, expiresAt: t0 + 10 * ephemeralTokenMaxDuration })).toBe(user.address);
  });

  it("expiry is checked in whole seconds, as the broker does (SessionTokenExpiredError, 4007)", async () => {
    const token = { ...persistent, expiresAt: t0 + 5_500 }; // expires in the second t0 + 5 s
    const header = await sign(token);
    const at = (now: number) => verifySessionToken(header, { provider: p, account, now });
    expect(await at(t0 + 5_500)).toBe(user.address);
    expect(await at(t0 + 5_999)).toBe(user.address); // same second: still valid
    const error = await rejection(at(t0 + 6_000));
    expect(error).toBeInstanceOf(SessionTokenExpiredError);
    expect(error).toMatchObject({ code: 4007, expiresAt: t0 + 5_500, now: t0 + 6_000 });
    expect(isSessionTokenExpired(token, t0 + 5_999)).toBe(false);
    expect(isSessionTokenExpired(token, t0 + 6_000)).toBe(true);
    expect(isSessionTokenExpired({ expiresAt: 0 }, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(isSessionTokenExpired({ expiresAt: 999 }, 999)).toBe(false);
    expect(isSessionTokenExpired({ expiresAt: 999 }, 1000)).toBe(true);
  });

  it("generation must equal the account's (SessionTokenGenerationMismatchError, 4009)", async () => {
    const header = await sign(ephemeral);
    const older = await rejection(verifySessionToken(header, { provider: p, account: { generation: 5n, revokedBitmap: 0n }, now: t0 }));
    expect(older).toBeInstanceOf(SessionTokenGenerationMismatchError);
    expect(older).toMatchObject({ code: 4009, tokenGeneration: 4n, accountGeneration: 5n });
    expect(older.shortMessage).toMatch(/revoked/);
    const future = await rejection(verifySessionToken(header, { provider: p, account: { generation: 3, revokedBitmap: 0n }, now: t0 }));
    expect(future).toMatchObject({ code: 4009, tokenGeneration: 4n, accountGeneration: 3n });
    expect(future.shortMessage).toMatch(/future/);
    // Persistent tokens too.
    expect(await rejection(verifySessionToken(await sign(persistent), { provider: p, account: { generation: 5n, revokedBitmap: 0n }, now: t0 }))).toMatchObject({ code: 4009 });
  });

  it("revocation bitmap: only persistent ids are checked (SessionTokenRevokedError, 4010)", async () => {
    const header = await sign(persistent); // token id 9
    const withBits = (bits: bigint) => verifySessionToken(header, { provider: p, account: { generation: 4n, revokedBitmap: bits }, now: t0 });
    const error = await rejection(withBits(1n << 9n));
    expect(error).toBeInstanceOf(SessionTokenRevokedError);
    expect(error).toMatchObject({ code: 4010, tokenId: 9 });
    expect(await withBits((1n << 8n) | (1n << 10n) | (1n << 255n))).toBe(user.address); // neighbours do not matter
    expect(await withBits(0n)).toBe(user.address);
    // Ephemeral tokens ignore the bitmap entirely, even bit 255 and an all-ones bitmap.
    const all = (1n << 256n) - 1n;
    expect(await verifySessionToken(await sign(ephemeral), { provider: p, account: { generation: 4n, revokedBitmap: all }, now: t0 })).toBe(user.address);
    // Token id 0 is bit 0.
    expect(await rejection(verifySessionToken(await sign({ ...persistent, tokenId: 0 }), { provider: p, account: { generation: 4n, revokedBitmap: 1n }, now: t0 }))).toMatchObject({ tokenId: 0 });
  });

  it("no account (null): generation and bitmap are not checked, as on 0G's provider", async () => {
    expect(await verifySessionToken(await sign({ ...persistent, generation: 9 }), { provider: p, account: null, now: t0 })).toBe(user.address);
  });

  it("reads the account through a function of the token's address", async () => {
    const seen: string[] = [];
    const result = await verifySessionToken(await sign({ ...ephemeral, address: user.address.toLowerCase() as Hex }), {
      provider: p,
      now: t0,
      account: async (address) => {
        seen.push(address);
        return { generation: 4n, revokedBitmap: 0n };
      },
    });
    expect(result).toBe(user.address);
    expect(seen).toEqual([user.address]);
  });

  it("signature by someone else: InvalidSessionTokenSignatureError (4005)", async () => {
    const forged = formatAuthorization(await signSessionToken({ account: tee, token: ephemeral })); // claims user, signed by tee
    const error = await rejection(verifySessionToken(forged, { provider: p, account, now: t0 }));
    expect(error).toBeInstanceOf(InvalidSessionTokenSignatureError);
    expect(error).toMatchObject({ code: 4005, address: user.address, recovered: tee.address });
    // A signature that recovers no key at all (r = 0).
    const zero = `Bearer app-sk-${encodeBase64(stringToBytes(`${JSON.stringify(ephemeral)}|0x${"00".repeat(64)}1b`))}`;
    expect(await rejection(verifySessionToken(zero, { provider: p, account, now: t0 }))).toMatchObject({ code: 4005, recovered: undefined });
  });

  it("checks in 0G's order: provider, ephemeral rules, expiry, revocation, signature", async () => {
    const forged = { ...ephemeral, expiresAt: 0 };
    const header = formatAuthorization(await signSessionToken({ account: tee, token: forged }));
    // Wrong provider wins over everything.
    expect(await rejection(verifySessionToken(header, { provider: tee.address, account: { generation: 1n, revokedBitmap: 0n }, now: t0 }))).toMatchObject({ code: 4006 });
    expect(await rejection(verifySessionToken(header, { provider: p, account: { generation: 1n, revokedBitmap: 0n }, now: t0 }))).toMatchObject({ code: 4008 });
    const expired = formatAuthorization(await signSessionToken({ account: tee, token: { ...persistent, expiresAt: t0 } }));
    expect(await rejection(verifySessionToken(expired, { provider: p, account: { generation: 1n, revokedBitmap: 0n }, now: t0 + 1000 }))).toMatchObject({ code: 4007 });
    expect(await rejection(verifySessionToken(expired, { provider: p, account: { generation: 1n, revokedBitmap: 0n }, now: t0 }))).toMatchObject({ code: 4009 });
    expect(await rejection(verifySessionToken(expired, { provider: p, account, now: t0 }))).toMatchObject({ code: 4005 });
  });

  it("parses string headers strictly first", async () => {
    expect(await rejection(verifySessionToken("Bearer nope", { provider: p, account, now: t0 }))).toMatchObject({ code: 4000 });
    await expect(verifySessionToken(await sign(ephemeral), { provider: "0xnope" as Hex, account, now: t0 })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("property: any single-byte change to the JSON or the signature fails", async () => {
    const signed = await signSessionToken({ account: user, token: ephemeral });
    const json = stringToBytes(signed.rawMessage);
    const sig = hexToBytes(signed.signature);
    const verify = (rawJson: Uint8Array, signature: Uint8Array) => {
      const payload = new Uint8Array([...rawJson, 0x7c, ...stringToBytes(bytesToHex(signature))]);
      return verifySessionToken(`Bearer app-sk-${encodeBase64(payload)}`, { provider: p, account, now: t0 });
    };
    expect(await verify(json, sig)).toBe(user.address);
    const mutate = (bytes: Uint8Array, index: number, delta: number) => {
      const copy = bytes.slice();
      copy[index] = (copy[index]! + delta) % 256;
      return copy;
    };
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (i, delta, inJson) => {
        const attempt = inJson ? verify(mutate(json, i % json.length, delta), sig) : verify(json, mutate(sig, i % sig.length, delta));
        const error = await rejection(attempt);
        expect(error).toBeInstanceOf(BaseError);
        expect(error.code).toBeGreaterThanOrEqual(4000);
        expect(error.code).toBeLessThan(4020);
      }),
      { numRuns: 300 },
    );
    // Every position of the JSON, once.
    for (let i = 0; i < json.length; i++) expect(await rejection(verify(mutate(json, i, 1), sig)), bytesToString(mutate(json, i, 1))).toBeInstanceOf(BaseError);
  });
});

async function rejection(promise: Promise<unknown>): Promise<BaseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BaseError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}
