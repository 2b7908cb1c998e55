import { BaseError, errorCodeRanges } from "@0g/core";
import { expect, it } from "vitest";
import { EmptyFileError, storageErrors } from "./errors.js";

it("gives every error a unique code in 2000-2999 (2500-2999: KV)", () => {
  const codes = storageErrors.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const { name, code } of storageErrors) {
    expect(code).toBeGreaterThanOrEqual(errorCodeRanges.storage[0]);
    expect(code).toBeLessThanOrEqual(errorCodeRanges.storage[1]);
    expect(code >= 2500).toBe(/Kv|StreamId|StreamData/.test(name));
  }
  expect(storageErrors.every((e) => e.description.length > 0 && e.name.endsWith("Error"))).toBe(true);
});

it("builds kit errors", () => {
  const error = new EmptyFileError();
  expect(error).toBeInstanceOf(BaseError);
  expect(error.code).toBe(2000);
  expect(error.name).toBe("EmptyFileError");
  expect(error.message).toContain("/errors#e2000");
});
