import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64 } from "./base64.js";

describe("base64", () => {
  it("matches Node's Buffer both ways (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40_000 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(bytesToBase64(bytes)).toBe(text);
        expect(base64ToBytes(text)).toEqual(bytes);
        expect(base64ToBytes(text.replace(/=+$/, ""))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
  it("rejects malformed input", () => {
    expect(() => base64ToBytes("a")).toThrow(/base64/);
    expect(() => base64ToBytes("ab$d")).toThrow(/base64/);
    expect(() => base64ToBytes("a===")).toThrow(/base64/);
  });
});
