export { createDevnet } from "./create-devnet.js";
export type { Devnet, ServeOptions, ServedDevnet } from "./create-devnet.js";
export type { CreateDevnetOptions, Eip1193RequestProvider, MiningMode } from "./options.js";
export { defaultMnemonic } from "./accounts.js";
export type { DevnetAccount } from "./accounts.js";
export {
  create2DeployerAddress,
  mineDeployerAddress,
  systemContractAddresses,
  systemDeployerAddress,
} from "./chain/system-contracts.js";
export type { SystemContracts } from "./chain/system-contracts.js";
export { ProviderRpcError } from "./chain/rpc-error.js";
export type { KvOptions, StorageOptions, StorageShardConfig } from "./storage/options.js";
export type { DevnetKv, WaitForKvTransactionOptions } from "./storage/kv/api.js";
export type {
  DevnetStorage,
  DevnetStorageNode,
  FinalizedFile,
  WaitForFinalizedOptions,
} from "./storage/api.js";
export type { MiningResult, NodeMiner } from "./storage/miner.js";
export type { ComputeModel, ComputeOptions, ComputeSettlementOptions } from "./compute/options.js";
export type { ComputeSettlement, ComputeSettleOptions, DevnetCompute, DevnetComputeProvider } from "./compute/api.js";
export type { FineTuningModelOption, FineTuningOptions } from "./compute/fineTuning/options.js";
export type {
  DevnetFineTuning,
  DevnetFineTuningProvider,
  DevnetFineTuningTask,
  FineTuningSettleOptions,
  FineTuningSettlement,
} from "./compute/fineTuning/api.js";
export type { ChatCompletionRequest, ChatHandler, ChatMessage, ChatRequest, ChatResponse } from "./compute/model/types.js";
export { computeContractAddresses } from "./compute/contracts.js";
export type { InftOptions } from "./oracle/options.js";
export type { DevnetInft, DevnetInftContracts, DevnetInftOracle, InftOracleLie, InftOracleRequest } from "./oracle/api.js";
export {
  ChainStartError,
  ComputeDisabledError,
  ComputeProviderTransactionError,
  DevnetNotServedError,
  DevnetOptionError,
  DevnetStoppedError,
  FineTuningDisabledError,
  FineTuningTaskStateError,
  FineTuningTransactionError,
  InftDisabledError,
  KvNodeDisabledError,
  KvNodeStoppedError,
  KvWaitTimeoutError,
  PortInUseError,
  StorageDisabledError,
  StorageNodeStoppedError,
  StorageWaitTimeoutError,
  SystemContractDeployError,
  UnknownComputeProviderError,
  UnknownFineTuningProviderError,
  UnknownFineTuningTaskError,
  UnknownSnapshotError,
  UnknownStorageNodeError,
  devnetErrors,
} from "./errors.js";
