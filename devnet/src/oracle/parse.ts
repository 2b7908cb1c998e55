import type { AccessProof } from "@0g/inft";
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { OracleRefusal } from "./refusal.js";

// Reading request bodies of the oracle protocol: every field checked for shape, refused with
// `bad_request` naming the field, so that nothing malformed reaches the chain or the crypto.

const fail = (field: string, expected: string): never => {
  throw new OracleRefusal("bad_request", `"${field}" must be ${expected}.`);
};

export function objectBody(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new OracleRefusal("bad_request", "The body must be a JSON object.");
  return value as Record<string, unknown>;
}

export function address(body: Record<string, unknown>, field: string): Address {
  const value = body[field];
  if (typeof value !== "string" || !isAddress(value, { strict: false })) return fail(field, "an address (0x + 40 hex digits)");
  return getAddress(value);
}

/** A uint of at most `bits` bits, as a decimal string (the protocol's bigints) or a safe integer. */
export function uint(body: Record<string, unknown>, field: string, bits: number): bigint {
  const value = body[field];
  let n: bigint | undefined;
  if (typeof value === "string" && /^(0|[1-9][0-9]{0,77})$/.test(value)) n = BigInt(value);
  else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) n = BigInt(value);
  if (n === undefined || n >= 1n << BigInt(bits)) return fail(field, `a uint${bits} as a decimal string`);
  return n;
}

export function boolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (typeof value !== "boolean") return fail(field, "true or false");
  return value;
}

export function hex(value: unknown, field: string, bytes?: number): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length % 2 !== 0) return fail(field, "0x-prefixed hex of whole bytes");
  if (bytes !== undefined && value.length !== 2 + 2 * bytes) return fail(field, `${bytes} bytes of hex`);
  return value.toLowerCase() as Hex;
}

export function bytes32Array(body: Record<string, unknown>, field: string, max = 64): Hex[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || value.length > max) return fail(field, `an array of 1 to ${max} bytes32 hashes`);
  return value.map((v, i) => hex(v, `${field}[${i}]`, 32));
}

export function accessProofs(body: Record<string, unknown>, field: string, max = 64): AccessProof[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || value.length > max) return fail(field, `an array of 1 to ${max} access proofs`);
  return value.map((v, i) => {
    const proof = objectBody(v);
    return {
      dataHash: hex(proof.dataHash, `${field}[${i}].dataHash`, 32),
      targetPubkey: hex(proof.targetPubkey ?? "0x", `${field}[${i}].targetPubkey`),
      nonce: hex(proof.nonce, `${field}[${i}].nonce`),
      proof: hex(proof.proof, `${field}[${i}].proof`),
    };
  });
}

/** An optional hex field (absent, null or undefined: undefined). */
export function optionalHex(body: Record<string, unknown>, field: string): Hex | undefined {
  const value = body[field];
  return value === undefined || value === null ? undefined : hex(value, field);
}
