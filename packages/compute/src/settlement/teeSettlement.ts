import { InvalidParameterError } from "@0g/core";
import { isAddress, isAddressEqual, isHex, size, type Address, type Hex, type LocalAccount } from "viem";
import { recoverContractSigner } from "./recover.js";

/** The EIP-712 domain name of `InferenceServing`. */
export const inferenceServingDomainName = "0G Inference Serving";

/** The EIP-712 domain version of `InferenceServing`. */
export const inferenceServingDomainVersion = "1";

/** EIP-712 types of `TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee)`. */
export const teeSettlementTypes = {
  TEESettlement: [
    { name: "requestsHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "provider", type: "address" },
    { name: "user", type: "address" },
    { name: "totalFee", type: "uint256" },
  ],
} as const;

/** What a provider's TEE signs to settle one user's fees. */
export type TeeSettlement = {
  /** {@link hashUserRequests} of the settled requests. */
  requestsHash: Hex;
  /** Greater than the account's last settled nonce ({@link nextSettlementNonce}). */
  nonce: bigint;
  provider: Address;
  user: Address;
  /** Sum of the requests' fees, in neuron. */
  totalFee: bigint;
};

/** An `InferenceServing` contract on a chain: the EIP-712 domain. */
export type TeeSettlementDomainParameters = {
  chainId: number | bigint;
  /** The `InferenceServing` proxy address. */
  verifyingContract: Address;
};

export type TeeSettlementTypedDataParameters = TeeSettlementDomainParameters & { settlement: TeeSettlement };

/** Parameters for viem's `signTypedData` / `hashTypedData` / `recoverTypedDataAddress`. */
export type TeeSettlementTypedData = {
  domain: { name: string; version: string; chainId: number | bigint; verifyingContract: Address };
  types: typeof teeSettlementTypes;
  primaryType: "TEESettlement";
  message: TeeSettlement;
};

/**
 * The EIP-712 typed data `InferenceServing._verifySignature` checks for a settlement, ready for
 * viem's `signTypedData` / `hashTypedData` / `recoverTypedDataAddress`. Domain
 * `{ name: "0G Inference Serving", version: "1", chainId, verifyingContract }`.
 *
 * @example
 * const typedData = teeSettlementTypedData({ chainId: 16602, verifyingContract: inferenceServing, settlement });
 * const signature = await teeAccount.signTypedData(typedData);
 */
export function teeSettlementTypedData({ chainId, verifyingContract, settlement }: TeeSettlementTypedDataParameters): TeeSettlementTypedData {
  if (!isAddress(verifyingContract, { strict: false }))
    throw new InvalidParameterError({ name: "verifyingContract", value: verifyingContract, expected: "an address" });
  const { requestsHash, nonce, provider, user, totalFee } = settlement;
  if (!isHex(requestsHash, { strict: true }) || size(requestsHash) !== 32)
    throw new InvalidParameterError({ name: "settlement.requestsHash", value: requestsHash, expected: "32 bytes of hex" });
  for (const [name, value] of [["settlement.provider", provider], ["settlement.user", user]] as const)
    if (!isAddress(value, { strict: false })) throw new InvalidParameterError({ name, value, expected: "an address" });
  for (const [name, value] of [["settlement.nonce", nonce], ["settlement.totalFee", totalFee]] as const)
    if (typeof value !== "bigint" || value < 0n || value >= 2n ** 256n)
      throw new InvalidParameterError({ name, value, expected: "a uint256 bigint" });
  return {
    domain: { name: inferenceServingDomainName, version: inferenceServingDomainVersion, chainId, verifyingContract },
    types: teeSettlementTypes,
    primaryType: "TEESettlement",
    message: { requestsHash, nonce, provider, user, totalFee },
  };
}

/** Signs EIP-712 typed data: a viem `LocalAccount` or any account with `signTypedData`. */
export type TypedDataSigner = { signTypedData: LocalAccount["signTypedData"] };

/**
 * The TEE's signature of a settlement (EIP-712), as 0G's provider signs it (`createEIP712Digest`
 * + `SignEIP712` in the broker's `ctrl/settlement_tee.go`).
 *
 * @example
 * const signature = await signTeeSettlement({ account: teeAccount, chainId, verifyingContract, settlement });
 * await wallet.writeContract({ ..., functionName: "settleFeesWithTEE", args: [[toTeeSettlementData({ settlement, signature })]] });
 */
export async function signTeeSettlement({
  account,
  ...parameters
}: TeeSettlementTypedDataParameters & { account: TypedDataSigner }): Promise<Hex> {
  return account.signTypedData(teeSettlementTypedData(parameters));
}

/**
 * The address a settlement signature recovers to under the contract's rules (65 bytes with v
 * 27/28 or 64-byte compact, low `s`), or `undefined` when the contract would reject it outright.
 *
 * @example
 * await recoverTeeSettlementSigner({ chainId, verifyingContract, settlement, signature }); // "0x…"
 */
export async function recoverTeeSettlementSigner({
  signature,
  ...parameters
}: TeeSettlementTypedDataParameters & { signature: Hex }): Promise<Address | undefined> {
  return recoverContractSigner(teeSettlementTypedData(parameters), signature);
}

/**
 * True when `InferenceServing` would accept `signature` for this settlement from `signer` (the
 * service's `teeSignerAddress`); false when `settleFeesWithTEE` would answer `INVALID_SIGNATURE`.
 *
 * @example
 * await verifyTeeSettlementSignature({ chainId, verifyingContract, settlement, signature, signer: service.teeSignerAddress }); // true
 */
export async function verifyTeeSettlementSignature({
  signer,
  ...parameters
}: TeeSettlementTypedDataParameters & { signature: Hex; signer: Address }): Promise<boolean> {
  const recovered = await recoverTeeSettlementSigner(parameters);
  return recovered !== undefined && isAddressEqual(recovered, signer);
}

/** `TEESettlementData{user, provider, totalFee, requestsHash, nonce, signature}`: one element of `settleFeesWithTEE`'s argument. */
export type TeeSettlementData = {
  user: Address;
  provider: Address;
  totalFee: bigint;
  requestsHash: Hex;
  nonce: bigint;
  signature: Hex;
};

/**
 * The contract struct of a signed settlement, for `settleFeesWithTEE` / `previewSettlementResults`.
 *
 * @example
 * toTeeSettlementData({ settlement, signature }); // { user, provider, totalFee, requestsHash, nonce, signature }
 */
export function toTeeSettlementData({ settlement, signature }: { settlement: TeeSettlement; signature: Hex }): TeeSettlementData {
  const { user, provider, totalFee, requestsHash, nonce } = settlement;
  return { user, provider, totalFee, requestsHash, nonce, signature };
}
