import type { Hex } from "viem";
import { publicKeyOf, toRawPublicKey } from "../crypto/ecies.js";
import { accessNonce } from "../oracle/protocol.js";
import { accessProofMessage, type AccessProof, type MessageSigner } from "../proof/proofs.js";
import { checkPrivateKey } from "./keys.js";

/** The `targetPubkey` of access proofs: the raw 64-byte key named, or `0x` (the receiver's own key). */
export function targetPubkeyOf({ publicKey, encryptionKey }: { publicKey?: Hex | undefined; encryptionKey?: Hex | undefined }): Hex {
  if (publicKey !== undefined) return toRawPublicKey(publicKey);
  if (encryptionKey !== undefined) return toRawPublicKey(publicKeyOf(checkPrivateKey("encryptionKey", encryptionKey)));
  return "0x";
}

/** Signs one access proof per data hash, each with its own fresh nonce. */
export async function signAccessProofs(
  signer: MessageSigner,
  { dataHashes, targetPubkey, issuedAt }: { dataHashes: readonly Hex[]; targetPubkey: Hex; issuedAt: bigint },
): Promise<AccessProof[]> {
  const proofs: AccessProof[] = [];
  for (const dataHash of dataHashes) {
    const fields = { dataHash, targetPubkey, nonce: accessNonce(issuedAt) };
    proofs.push({ ...fields, proof: await signer.signMessage({ message: accessProofMessage(fields) }) });
  }
  return proofs;
}
