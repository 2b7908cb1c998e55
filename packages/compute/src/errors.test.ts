import { BaseError, errorCodeRanges } from "@0g/core";
import { expect, it } from "vitest";
import * as compute from "./index.js";
import { computeErrors } from "./errors.js";

it("gives every error a unique code in 4000-4099 (the protocol core's block)", () => {
  const codes = computeErrors.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const { code } of computeErrors) {
    expect(code).toBeGreaterThanOrEqual(errorCodeRanges.compute[0]);
    expect(code).toBeLessThanOrEqual(4099);
  }
  expect(computeErrors.every((e) => e.description.length > 0 && e.name.endsWith("Error"))).toBe(true);
});

it("lists every exported error class, with its code", () => {
  const exported = Object.entries(compute)
    .filter(([, value]) => typeof value === "function" && value.prototype instanceof BaseError)
    .map(([name, value]) => ({ name, code: (value as unknown as { code: number }).code }))
    .sort((a, b) => a.code - b.code);
  expect(exported).toEqual(computeErrors.map(({ name, code }) => ({ name, code })).sort((a, b) => a.code - b.code));
  expect(computeErrors.map(({ name, code }) => `${code} ${name}`)).toMatchInlineSnapshot(`
    [
      "4000 AuthorizationHeaderError",
      "4001 AuthorizationEncodingError",
      "4002 AuthorizationPayloadError",
      "4003 SessionTokenFormatError",
      "4004 SessionTokenSignatureFormatError",
      "4005 InvalidSessionTokenSignatureError",
      "4006 SessionTokenProviderMismatchError",
      "4007 SessionTokenExpiredError",
      "4008 InvalidEphemeralTokenError",
      "4009 SessionTokenGenerationMismatchError",
      "4010 SessionTokenRevokedError",
      "4011 NoAvailableTokenIdError",
      "4020 ResponseSignatureFormatError",
      "4021 InvalidResponseSignatureError",
      "4022 ResponseSignerMismatchError",
      "4023 ResponseTextMismatchError",
      "4030 InvalidUsageError",
      "4040 ServiceAdditionalInfoError",
    ]
  `);
});

it("builds kit errors with code, name and docs link", () => {
  const errors = [
    new compute.AuthorizationHeaderError({ reason: "missing" }),
    new compute.AuthorizationEncodingError({ reason: "base64" }),
    new compute.AuthorizationPayloadError(),
    new compute.SessionTokenFormatError({ field: "nonce", expected: "a string" }),
    new compute.SessionTokenSignatureFormatError({ signature: "0x" }),
    new compute.InvalidSessionTokenSignatureError({ address: "0x1", recovered: "0x2" }),
    new compute.SessionTokenProviderMismatchError({ expected: "0x1", actual: "0x2" }),
    new compute.SessionTokenExpiredError({ expiresAt: 0, now: 1000 }),
    new compute.InvalidEphemeralTokenError({ reason: "too-long" }),
    new compute.SessionTokenGenerationMismatchError({ tokenGeneration: 1n, accountGeneration: 2n }),
    new compute.SessionTokenRevokedError({ tokenId: 3 }),
    new compute.NoAvailableTokenIdError(),
    new compute.ResponseSignatureFormatError({ field: "text", expected: "a string" }),
    new compute.InvalidResponseSignatureError({ claimed: "0x1" }),
    new compute.ResponseSignerMismatchError({ expected: "0x1", actual: "0x2" }),
    new compute.ResponseTextMismatchError({ part: "request", expected: "a", actual: "b" }),
    new compute.InvalidUsageError({ field: "prompt_tokens", value: -1 }),
    new compute.ServiceAdditionalInfoError({ additionalInfo: "x" }),
  ];
  expect(errors.map((e) => e.code)).toEqual(computeErrors.map((e) => e.code));
  for (const error of errors) {
    expect(error).toBeInstanceOf(BaseError);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message).toContain(`/errors#e${error.code}`);
    expect(error.shortMessage.length).toBeGreaterThan(0);
  }
});
