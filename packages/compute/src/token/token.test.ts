import { BaseError, InvalidParameterError } from "@0g/core";
import fc from "fast-check";
import { keccak256, stringToBytes, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  AuthorizationEncodingError,
  AuthorizationHeaderError,
  AuthorizationPayloadError,
  NoAvailableTokenIdError,
  SessionTokenFormatError,
  SessionTokenSignatureFormatError,
} from "../errors.js";
import { provider, t0, user } from "../test/keys.js";
import { encodeBase64 } from "../utils/base64.js";
import { formatApiKey, formatAuthorization, parseApiKey, parseAuthorization } from "./authorization.js";
import { ephemeralTokenMaxDuration } from "./constants.js";
import { createSessionToken, signSessionToken } from "./create.js";
import { parseSessionToken } from "./parse.js";
import { findAvailableTokenId, isTokenIdRevoked, revokedTokenIds } from "./revocation.js";
import { serializeSessionToken, sessionTokenHash } from "./serialize.js";
import type { SessionToken } from "./types.js";

const token: SessionToken = {
  address: user.address,
  provider: provider.address,
  timestamp: t0,
  expiresAt: t0 + ephemeralTokenMaxDuration,
  nonce: "00112233445566778899aabbccddeeff",
  generation: 2,
  tokenId: 255,
};

/** `Bearer app-sk-` + base64 of arbitrary text. */
const header = (payload: string) => `Bearer app-sk-${encodeBase64(stringToBytes(payload))}`;
const sig65 = `0x${"11".repeat(64)}1b` as Hex;

describe("serialize", () => {
  it("writes the fields in 0G's order whatever the input order", () => {
    const shuffled = { tokenId: 255, generation: 2, nonce: token.nonce, expiresAt: token.expiresAt, timestamp: t0, provider: token.provider, address: token.address };
    expect(serializeSessionToken(shuffled)).toBe(
      `{"address":"${user.address}","provider":"${provider.address}","timestamp":1700000000000,"expiresAt":1700086400000,"nonce":"00112233445566778899aabbccddeeff","generation":2,"tokenId":255}`,
    );
  });

  it("hashes the UTF-8 text with keccak256", () => {
    expect(sessionTokenHash("{}")).toBe(keccak256(stringToBytes("{}")));
  });
});

