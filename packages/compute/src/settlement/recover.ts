import {
  compactSignatureToSignature,
  hashTypedData,
  parseCompactSignature,
  recoverAddress,
  serializeSignature,
  type Address,
  type Hex,
  type TypedDataDefinition,
} from "viem";
import { hasLowS, isRecoverableSignature } from "../utils/signature.js";

/**
 * The signer of an EIP-712 digest by the rules of OpenZeppelin 4.8 `ECDSA.tryRecover`, which 0G's
 * serving contracts use: a 65-byte signature with v 27/28, or a 64-byte EIP-2098 compact one, and
 * `s` in the lower half of the curve order. `undefined` for anything the contract would refuse.
 */
export async function recoverContractSigner(typedData: TypedDataDefinition, signature: Hex): Promise<Address | undefined> {
  let full: Hex;
  if (/^0x[0-9a-fA-F]{128}$/.test(signature)) {
    full = serializeSignature(compactSignatureToSignature(parseCompactSignature(signature)));
  } else if (isRecoverableSignature(signature)) {
    full = signature;
  } else return undefined;
  if (!hasLowS(full)) return undefined;
  try {
    return await recoverAddress({ hash: hashTypedData(typedData), signature: full });
  } catch {
    return undefined;
  }
}
