/**
 * Deploys LedgerManager, InferenceServing and FineTuningServing the way the devnet does (plain
 * deployments, then `initialize`, then `registerService` as `inference-v1.0` / `fine-tuning-v1.0`), and
 * signs TEE settlements with viem, for the node:test suites. Not a test file itself.
 */
import type { network } from "hardhat";
import { type Address, type Hex, type LocalAccount, keccak256, parseEther, toHex } from "viem";

type Connection = Awaited<ReturnType<typeof network.create>>;
type Viem = Connection["viem"];

export const LOCK_TIME = 86_400n;
export const PENALTY_PERCENTAGE = 30n;
export const INFERENCE = "inference-v1.0";
export const FINE_TUNING = "fine-tuning-v1.0";
export const STAKE = parseEther("100");

/** The deployed addresses (get typed contracts with `viem.getContractAt`). */
export interface ComputeAddresses {
  ledger: Address;
  inference: Address;
  fineTuning: Address;
  owner: Address;
}

export async function deployCompute(
  viem: Viem,
  options: { lockTime?: bigint; penaltyPercentage?: bigint } = {},
): Promise<ComputeAddresses> {
  const publicClient = await viem.getPublicClient();
  const [deployer] = await viem.getWalletClients();
  if (deployer === undefined) throw new Error("no deployer account");
  const owner = deployer.account.address;
  const send = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error("setup transaction reverted");
  };
  const ledger = await viem.deployContract("LedgerManager");
  const inference = await viem.deployContract("InferenceServing");
  const fineTuning = await viem.deployContract("FineTuningServing");
  await send(ledger.write.initialize([owner]));
  await send(inference.write.initialize([options.lockTime ?? LOCK_TIME, ledger.address, owner]));
  await send(
    fineTuning.write.initialize([
      options.lockTime ?? LOCK_TIME,
      ledger.address,
      owner,
      options.penaltyPercentage ?? PENALTY_PERCENTAGE,
    ]),
  );
  await send(ledger.write.registerService(["inference", "v1.0", inference.address, "Inference"]));
  await send(ledger.write.registerService(["fine-tuning", "v1.0", fineTuning.address, "Fine-tuning"]));
  return { ledger: ledger.address, inference: inference.address, fineTuning: fineTuning.address, owner };
}

/** An inference `ServiceParams` argument. */
export function serviceParams(teeSignerAddress: Address, overrides: Partial<InferenceServiceParams> = {}): InferenceServiceParams {
  return {
    serviceType: "chatbot",
    url: "https://provider.example.com",
    model: "qwen/qwen-2.5-7b-instruct",
    verifiability: "TeeML",
    inputPrice: 50_000_000_000n,
    outputPrice: 100_000_000_000n,
    additionalInfo: '{"TargetSeparated":false,"ProviderType":"centralized","ImageName":"0g/broker"}',
    teeSignerAddress,
    ...overrides,
  };
}

export interface InferenceServiceParams {
  serviceType: string;
  url: string;
  model: string;
  verifiability: string;
  inputPrice: bigint;
  outputPrice: bigint;
  additionalInfo: string;
  teeSignerAddress: Address;
}

export interface Settlement {
  user: Address;
  provider: Address;
  totalFee: bigint;
  requestsHash: Hex;
  nonce: bigint;
  signature: Hex;
}

/** 0G's EIP-712 settlement type (`InferenceServing.SETTLEMENT_TYPEHASH`). */
export const settlementTypes = {
  TEESettlement: [
    { name: "requestsHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "provider", type: "address" },
    { name: "user", type: "address" },
    { name: "totalFee", type: "uint256" },
  ],
} as const;

/** 0G's EIP-712 fine-tuning message type (`VerifierLibrary.MESSAGE_TYPEHASH`). */
export const verifierTypes = {
  VerifierMessage: [
    { name: "id", type: "string" },
    { name: "encryptedSecret", type: "bytes" },
    { name: "modelRootHash", type: "bytes" },
    { name: "nonce", type: "uint256" },
    { name: "taskFee", type: "uint256" },
    { name: "user", type: "address" },
  ],
} as const;

/** A settlement entry signed by `tee` with `signTypedData` under the inference domain. */
export async function signSettlement(
  tee: LocalAccount,
  chainId: number,
  inference: Address,
  entry: { user: Address; provider: Address; totalFee: bigint; nonce: bigint; requestsHash?: Hex },
): Promise<Settlement> {
  const requestsHash = entry.requestsHash ?? keccak256(toHex(`requests of ${entry.user} ${entry.nonce}`));
  if (tee.signTypedData === undefined) throw new Error("the TEE account cannot sign typed data");
  const signature = await tee.signTypedData({
    domain: { name: "0G Inference Serving", version: "1", chainId, verifyingContract: inference },
    types: settlementTypes,
    primaryType: "TEESettlement",
    message: { requestsHash, nonce: entry.nonce, provider: entry.provider, user: entry.user, totalFee: entry.totalFee },
  });
  return { ...entry, requestsHash, signature };
}

/** A fine-tuning `VerifierInput` signed by `tee` with `signTypedData` under the fine-tuning domain. */
export async function signVerifierInput(
  tee: LocalAccount,
  chainId: number,
  fineTuning: Address,
  input: { id: string; encryptedSecret: Hex; modelRootHash: Hex; nonce: bigint; taskFee: bigint; user: Address },
) {
  if (tee.signTypedData === undefined) throw new Error("the TEE account cannot sign typed data");
  const signature = await tee.signTypedData({
    domain: { name: "0G Fine-Tuning Serving", version: "1", chainId, verifyingContract: fineTuning },
    types: verifierTypes,
    primaryType: "VerifierMessage",
    message: input,
  });
  return { ...input, signature };
}
