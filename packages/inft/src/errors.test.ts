import { BaseError, errorCodeRanges } from "@0g/core";
import { expect, it } from "vitest";
import * as inft from "./index.js";
import { inftErrors } from "./errors.js";

it("gives every error a unique code in @0g/inft's range (5000-5999; the client 5005-5299)", () => {
  const codes = inftErrors.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const { code } of inftErrors) {
    expect(code).toBeGreaterThanOrEqual(errorCodeRanges.inft[0]);
    expect(code).toBeLessThanOrEqual(5299);
  }
  expect(inftErrors.every((e) => e.description.length > 0 && e.name.endsWith("Error"))).toBe(true);
});

it("lists every exported error class, with its code", () => {
  const exported = Object.entries(inft)
    .filter(([, value]) => typeof value === "function" && value.prototype instanceof BaseError)
    .map(([name, value]) => ({ name, code: (value as unknown as { code: number }).code }))
    .sort((a, b) => a.code - b.code);
  expect(exported).toEqual(inftErrors.map(({ name, code }) => ({ name, code })).sort((a, b) => a.code - b.code));
  expect(inftErrors.map(({ name, code }) => `${code} ${name}`)).toMatchInlineSnapshot(`
    [
      "5000 InvalidEnvelopeError",
      "5001 DecryptionFailedError",
      "5002 NotARecipientError",
      "5003 InvalidPublicKeyError",
      "5004 InvalidAgentMetadataError",
      "5005 InftContractNotFoundError",
      "5009 AgentNftNotDeployedError",
      "5006 InftAccountRequiredError",
      "5007 EncryptionKeyRequiredError",
      "5008 NonDeterministicSignatureError",
      "5010 TokenNotFoundError",
      "5011 NotTokenHolderError",
      "5012 NotAuthorizedError",
      "5013 AgentDataUnavailableError",
      "5014 DataHashMismatchError",
      "5020 AccessProofRequiredError",
      "5021 InvalidAccessProofError",
      "5022 ReceiverKeyMismatchError",
      "5030 OracleUnavailableError",
      "5031 OracleRequestError",
      "5032 InvalidOracleResponseError",
      "5033 InvalidOracleProofError",
      "5034 OracleMismatchError",
      "5040 InftTransactionError",
      "5041 NotAgentControllerError",
    ]
  `);
});
