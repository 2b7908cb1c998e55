import type { Hex } from "viem";

/**
 * True for a 65-byte `r ‖ s ‖ v` signature, `0x`-prefixed, with `v` = 27 or 28: the only form 0G's
 * broker (`hexutil.Decode`, then `v - 27`) and OpenZeppelin's `ECDSA.tryRecover` accept.
 */
export function isRecoverableSignature(value: unknown): value is Hex {
  return typeof value === "string" && /^0x[0-9a-fA-F]{128}(?:1[bB]|1[cC])$/.test(value);
}

/** secp256k1 group order / 2: OpenZeppelin's ECDSA rejects signatures with a larger `s`. */
const halfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** True when `s` of a 65-byte signature is in the lower half of the curve order (EIP-2). */
export function hasLowS(signature: Hex): boolean {
  return BigInt(`0x${signature.slice(66, 130)}`) <= halfOrder;
}
