/**
 * Deploys the INFT contracts the way the devnet does (Verifier + `initialize`, AgentNFT, its
 * AgentAccountRegistry, then `AgentNFT.initialize`) and builds ERC-7857 transfer proofs with viem, for
 * the node:test suites. Not a test file itself.
 *
 * The proofs are built from the wire format alone (0G's messages; this kit's nonce layout), not from
 * the contracts: an EIP-191 `personal_sign` of the 66-character hex string of the packed keccak.
 */
import type { network } from "hardhat";
import {
  type Address,
  type Hex,
  type LocalAccount,
  concat,
  encodePacked,
  keccak256,
  numberToHex,
  pad,
  toHex,
} from "viem";

type Connection = Awaited<ReturnType<typeof network.create>>;
type Viem = Connection["viem"];

export const STORAGE_INFO = JSON.stringify({
  chainURL: "http://127.0.0.1:8545",
  indexerURL: "http://127.0.0.1:5678",
});

export interface InftAddresses {
  nft: Address;
  verifier: Address;
  registry: Address;
  admin: Address;
}

/** Deploys and wires Verifier, AgentNFT and AgentAccountRegistry; the first wallet is the admin. */
export async function deployInft(viem: Viem, oracle: Address): Promise<InftAddresses> {
  const publicClient = await viem.getPublicClient();
  const [deployer] = await viem.getWalletClients();
  if (deployer === undefined) throw new Error("no deployer account");
  const admin = deployer.account.address;
  const send = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error("setup transaction reverted");
  };
  const verifier = await viem.deployContract("Verifier");
  await send(verifier.write.initialize([admin, oracle]));
  const nft = await viem.deployContract("AgentNFT");
  const registry = await viem.deployContract("AgentAccountRegistry", [nft.address]);
  await send(nft.write.initialize(["0G Agent NFT", "0GI", STORAGE_INFO, verifier.address, admin, registry.address]));
  return { nft: nft.address, verifier: verifier.address, registry: registry.address, admin };
}

/** The 64-byte uncompressed secp256k1 public key (no 0x04 prefix) of a local account. */
export function pubkeyOf(account: LocalAccount): Hex {
  return `0x${account.publicKey.slice(4)}`;
}

/** An access proof nonce: `issuedAt` (8 bytes) and a 24-byte salt. */
export function accessNonce(issuedAt: bigint, salt: string): Hex {
  return concat([numberToHex(issuedAt, { size: 8 }), keccak256(toHex(salt)).slice(0, 50) as Hex]);
}

/** An ownership proof nonce: the access proof's nonce, then the rotation commitment (84 bytes in all). */
export function ownershipNonce(accessProofNonce: Hex, newDataHash: Hex, newOperator: Address): Hex {
  return concat([accessProofNonce, newDataHash, newOperator]);
}

/** A stand-in for an ECIES-sealed 32-byte key (65-byte ephemeral key + 16 nonce + 16 tag + 32 ciphertext). */
export function sealedKeyFor(label: string): Hex {
  const bytes = concat([
    "0x04",
    keccak256(toHex(`${label}/x`)),
    keccak256(toHex(`${label}/y`)),
    keccak256(toHex(`${label}/nonce`)).slice(0, 34) as Hex,
    keccak256(toHex(`${label}/tag`)).slice(0, 34) as Hex,
    keccak256(toHex(`${label}/ciphertext`)),
  ]);
  return bytes;
}

export interface AccessProof {
  dataHash: Hex;
  targetPubkey: Hex;
  nonce: Hex;
  proof: Hex;
}

export interface OwnershipProof {
  oracleType: number;
  dataHash: Hex;
  sealedKey: Hex;
  targetPubkey: Hex;
  nonce: Hex;
  proof: Hex;
}

export interface TransferValidityProof {
  accessProof: AccessProof;
  ownershipProof: OwnershipProof;
}

/** `personal_sign` of the 66-character hex string of `inner` (0G's proof message). */
export function signHexString(signer: LocalAccount, inner: Hex): Promise<Hex> {
  return signer.signMessage({ message: inner });
}

export async function signAccessProof(
  signer: LocalAccount,
  fields: Omit<AccessProof, "proof">,
): Promise<AccessProof> {
  const inner = keccak256(encodePacked(["bytes32", "bytes", "bytes"], [fields.dataHash, fields.targetPubkey, fields.nonce]));
  return { ...fields, proof: await signHexString(signer, inner) };
}

export async function signOwnershipProof(
  oracle: LocalAccount,
  fields: Omit<OwnershipProof, "proof" | "oracleType">,
): Promise<OwnershipProof> {
  const inner = keccak256(
    encodePacked(
      ["bytes32", "bytes", "bytes", "bytes"],
      [fields.dataHash, fields.sealedKey, fields.targetPubkey, fields.nonce],
    ),
  );
  return { oracleType: 0, ...fields, proof: await signHexString(oracle, inner) };
}

export interface ProofParameters {
  /** The receiver's key (signs the access proof unless `assistant` is given; its public key is the target). */
  receiver: LocalAccount;
  /** A delegated assistant that signs the access proof instead. */
  assistant?: LocalAccount;
  oracle: LocalAccount;
  /** The token's current data hash for this entry. */
  dataHash: Hex;
  /** The re-encrypted data's hash. */
  newDataHash: Hex;
  /** The new agent key's address. */
  newOperator: Address;
  issuedAt: bigint;
  salt: string;
  /** Leave the access proof's targetPubkey empty (the receiver's Ethereum key). Default true. */
  emptyWantedKey?: boolean;
}

/** One `TransferValidityProof` for one intelligent data entry, as the receiver and the oracle build it. */
export async function transferProof(p: ProofParameters): Promise<TransferValidityProof> {
  const targetPubkey = pubkeyOf(p.receiver);
  const accessProof = await signAccessProof(p.assistant ?? p.receiver, {
    dataHash: p.dataHash,
    targetPubkey: (p.emptyWantedKey ?? true) ? "0x" : targetPubkey,
    nonce: accessNonce(p.issuedAt, p.salt),
  });
  const ownershipProof = await signOwnershipProof(p.oracle, {
    dataHash: p.dataHash,
    sealedKey: sealedKeyFor(p.salt),
    targetPubkey,
    nonce: ownershipNonce(accessProof.nonce, p.newDataHash, p.newOperator),
  });
  return { accessProof, ownershipProof };
}

/** A deterministic data hash for tests. */
export function dataHashOf(label: string): Hex {
  return keccak256(toHex(`inft data ${label}`));
}

/** A deterministic 32-byte private key for tests. */
export function keyOf(label: string): Hex {
  return pad(keccak256(toHex(`inft key ${label}`)), { size: 32 });
}
