import type { Address, Chain, Hex } from "viem";

/**
 * Contract names with a fixed meaning in every network entry (the devnet's `devnet_info` uses the
 * same keys). `flow`, `mine` and `reward` are the default storage deployment (turbo on the public
 * networks); `*Standard` are the standard deployment where one exists.
 */
export type ContractName =
  | "flow"
  | "mine"
  | "reward"
  | "flowStandard"
  | "mineStandard"
  | "rewardStandard"
  | "computeLedger"
  | "computeInference"
  | "computeFineTuning"
  | "daEntrance"
  | "daSigners"
  | "wrappedOGBase"
  | "staking";

/** Contract addresses of a network, by name: the well-known {@link ContractName}s and any others. */
export type NetworkContracts = { readonly [name in ContractName]?: Address } & { readonly [name: string]: Address };

/**
 * Endpoint names with a fixed meaning: `rpc` (EVM JSON-RPC), `explorer`, `explorerApi`,
 * `storageExplorer`, `indexer` (default storage deployment), `indexerStandard`, `faucet`, and on a
 * devnet `storageNodes`, `kv` and what later layers add.
 */
export type EndpointName =
  | "rpc"
  | "explorer"
  | "explorerApi"
  | "storageExplorer"
  | "indexer"
  | "indexerStandard"
  | "faucet"
  | "storageNodes"
  | "kv";

/** Endpoint URLs of a network, by name; `rpc` is always present. */
export type NetworkEndpoints = { readonly rpc: string } & {
  readonly [name in Exclude<EndpointName, "rpc" | "storageNodes">]?: string;
} & { readonly storageNodes?: readonly string[] } & { readonly [name: string]: string | readonly string[] };

/** One entry of the network registry. */
export type NetworkInfo<chain extends Chain = Chain> = {
  /** Registry key, e.g. `"galileo"`. */
  readonly name: string;
  /** The viem chain. */
  readonly chain: chain;
  readonly contracts: NetworkContracts;
  readonly endpoints: NetworkEndpoints;
};

/** A prefunded devnet account. */
export type DevnetAccount = {
  address: Address;
  privateKey: Hex;
  /** Balance in wei, as a decimal string. */
  balance: string;
};

/** What a served devnet answers to `devnet_info`: everything a client needs to use it. */
export type DevnetInfo = {
  chainId: number;
  rpcUrl: string;
  mnemonic: string;
  accounts: DevnetAccount[];
  contracts: Record<string, Address>;
  endpoints: { rpc: string } & Record<string, string | readonly string[]>;
};
