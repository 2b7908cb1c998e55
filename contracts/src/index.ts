/**
 * `@0g/contracts`: typed ABIs and bytecode of the 0G devnet's system contracts, generated from the
 * Hardhat build of `contracts/` (see `scripts/generate.ts`), plus well-known addresses.
 *
 * The compute contracts (`ledgerManager*`, `inferenceServing*`, `fineTuningServing*`) have 0G's ABIs
 * and no constructor arguments: deploy (or `setCode`) them, then call `initialize`.
 *
 * The INFT (ERC-7857) contracts: `agentNft*` and `verifier*` have 0G's agent-nft ABIs (plus the agent
 * accounts) and no constructor arguments: deploy (or `setCode`) them and call `initialize`.
 * `agentAccountRegistry*` is deployed with the AgentNFT's address (it deploys the `agentAccount*`
 * logic itself) before `AgentNFT.initialize`; both have immutables, so deploy them, do not `setCode`.
 */
export {
  agentAccountAbi,
  agentAccountBytecode,
  agentAccountDeployedBytecode,
  agentAccountRegistryAbi,
  agentAccountRegistryBytecode,
  agentAccountRegistryDeployedBytecode,
  agentNftAbi,
  agentNftBytecode,
  agentNftDeployedBytecode,
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
  verifierAbi,
  verifierBytecode,
  verifierDeployedBytecode,
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
