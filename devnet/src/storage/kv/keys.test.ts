import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyBytes, keyHex, lowerBound, truncatedKey } from "./keys.js";

describe("truncatedKey (the replayer's Display of keys)", () => {
  it("prints NONE, UNKNOWN, or the first 32 characters", () => {
    expect(truncatedKey(new Uint8Array())).toBe("NONE");
    expect(truncatedKey(Uint8Array.of(0xff, 0x00))).toBe("UNKNOWN");
    expect(truncatedKey(new TextEncoder().encode("name"))).toBe("name");
    expect(truncatedKey(new TextEncoder().encode("x".repeat(40)))).toBe("x".repeat(32));
    // Unicode scalar values, not UTF-16 units or bytes; a BOM is kept, as Rust keeps it.
    expect(truncatedKey(new TextEncoder().encode("😀".repeat(33)))).toBe("😀".repeat(32));
    expect(truncatedKey(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe("\ufeffa");
    // Surrogates encoded in UTF-8 (CESU) are not UTF-8 for Rust either.
    expect(truncatedKey(Uint8Array.of(0xed, 0xa0, 0x80))).toBe("UNKNOWN");
  });
});

describe("key order", () => {
  it("hex strings sort as SQLite sorts BLOBs (memcmp, a prefix first)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ maxLength: 6 }), (a, b) => {
        const byHex = keyHex(a) < keyHex(b) ? -1 : keyHex(a) > keyHex(b) ? 1 : 0;
        expect(byHex).toBe(Math.sign(Buffer.compare(a, b)));
        expect(keyBytes(keyHex(a))).toEqual(a);
      }),
    );
  });

  it("lowerBound finds the first entry >= (or >) a key", () => {
    const sorted = ["", "00", "0000", "01", "ff"];
    expect(lowerBound(sorted, "00")).toBe(1);
    expect(lowerBound(sorted, "00", true)).toBe(2);
    expect(lowerBound(sorted, "02")).toBe(4);
    expect(lowerBound(sorted, "ff", true)).toBe(5);
  });
});
