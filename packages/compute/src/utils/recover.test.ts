import fc from "fast-check";
import { recoverMessageAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { recoverMessageSigner } from "./recover.js";

const tee = privateKeyToAccount(generatePrivateKey());
const other = privateKeyToAccount(generatePrivateKey());
const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same signature with its s negated and v flipped: ecrecover gives the same signer. */
function malleate(signature: Hex): Hex {
  const s = n - BigInt(`0x${signature.slice(66, 130)}`);
  const v = signature.endsWith("1b") ? "1c" : "1b";
  return `${signature.slice(0, 66)}${s.toString(16).padStart(64, "0")}${v}` as Hex;
}

describe("recoverMessageSigner", () => {
  it("always answers what ecrecover answers, once the signer's key is cached too", async () => {
    await recoverMessageSigner({ message: "warm", signature: await tee.signMessage({ message: "warm" }), expected: tee.address });
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.constantFrom("tee", "other"), fc.constantFrom("as-is", "flip-v", "malleate", "flip-bit"), async (message, who, change) => {
        let signature = await (who === "tee" ? tee : other).signMessage({ message });
        if (change === "flip-v") signature = `${signature.slice(0, 130)}${signature.endsWith("1b") ? "1c" : "1b"}` as Hex;
        if (change === "malleate") signature = malleate(signature);
        if (change === "flip-bit") signature = `${signature.slice(0, 10)}${((Number.parseInt(signature[10]!, 16) ^ 1) >>> 0).toString(16)}${signature.slice(11)}` as Hex;
        const expected = await recoverMessageAddress({ message, signature }).catch(() => "throws");
        const actual = await recoverMessageSigner({ message, signature, expected: tee.address }).catch(() => "throws");
        expect(actual).toBe(expected);
      }),
      { numRuns: 120 },
    );
  });

  it("recovers without an expected signer", async () => {
    expect(await recoverMessageSigner({ message: "hi", signature: await other.signMessage({ message: "hi" }) })).toBe(other.address);
  });
});
