import { secp256k1 } from "@noble/curves/secp256k1";
import { getAddress, hashMessage, recoverPublicKey, type Address, type Hex } from "viem";
import { publicKeyToAddress } from "viem/accounts";

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;

const { n } = secp256k1.CURVE;
const Point = secp256k1.ProjectivePoint;
/** Signers whose public key is known, with wNAF tables of their point: a TEE key signs every answer. */
const known = new Map<string, Point>();
const maxKnown = 64;
const windowSize = 8;

const inverse = (a: bigint) => {
  // Fermat: a^(n-2) mod n. n is prime.
  let result = 1n;
  let base = a % n;
  let e = n - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % n;
    base = (base * base) % n;
    e >>= 1n;
  }
  return result;
};

/**
 * ECDSA verification against a known public key with precomputed tables, accepting exactly what
 * `ecrecover` would recover to that key: `R = u1·G + u2·Q` must have x = r (v is 27 or 28, so no
 * x overflow) and y parity = v - 27. About 5x cheaper than recovering the key.
 */
function verifiesAs(hash: Hex, signature: Hex, point: Point): boolean {
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r <= 0n || r >= n || s <= 0n || s >= n || (v !== 27 && v !== 28)) return false;
  const e = BigInt(hash) % n;
  const w = inverse(s);
  const u1 = (e * w) % n;
  // multiply() walks the cached wNAF tables (multiplyUnsafe does not use them for secp256k1's
  // endomorphism path); it rejects 0, which u1 is only for a hash ≡ 0 mod n.
  const R = (u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1)).add(point.multiply((r * w) % n));
  if (R.equals(Point.ZERO)) return false;
  const { x, y } = R.toAffine();
  return x === r && Number(y & 1n) === v - 27;
}

/**
 * The address that signed an EIP-191 `message` (viem's `recoverMessageAddress`). When `expected`
 * is given and its key has been seen before, the signature is checked against that key (0.5 ms
 * instead of 2.5 ms here); any other signature still recovers the real signer, so the answer is
 * always the address `ecrecover` gives.
 */
export async function recoverMessageSigner({ message, signature, expected }: { message: string; signature: Hex; expected?: Address | undefined }): Promise<Address> {
  const hash = hashMessage(message);
  const key = expected?.toLowerCase();
  const point = key === undefined ? undefined : known.get(key);
  if (point && verifiesAs(hash, signature, point)) return getAddress(expected!);
  const publicKey = await recoverPublicKey({ hash, signature });
  const address = publicKeyToAddress(publicKey);
  if (key !== undefined && address.toLowerCase() === key && !known.has(key)) {
    const learned = Point.fromHex(publicKey.slice(2));
    secp256k1.utils.precompute(windowSize, learned);
    if (known.size >= maxKnown) known.delete(known.keys().next().value!);
    known.set(key, learned);
  }
  return address;
}
