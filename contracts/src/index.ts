/**
 * `@0g/contracts`: typed ABIs and bytecode of the 0G devnet's system contracts, generated from the
 * Hardhat build of `contracts/` (see `scripts/generate.ts`), plus well-known addresses.
 *
 * The compute contracts (`ledgerManager*`, `inferenceServing*`, `fineTuningServing*`) have 0G's ABIs
 * and no constructor arguments: deploy (or `setCode`) them, then call `initialize`.
 */
export {
  fineTuningServingAbi,
  fineTuningServingBytecode,
  fineTuningServingDeployedBytecode,
  flowAbi,
  flowBytecode,
  flowDeployedBytecode,
  inferenceServingAbi,
  inferenceServingBytecode,
  inferenceServingDeployedBytecode,
  ledgerManagerAbi,
  ledgerManagerBytecode,
  ledgerManagerDeployedBytecode,
  marketAbi,
  marketBytecode,
  marketDeployedBytecode,
  mineAbi,
  mineBytecode,
  mineDeployedBytecode,
  multicall3Abi,
  multicall3Bytecode,
  multicall3DeployedBytecode,
  rewardAbi,
  rewardBytecode,
  rewardDeployedBytecode,
  wrappedOgAbi,
  wrappedOgBytecode,
  wrappedOgDeployedBytecode,
} from "./generated/index.js";

/**
 * Where Multicall3 lives on most EVM chains, and where the devnet places `multicall3DeployedBytecode`
 * (with `hardhat_setCode`). Pass it as viem's `multicallAddress`, or as a chain's
 * `contracts.multicall3.address`.
 */
export const multicall3Address = "0xcA11bde05977b3631167028862bE2a173976CA11" as const;
