import { InvalidParameterError } from "@0g/core";
import { isAddress, isAddressEqual, isHex, stringToBytes, type Address, type Hex } from "viem";
import { recoverContractSigner } from "./recover.js";
import type { TypedDataSigner } from "./teeSettlement.js";

/** The EIP-712 domain name of `FineTuningServing` (`VerifierLibrary` in `FineTuningVerifier.sol`). */
export const fineTuningServingDomainName = "0G Fine-Tuning Serving";

/** The EIP-712 domain version of `FineTuningServing`. */
export const fineTuningServingDomainVersion = "1";

/**
 * EIP-712 types of what `FineTuningServing.settleFees` verifies:
 * `VerifierMessage(string id,bytes encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)`
 * (the struct passed in is `VerifierInput`, which adds the `signature`).
 */
export const fineTuningVerifierTypes = {
  VerifierMessage: [
    { name: "id", type: "string" },
    { name: "encryptedSecret", type: "bytes" },
    { name: "modelRootHash", type: "bytes" },
    { name: "nonce", type: "uint256" },
    { name: "taskFee", type: "uint256" },
    { name: "user", type: "address" },
  ],
} as const;

/** What a fine-tuning provider's TEE signs to settle one deliverable. */
export type FineTuningVerifierMessage = {
  /** The deliverable id (1-256 bytes of UTF-8). */
  id: string;
  /** The model key encrypted to the user (`0x` when the user never acknowledged the deliverable). */
  encryptedSecret: Hex;
  /** The deliverable's model root hash, as registered with `addDeliverable`. */
  modelRootHash: Hex;
  nonce: bigint;
  taskFee: bigint;
  user: Address;
};

export type FineTuningVerifierTypedDataParameters = {
  chainId: number | bigint;
  /** The `FineTuningServing` proxy address. */
  verifyingContract: Address;
  message: FineTuningVerifierMessage;
};

/** Parameters for viem's `signTypedData` / `hashTypedData` / `recoverTypedDataAddress`. */
export type FineTuningVerifierTypedData = {
  domain: { name: string; version: string; chainId: number | bigint; verifyingContract: Address };
  types: typeof fineTuningVerifierTypes;
  primaryType: "VerifierMessage";
  message: FineTuningVerifierMessage;
};

/**
 * The EIP-712 typed data `FineTuningServing.settleFees` checks (`VerifierLibrary.verifySignature`),
 * domain `{ name: "0G Fine-Tuning Serving", version: "1", chainId, verifyingContract }`.
 *
 * @example
 * const typedData = fineTuningVerifierTypedData({ chainId, verifyingContract: fineTuningServing, message });
 * const signature = await teeAccount.signTypedData(typedData);
 */
export function fineTuningVerifierTypedData({ chainId, verifyingContract, message }: FineTuningVerifierTypedDataParameters): FineTuningVerifierTypedData {
  if (!isAddress(verifyingContract, { strict: false }))
    throw new InvalidParameterError({ name: "verifyingContract", value: verifyingContract, expected: "an address" });
  const { id, encryptedSecret, modelRootHash, nonce, taskFee, user } = message;
  const idBytes = typeof id === "string" ? stringToBytes(id).length : 0;
  if (idBytes === 0 || idBytes > 256)
    throw new InvalidParameterError({ name: "message.id", value: id, expected: "1 to 256 bytes of text (the contract reverts otherwise)" });
  for (const [name, value] of [["message.encryptedSecret", encryptedSecret], ["message.modelRootHash", modelRootHash]] as const)
    if (!isHex(value, { strict: true }) || value.length % 2 !== 0) throw new InvalidParameterError({ name, value, expected: "hex bytes" });
  for (const [name, value] of [["message.nonce", nonce], ["message.taskFee", taskFee]] as const)
    if (typeof value !== "bigint" || value < 0n || value >= 2n ** 256n) throw new InvalidParameterError({ name, value, expected: "a uint256 bigint" });
  if (!isAddress(user, { strict: false })) throw new InvalidParameterError({ name: "message.user", value: user, expected: "an address" });
  return {
    domain: { name: fineTuningServingDomainName, version: fineTuningServingDomainVersion, chainId, verifyingContract },
    types: fineTuningVerifierTypes,
    primaryType: "VerifierMessage",
    message: { id, encryptedSecret, modelRootHash, nonce, taskFee, user },
  };
}

/**
 * The TEE's EIP-712 signature of a fine-tuning settlement.
 *
 * @example
 * const signature = await signFineTuningSettlement({ account: teeAccount, chainId, verifyingContract, message });
 * await wallet.writeContract({ ..., functionName: "settleFees", args: [toVerifierInput({ message, signature })] });
 */
export async function signFineTuningSettlement({
  account,
  ...parameters
}: FineTuningVerifierTypedDataParameters & { account: TypedDataSigner }): Promise<Hex> {
  return account.signTypedData(fineTuningVerifierTypedData(parameters));
}

/**
 * True when `FineTuningServing` would accept `signature` from `signer` (the service's TEE signer),
 * by OpenZeppelin's `ECDSA.tryRecover` rules.
 *
 * @example
 * await verifyFineTuningSettlementSignature({ chainId, verifyingContract, message, signature, signer }); // true
 */
export async function verifyFineTuningSettlementSignature({
  signature,
  signer,
  ...parameters
}: FineTuningVerifierTypedDataParameters & { signature: Hex; signer: Address }): Promise<boolean> {
  const recovered = await recoverContractSigner(fineTuningVerifierTypedData(parameters), signature);
  return recovered !== undefined && isAddressEqual(recovered, signer);
}

/** `VerifierInput{id, encryptedSecret, modelRootHash, nonce, signature, taskFee, user}`: the argument of `settleFees`. */
export type VerifierInput = FineTuningVerifierMessage & { signature: Hex };

/**
 * The contract struct of a signed fine-tuning settlement.
 *
 * @example
 * toVerifierInput({ message, signature }); // { id, encryptedSecret, modelRootHash, nonce, signature, taskFee, user }
 */
export function toVerifierInput({ message, signature }: { message: FineTuningVerifierMessage; signature: Hex }): VerifierInput {
  const { id, encryptedSecret, modelRootHash, nonce, taskFee, user } = message;
  return { id, encryptedSecret, modelRootHash, nonce, signature, taskFee, user };
}
