export { createDevnet } from "./create-devnet.js";
export type { Devnet, ServeOptions, ServedDevnet } from "./create-devnet.js";
export type { CreateDevnetOptions, Eip1193RequestProvider, MiningMode } from "./options.js";
export { defaultMnemonic } from "./accounts.js";
export type { DevnetAccount } from "./accounts.js";
export { create2DeployerAddress, systemContractAddresses, systemDeployerAddress } from "./chain/system-contracts.js";
export type { SystemContracts } from "./chain/system-contracts.js";
export { ProviderRpcError } from "./chain/rpc-error.js";
export {
  ChainStartError,
  DevnetNotServedError,
  DevnetOptionError,
  DevnetStoppedError,
  PortInUseError,
  SystemContractDeployError,
  UnknownSnapshotError,
  devnetErrors,
} from "./errors.js";
