import { BaseError, errorCodeRanges } from "@0g/core";
import { expect, it } from "vitest";
import * as compute from "./index.js";
import { computeErrors } from "./errors.js";

it("gives every error a unique code in @0g/compute's range (4000-4999)", () => {
  const codes = computeErrors.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const { code } of computeErrors) {
    expect(code).toBeGreaterThanOrEqual(errorCodeRanges.compute[0]);
    expect(code).toBeLessThanOrEqual(errorCodeRanges.compute[1]);
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
      "4100 ComputeContractNotFoundError",
      "4101 ComputeAccountRequiredError",
      "4102 LedgerNotFoundError",
      "4103 LedgerExistsError",
      "4104 MinimumLedgerBalanceError",
      "4105 MinimumTransferError",
      "4106 InsufficientLedgerBalanceError",
      "4107 LedgerNotEmptyError",
      "4108 ComputeServiceNotRegisteredError",
      "4109 ComputeTransactionError",
      "4110 SubAccountNotFoundError",
      "4111 AcknowledgementRevokeError",
      "4112 ServiceNotFoundError",
      "4120 ProviderUnreachableError",
      "4121 ProviderRequestError",
      "4122 ProviderTokenRevokedError",
      "4123 ProviderTokenExpiredError",
      "4124 ProviderInsufficientBalanceError",
      "4125 ProviderAccountNotFoundError",
      "4130 ResponseSignatureUnavailableError",
      "4131 ChatIdNotFoundError",
      "4132 ServiceNotVerifiableError",
      "4133 ResponseIncompleteError",
      "4200 FineTuningServiceNotFoundError",
      "4201 FineTuningModelNotFoundError",
      "4202 FineTuningTaskNotFoundError",
      "4203 FineTuningTaskFailedError",
      "4204 FineTuningInsufficientBalanceError",
      "4205 FineTuningTimeoutError",
      "4206 FineTuningDeliverableNotFoundError",
      "4207 FineTuningDeliverableNotAcknowledgedError",
      "4208 FineTuningSecretUnavailableError",
      "4209 FineTunedModelDecryptionError",
      "4210 FineTuningTaskNotCancellableError",
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
  expect(errors.map((e) => e.code)).toEqual(computeErrors.filter((e) => e.code < 4100).map((e) => e.code));
  for (const error of errors) {
    expect(error).toBeInstanceOf(BaseError);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message).toContain(`/errors#e${error.code}`);
    expect(error.shortMessage.length).toBeGreaterThan(0);
  }
});

it("builds the client actions' errors (4100-4199)", () => {
  const address = "0x0000000000000000000000000000000000000001" as const;
  const answer = { url: "http://provider.example/v1/proxy/chat/completions", status: 400, providerMessage: "Provider proxy: ..." };
  const errors = [
    new compute.ComputeContractNotFoundError({ contract: "ledger", chainId: 1 }),
    new compute.ComputeAccountRequiredError({ action: "addLedger" }),
    new compute.LedgerNotFoundError({ user: address }),
    new compute.LedgerExistsError({ user: address }),
    new compute.MinimumLedgerBalanceError({ amount: 1n, minimum: 3n, reason: "open" }),
    new compute.MinimumTransferError({ provider: address, amount: 1n, minimum: 2n }),
    new compute.InsufficientLedgerBalanceError({ available: 1n, required: 2n }),
    new compute.LedgerNotEmptyError({ totalBalance: 1n }),
    new compute.ComputeServiceNotRegisteredError({ service: address }),
    new compute.ComputeTransactionError({ functionName: "transferFund", reason: "LedgerLocked" }),
    new compute.SubAccountNotFoundError({ user: address, provider: address }),
    new compute.AcknowledgementRevokeError({ provider: address, balance: 1n }),
    new compute.ServiceNotFoundError({ provider: address }),
    new compute.ProviderUnreachableError({ url: answer.url, reason: "timeout", timeout: 5 }),
    new compute.ProviderRequestError(answer),
    new compute.ProviderTokenRevokedError(answer),
    new compute.ProviderTokenExpiredError(answer),
    new compute.ProviderInsufficientBalanceError(answer),
    new compute.ProviderAccountNotFoundError(answer),
    new compute.ResponseSignatureUnavailableError({ chatId: "x" }),
    new compute.ChatIdNotFoundError(),
    new compute.ServiceNotVerifiableError({ provider: address }),
    new compute.ResponseIncompleteError(),
  ];
  expect(errors.map((e) => e.code)).toEqual(computeErrors.filter((e) => e.code >= 4100 && e.code < 4200).map((e) => e.code));
  for (const error of errors) {
    expect(error).toBeInstanceOf(BaseError);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message).toContain(`/errors#e${error.code}`);
  }
  expect(new compute.ProviderTokenRevokedError(answer).details).toBe(answer.providerMessage);
});
