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
export {
  ChainStartError,
  DevnetNotServedError,
  DevnetOptionError,
  DevnetStoppedError,
  KvNodeDisabledError,
  KvNodeStoppedError,
  KvWaitTimeoutError,
  PortInUseError,
  StorageDisabledError,
  StorageNodeStoppedError,
  StorageWaitTimeoutError,
  SystemContractDeployError,
  UnknownSnapshotError,
  UnknownStorageNodeError,
  devnetErrors,
} from "./errors.js";
