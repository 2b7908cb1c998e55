import { encodePacked, keccak256, recoverMessageAddress, type Address, type Hex, type LocalAccount } from "viem";

/** `AccessProof` of 0G's `IERC7857DataVerifier`: the receiver (or its delegate) asks for the data. */
export type AccessProof = {
  dataHash: Hex;
  /** The key to seal the new data key to; `0x` means the receiver's own Ethereum key. */
  targetPubkey: Hex;
  nonce: Hex;
  proof: Hex;
};

/** `OracleType` of 0G's verifier. */
export const oracleType = { TEE: 0, ZKP: 1 } as const;

/** `OwnershipProof`: the oracle attests that it re-encrypted the data and sealed the new key to `targetPubkey`. */
export type OwnershipProof = {
  oracleType: (typeof oracleType)[keyof typeof oracleType];
  dataHash: Hex;
  sealedKey: Hex;
  targetPubkey: Hex;
  nonce: Hex;
  proof: Hex;
};

/** One element of `iTransferFrom`'s / `iCloneFrom`'s `TransferValidityProof[]`. */
export type TransferValidityProof = { accessProof: AccessProof; ownershipProof: OwnershipProof };

/** Something that signs EIP-191 messages: a viem local account or a wallet client's `signMessage`. */
export type MessageSigner = Pick<LocalAccount, "signMessage"> | { signMessage(args: { message: string }): Promise<Hex> };

/**
 * What the receiver signs for an access proof: the 66-character hex string (`0x` + 64) of
 * `keccak256(abi.encodePacked(dataHash, targetPubkey, nonce))`, as EIP-191 text. 0G's `Verifier`
 * rebuilds it with `Strings.toHexString(uint256(hash), 32)` and the `\n66` prefix.
 */
export function accessProofMessage({ dataHash, targetPubkey, nonce }: Pick<AccessProof, "dataHash" | "targetPubkey" | "nonce">): Hex {
  return keccak256(encodePacked(["bytes32", "bytes", "bytes"], [dataHash, targetPubkey, nonce]));
}

/** The same for an ownership proof: `keccak256(abi.encodePacked(dataHash, sealedKey, targetPubkey, nonce))`. */
export function ownershipProofMessage({ dataHash, sealedKey, targetPubkey, nonce }: Pick<OwnershipProof, "dataHash" | "sealedKey" | "targetPubkey" | "nonce">): Hex {
  return keccak256(encodePacked(["bytes32", "bytes", "bytes", "bytes"], [dataHash, sealedKey, targetPubkey, nonce]));
}

/** Signs an access proof as the receiver (or its delegated assistant). */
export async function signAccessProof(signer: MessageSigner, fields: Omit<AccessProof, "proof">): Promise<AccessProof> {
  const proof = await signer.signMessage({ message: accessProofMessage(fields) });
  return { ...fields, proof };
}

/** Signs an ownership proof with the oracle's TEE key. */
export async function signOwnershipProof(signer: MessageSigner, fields: Omit<OwnershipProof, "proof" | "oracleType">): Promise<OwnershipProof> {
  const proof = await signer.signMessage({ message: ownershipProofMessage(fields) });
  return { oracleType: oracleType.TEE, ...fields, proof };
}

/** Who signed an access proof (the `accessAssistant` the token compares with the receiver and its delegate). */
export function recoverAccessProofSigner(proof: AccessProof): Promise<Address> {
  return recoverMessageAddress({ message: accessProofMessage(proof), signature: proof.proof });
}

/** Who signed an ownership proof (the token's verifier compares it with the TEE oracle). */
export function recoverOwnershipProofSigner(proof: OwnershipProof): Promise<Address> {
  return recoverMessageAddress({ message: ownershipProofMessage(proof), signature: proof.proof });
}