describe("createSessionToken", () => {
  it("mints an ephemeral token: id 255, 24 h, EIP-191 over keccak256(JSON)", async () => {
    const signed = await createSessionToken({ account: user, provider: provider.address, timestamp: t0, nonce: token.nonce, generation: 2n });
    expect(signed.token).toEqual(token);
    expect(signed.rawMessage).toBe(serializeSessionToken(token));
    expect(signed.signature).toBe(await user.signMessage({ message: { raw: keccak256(stringToBytes(signed.rawMessage)) } }));
  });

  it("defaults: now, a 32-hex-digit random nonce, generation 0", async () => {
    const before = Date.now();
    const a = await createSessionToken({ account: user, provider: provider.address });
    const b = await createSessionToken({ account: user, provider: provider.address });
    expect(a.token.timestamp).toBeGreaterThanOrEqual(before);
    expect(a.token.expiresAt - a.token.timestamp).toBe(ephemeralTokenMaxDuration);
    expect(a.token.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(a.token.nonce).not.toBe(b.token.nonce);
    expect(a.token.generation).toBe(0);
  });

  it("ephemeral duration: shorter allowed, 0 or less means 24 h, more than 24 h refused", async () => {
    const base = { account: user, provider: provider.address, timestamp: t0 } as const;
    expect((await createSessionToken({ ...base, duration: 60_000 })).token.expiresAt).toBe(t0 + 60_000);
    expect((await createSessionToken({ ...base, duration: 0 })).token.expiresAt).toBe(t0 + ephemeralTokenMaxDuration);
    expect((await createSessionToken({ ...base, duration: -5 })).token.expiresAt).toBe(t0 + ephemeralTokenMaxDuration);
    await expect(createSessionToken({ ...base, duration: ephemeralTokenMaxDuration + 1 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, tokenId: 3 })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("persistent API keys: never expire by default, id 0-254, lowest free id, revoked id refused", async () => {
    const base = { account: user, provider: provider.address, timestamp: t0, kind: "persistent" } as const;
    const key = await createSessionToken(base);
    expect(key.token).toMatchObject({ tokenId: 0, expiresAt: 0 });
    expect((await createSessionToken({ ...base, duration: 1000 })).token.expiresAt).toBe(t0 + 1000);
    expect((await createSessionToken({ ...base, revokedBitmap: 0b1011n })).token.tokenId).toBe(2);
    expect((await createSessionToken({ ...base, tokenId: 254 })).token.tokenId).toBe(254);
    await expect(createSessionToken({ ...base, tokenId: 255 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, tokenId: -1 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, tokenId: 1, revokedBitmap: 0b10n })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, revokedBitmap: (1n << 255n) - 1n })).rejects.toBeInstanceOf(NoAvailableTokenIdError);
  });

  it("refuses bad parameters", async () => {
    const base = { account: user, provider: provider.address } as const;
    await expect(createSessionToken({ ...base, provider: "0x1234" })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, nonce: "a|b" })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, generation: -1 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, timestamp: 1.5 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(createSessionToken({ ...base, duration: 0.5 })).rejects.toBeInstanceOf(InvalidParameterError);
    // @ts-expect-error: not a kind
    await expect(createSessionToken({ ...base, kind: "forever" })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

describe("formatAuthorization / parseAuthorization", () => {
  it("is Bearer app-sk-<base64(JSON|signature)> and parses back", async () => {
    const signed = await signSessionToken({ account: user, token });
    const value = formatAuthorization(signed);
    expect(value.startsWith("Bearer app-sk-")).toBe(true);
    expect(atob(value.slice("Bearer app-sk-".length))).toBe(`${signed.rawMessage}|${signed.signature}`);
    expect(parseAuthorization(value)).toEqual(signed);
    expect(formatApiKey(signed)).toBe(value.slice("Bearer ".length));
    expect(parseApiKey(formatApiKey(signed))).toEqual(signed);
  });

  it("keeps non-ASCII nonces byte-exact", async () => {
    const signed = await signSessionToken({ account: user, token: { ...token, nonce: "ñ☃😀\u0000\"\\" } });
    expect(parseAuthorization(formatAuthorization(signed))).toEqual(signed);
  });

  it("property: format/parse round trip for any token", () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
    fc.assert(
      fc.property(
        fc.record({
          address,
          provider: address,
          timestamp: fc.nat(),
          expiresAt: fc.nat(),
          nonce: fc.string({ unit: "grapheme" }).filter((s) => !s.includes("|")),
          generation: fc.nat(),
          tokenId: fc.integer({ min: 0, max: 255 }),
        }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.constantFrom("1b", "1c", "1B", "1C"),
        (t, rs, v) => {
          const signature = `0x${Buffer.from(rs).toString("hex")}${v}` as Hex;
          const signed = { token: t, rawMessage: serializeSessionToken(t), signature };
          const parsed = parseAuthorization(formatAuthorization(signed));
          expect(parsed).toEqual(signed);
          expect(formatAuthorization(parsed)).toBe(formatAuthorization(signed));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("missing or foreign headers: AuthorizationHeaderError (4000)", () => {
    for (const [value, reason] of [
      [undefined, "missing"],
      [null, "missing"],
      ["", "missing"],
      ["Bearer sk-abc", "scheme"],
      ["bearer app-sk-abc", "scheme"],
      ["app-sk-abc", "scheme"],
      ["Basic dXNlcjpwYXNz", "scheme"],
    ] as const) {
      const error = catchError(() => parseAuthorization(value));
      expect(error).toBeInstanceOf(AuthorizationHeaderError);
      expect(error).toMatchObject({ code: 4000, reason });
    }
    expect(catchError(() => parseApiKey(""))).toMatchObject({ code: 4000, reason: "missing" });
    expect(catchError(() => parseApiKey("Bearer app-sk-x"))).toMatchObject({ code: 4000, reason: "scheme" });
  });

  it("bad base64 or UTF-8: AuthorizationEncodingError (4001)", () => {
    // Only canonical padded standard base64: no URL-safe alphabet, no missing padding, no
    // whitespace, no non-zero trailing bits.
    for (const bad of ["abc", "ab=c", "QQ", "QQ=", "QQ==QQ==", "Pz-=", "Pz_=", " QQ==", "QQ== ", "QQ==\n", "QR==", "Pz9="]) {
      const error = catchError(() => parseAuthorization(`Bearer app-sk-${bad}`));
      expect(error, JSON.stringify(bad)).toBeInstanceOf(AuthorizationEncodingError);
      expect(error).toMatchObject({ code: 4001, reason: "base64" });
    }
    expect(catchError(() => parseAuthorization(`Bearer app-sk-${encodeBase64(new Uint8Array([0xff, 0x7c]))}`))).toMatchObject({
      code: 4001,
      reason: "utf8",
    });
  });

  it("no separator: AuthorizationPayloadError (4002)", () => {
    expect(catchError(() => parseAuthorization("Bearer app-sk-"))).toBeInstanceOf(AuthorizationPayloadError);
    expect(catchError(() => parseAuthorization(header(serializeSessionToken(token))))).toMatchObject({ code: 4002 });
  });

  it("bad JSON or fields: SessionTokenFormatError (4003) naming the field", () => {
    const json = JSON.parse(serializeSessionToken(token)) as Record<string, unknown>;
    const cases: [string, string | undefined][] = [
      ["not json", undefined],
      ["[]", undefined],
      ["null", undefined],
      ['"text"', undefined],
      [JSON.stringify({ ...json, address: undefined }), "address"],
      [JSON.stringify({ ...json, address: "0x123" }), "address"],
      [JSON.stringify({ ...json, provider: 7 }), "provider"],
      [JSON.stringify({ ...json, timestamp: "1700000000000" }), "timestamp"],
      [JSON.stringify({ ...json, timestamp: -1 }), "timestamp"],
      [JSON.stringify({ ...json, expiresAt: 1.5 }), "expiresAt"],
      [JSON.stringify({ ...json, expiresAt: 2 ** 53 }), "expiresAt"],
      [JSON.stringify({ ...json, nonce: 5 }), "nonce"],
      [JSON.stringify({ ...json, generation: null }), "generation"],
      [JSON.stringify({ ...json, tokenId: 256 }), "tokenId"],
      [JSON.stringify({ ...json, tokenId: undefined }), "tokenId"],
    ];
    for (const [text, field] of cases) {
      const error = catchError(() => parseAuthorization(header(`${text}|${sig65}`)));
      expect(error, text).toBeInstanceOf(SessionTokenFormatError);
      expect(error).toMatchObject({ code: 4003, field });
    }
    // Unknown keys are ignored, as 0G's provider ignores them.
    expect(parseSessionToken(JSON.stringify({ ...json, scope: "x" }))).toEqual(token);
  });

  it("bad signature: SessionTokenSignatureFormatError (4004)", () => {
    const json = serializeSessionToken(token);
    for (const signature of ["", "0x", sig65.slice(2), sig65.slice(0, -2), `${sig65}00`, `${sig65.slice(0, -2)}00`, `${sig65.slice(0, -2)}01`, `${sig65.slice(0, -2)}1d`, `0X${sig65.slice(2)}`, `${sig65.slice(0, 10)}zz${sig65.slice(12)}`]) {
      const error = catchError(() => parseAuthorization(header(`${json}|${signature}`)));
      expect(error, signature).toBeInstanceOf(SessionTokenSignatureFormatError);
      expect(error).toMatchObject({ code: 4004 });
    }
  });

  it("splits at the first |", () => {
    // A `|` inside the JSON ends the JSON early: the token no longer parses, as on 0G's provider.
    const json = serializeSessionToken({ ...token, nonce: "a|b" });
    expect(catchError(() => parseAuthorization(header(`${json}|${sig65}`)))).toBeInstanceOf(SessionTokenFormatError);
  });
});

describe("revocation bitmap", () => {
  it("bit i of revokedBitmap revokes token id i", () => {
    const bitmap = (1n << 0n) | (1n << 7n) | (1n << 254n);
    expect(revokedTokenIds(bitmap)).toEqual([0, 7, 254]);
    for (let id = 0; id <= 254; id++) expect(isTokenIdRevoked(bitmap, id)).toBe(id === 0 || id === 7 || id === 254);
    expect(isTokenIdRevoked(1n << 255n, 255)).toBe(true); // the bit exists, but verifiers never look at it for id 255
    expect(() => isTokenIdRevoked(0n, 256)).toThrow(InvalidParameterError);
    expect(() => isTokenIdRevoked(0n, -1)).toThrow(InvalidParameterError);
  });

  it("findAvailableTokenId picks the lowest id not revoked", () => {
    expect(findAvailableTokenId(0n)).toBe(0);
    expect(findAvailableTokenId(0b111n)).toBe(3);
    expect(findAvailableTokenId((1n << 254n) - 1n)).toBe(254);
    expect(() => findAvailableTokenId((1n << 255n) - 1n)).toThrow(NoAvailableTokenIdError);
    expect(findAvailableTokenId(1n << 255n)).toBe(0); // bit 255 (ephemeral) is not a persistent id
  });
});

function catchError(run: () => unknown): BaseError {
  try {
    run();
  } catch (error) {
    if (error instanceof BaseError) return error;
    throw error;
  }
  throw new Error("expected an error");
}
