import {
  fineTuningServingAbi,
  fineTuningServingDeployedBytecode,
  inferenceServingAbi,
  inferenceServingDeployedBytecode,
  ledgerManagerAbi,
  ledgerManagerDeployedBytecode,
} from "@0g/contracts";
import { encodeFunctionData, type Address, type Hex } from "viem";

/**
 * Where the compute contracts live on every devnet: the chain-31337 ("hardhat") addresses that 0G's
 * compute SDK hard-codes (`CONTRACT_ADDRESSES.hardhat`), so `createZGComputeNetworkBroker(wallet)`
 * finds them with no configuration. They are the CREATE addresses of Hardhat's account #0 at nonces
 * 2, 6 and 12, where 0G's own deploy script puts them on a fresh Hardhat node.
 */
export const computeContractAddresses = {
  ledgerManager: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  inferenceServing: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
  fineTuningServing: "0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0",
} as const satisfies Record<string, Address>;

/** The same addresses under `@0g/core`'s well-known network contract names. */
export const computeContractAliases = {
  computeLedger: computeContractAddresses.ledgerManager,
  computeInference: computeContractAddresses.inferenceServing,
  computeFineTuning: computeContractAddresses.fineTuningServing,
} as const satisfies Record<string, Address>;

/** Hardhat's account #0, whose CREATE addresses the compute contracts occupy. */
export const hardhatAccount0: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
/** Account #0's nonce after 0G's deploy script: its next CREATE cannot land on a compute contract. */
export const hardhatAccount0NonceAfterCompute = 13;

/** 0G's deploy defaults (`LOCK_TIME`, `PENALTY_PERCENTAGE` in `0g-serving-contract:src/deploy/deploy_service.ts`). */
export const computeLockTime = 86_400n;
export const fineTuningPenaltyPercentage = 30n;
/** The service versions registered with the LedgerManager: `inference-v1.0` and `fine-tuning-v1.0`. */
export const computeServiceVersion = "v1.0";

/** A contract whose runtime code is placed at a fixed address, then set up by calls from the owner. */
export type PlacedContract = { name: string; address: Address; code: Hex };

/**
 * The compute contracts, placed with `hardhat_setCode` (they have no constructor work and no
 * immutables), and the owner's set-up calls in 0G's deploy order: `initialize` each, then
 * `registerService` of both services with the LedgerManager and `setRecommendedService` for each
 * type, as `deploy_ledger_maneger.ts` + `deploy_service.ts` do.
 */
export function computeDeployment(owner: Address): { placed: PlacedContract[]; calls: { name: string; to: Address; data: Hex }[] } {
  const { ledgerManager, inferenceServing, fineTuningServing } = computeContractAddresses;
  const ledger = (functionName: "registerService" | "setRecommendedService", args: readonly unknown[]) =>
    encodeFunctionData({ abi: ledgerManagerAbi, functionName, args } as never);
  return {
    placed: [
      { name: "ledgerManager", address: ledgerManager, code: ledgerManagerDeployedBytecode },
      { name: "inferenceServing", address: inferenceServing, code: inferenceServingDeployedBytecode },
      { name: "fineTuningServing", address: fineTuningServing, code: fineTuningServingDeployedBytecode },
    ],
    calls: [
      { name: "ledgerManager", to: ledgerManager, data: encodeFunctionData({ abi: ledgerManagerAbi, functionName: "initialize", args: [owner] }) },
      {
        name: "inferenceServing",
        to: inferenceServing,
        data: encodeFunctionData({ abi: inferenceServingAbi, functionName: "initialize", args: [computeLockTime, ledgerManager, owner] }),
      },
      {
        name: "fineTuningServing",
        to: fineTuningServing,
        data: encodeFunctionData({
          abi: fineTuningServingAbi,
          functionName: "initialize",
          args: [computeLockTime, ledgerManager, owner, fineTuningPenaltyPercentage],
        }),
      },
      { name: "ledgerManager", to: ledgerManager, data: ledger("registerService", ["inference", computeServiceVersion, inferenceServing, "Inference serving (0G devnet)"]) },
      { name: "ledgerManager", to: ledgerManager, data: ledger("registerService", ["fine-tuning", computeServiceVersion, fineTuningServing, "Fine-tuning serving (0G devnet)"]) },
      { name: "ledgerManager", to: ledgerManager, data: ledger("setRecommendedService", ["inference", computeServiceVersion]) },
      { name: "ledgerManager", to: ledgerManager, data: ledger("setRecommendedService", ["fine-tuning", computeServiceVersion]) },
    ],
  };
}
