import { recoverTypedDataAddress, type Address, type Hex, type TypedDataDomain } from "viem";

// The oracle's own HTTP protocol (0G ships contracts and no oracle API): the holder asks for a
// transfer or clone, an authorised user asks for access. Each request is EIP-712 signed so that the
// oracle re-encrypts only for the token's holder and reveals data only to users the chain lists.

/** The EIP-712 domain of oracle requests: one per chain and token contract. */
export function oracleRequestDomain({ chainId, agentNft }: { chainId: number; agentNft: Address }): TypedDataDomain {
  return { name: "0G INFT Oracle", version: "1", chainId, verifyingContract: agentNft };
}

export const oracleRequestTypes = {
  /** The holder (or an approved operator) asks for the data to be re-encrypted for `to`. */
  TransferRequest: [
    { name: "tokenId", type: "uint256" },
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "clone", type: "bool" },
    { name: "dataHashes", type: "bytes32[]" },
    { name: "deadline", type: "uint64" },
  ],
  /** A holder or authorised user asks for the agent's data, sealed to `publicKey`. */
  AccessRequest: [
    { name: "tokenId", type: "uint256" },
    { name: "user", type: "address" },
    { name: "publicKey", type: "bytes" },
    { name: "dataHashes", type: "bytes32[]" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export type TransferRequestMessage = {
  tokenId: bigint;
  from: Address;
  to: Address;
  clone: boolean;
  /** The token's data hashes the request is about (the oracle refuses stale requests). */
  dataHashes: readonly Hex[];
  /** Unix seconds after which the oracle refuses the request. */
  deadline: bigint;
};

export type AccessRequestMessage = {
  tokenId: bigint;
  user: Address;
  publicKey: Hex;
  dataHashes: readonly Hex[];
  deadline: bigint;
};

/** Something that signs EIP-712 typed data (a viem account or wallet client). */
export type TypedDataSigner = { signTypedData(parameters: never): Promise<Hex> };

export async function signTransferRequest(
  signer: { signTypedData: (parameters: { domain: TypedDataDomain; types: typeof oracleRequestTypes; primaryType: "TransferRequest"; message: TransferRequestMessage }) => Promise<Hex> },
  domain: { chainId: number; agentNft: Address },
  message: TransferRequestMessage,
): Promise<Hex> {
  return signer.signTypedData({ domain: oracleRequestDomain(domain), types: oracleRequestTypes, primaryType: "TransferRequest", message });
}

export async function signAccessRequest(
  signer: { signTypedData: (parameters: { domain: TypedDataDomain; types: typeof oracleRequestTypes; primaryType: "AccessRequest"; message: AccessRequestMessage }) => Promise<Hex> },
  domain: { chainId: number; agentNft: Address },
  message: AccessRequestMessage,
): Promise<Hex> {
  return signer.signTypedData({ domain: oracleRequestDomain(domain), types: oracleRequestTypes, primaryType: "AccessRequest", message });
}

export function recoverTransferRequestSigner(domain: { chainId: number; agentNft: Address }, message: TransferRequestMessage, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({ domain: oracleRequestDomain(domain), types: oracleRequestTypes, primaryType: "TransferRequest", message, signature });
}

export function recoverAccessRequestSigner(domain: { chainId: number; agentNft: Address }, message: AccessRequestMessage, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({ domain: oracleRequestDomain(domain), types: oracleRequestTypes, primaryType: "AccessRequest", message, signature });
}
