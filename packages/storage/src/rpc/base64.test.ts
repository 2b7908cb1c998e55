import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64AsciiToBytes, base64JsonBytes, base64ToBytes, bytesToBase64, portableBase64ToBytes, portableBytesToBase64 } from "./base64.js";

// In Node the codec is Buffer's (native); browsers get the portable one. Both are checked here.
const codecs = [
  { name: "native (Node's Buffer)", encode: bytesToBase64, decode: base64ToBytes },
  { name: "portable (browsers)", encode: portableBytesToBase64, decode: portableBase64ToBytes },
];

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

describe("base64 as bytes (segments on the wire)", () => {
  it("base64JsonBytes is the JSON string of the base64; base64AsciiToBytes reads it back (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200_000 }), (bytes) => {
        const json = base64JsonBytes(bytes);
        expect(JSON.parse(new TextDecoder().decode(json))).toBe(Buffer.from(bytes).toString("base64"));
        expect(base64AsciiToBytes(json.subarray(1, -1))).toEqual(bytes);
      }),
      { numRuns: 40 },
    );
  });
  it("a bad character past the first 64 KiB slice is found", () => {
    const text = Buffer.from(new Uint8Array(300_000).fill(7)).toString("base64");
    for (const bad of ["$", "-", "=", " "]) {
      const ascii = latin1(text);
      ascii[100_001] = bad.charCodeAt(0);
      expect(() => base64AsciiToBytes(ascii)).toThrow(/base64/);
    }
  });
});

describe("base64ToBytes", () => {
  it("takes Node's decoder only where it agrees with the strict one (property)", () => {
    const symbol = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ $\n\u00e9".split(""));
    const random = fc.array(symbol, { maxLength: 24 }).map((s) => s.join(""));
    // Valid base64 with one symbol replaced, inserted or removed.
    const mutated = fc
      .tuple(fc.uint8Array({ maxLength: 20 }), fc.nat(40), symbol, fc.constantFrom(0, 1, 2))
      .map(([bytes, at, c, how]) => {
        const text = Buffer.from(bytes).toString("base64");
        const i = at % (text.length + 1);
        return text.slice(0, i) + (how === 2 ? "" : c) + text.slice(how === 1 ? i : i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(random, mutated), (text) => {
        const outcome = (decode: (t: string) => Uint8Array) => {
          try {
            return [...decode(text)];
          } catch {
            return "throws";
          }
        };
        expect(outcome(base64ToBytes)).toEqual(outcome(portableBase64ToBytes));
        expect(outcome((t) => base64AsciiToBytes(latin1(t)))).toEqual(outcome(portableBase64ToBytes));
      }),
      { numRuns: 5000 },
    );
  });
});

describe.each(codecs)("base64, $name", ({ encode, decode }) => {
  it("matches Node's Buffer both ways (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40_000 }), fc.nat(16), (bytes, offset) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(encode(bytes)).toBe(text);
        expect(encode(bytes.subarray(Math.min(offset, bytes.length)))).toBe(Buffer.from(bytes.subarray(Math.min(offset, bytes.length))).toString("base64"));
        const decoded = decode(text);
        expect(decoded).toEqual(bytes);
        expect(decoded.constructor).toBe(Uint8Array);
        expect(decode(text.replace(/=+$/, ""))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
  it("rejects malformed input", () => {
    for (const text of ["a", "ab$d", "a===", "aGk=aGk=", "aG k=", "aGk-", "aGk_"]) expect(() => decode(text)).toThrow(/base64/);
  });
  it("a decoded segment owns its bytes", () => {
    const small = decode("aGk=");
    expect(small.buffer.byteLength).toBe(2);
  });
});
