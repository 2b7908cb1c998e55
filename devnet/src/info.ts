import type { DevnetInfo } from "@0g/core";
import type { DevnetAccount } from "./accounts.js";
import type { SystemContracts } from "./chain/system-contracts.js";

/**
 * What a client that knows only the RPC URL learns from the `devnet_info` JSON-RPC method, and what
 * `0g devnet --json` prints: one object, JSON-safe (balances as decimal wei strings). Each layer adds
 * its endpoints (`indexer`, `storageNodes`, ...) to `endpoints`.
 */
export function buildDevnetInfo({
  chainId,
  mnemonic,
  accounts,
  contracts,
  endpoints,
}: {
  chainId: number;
  mnemonic: string;
  accounts: readonly DevnetAccount[];
  contracts: SystemContracts;
  endpoints: DevnetInfo["endpoints"];
}): DevnetInfo {
  return {
    chainId,
    rpcUrl: endpoints.rpc,
    mnemonic,
    accounts: accounts.map((a) => ({ address: a.address, privateKey: a.privateKey, balance: a.balance.toString() })),
    contracts: { ...contracts },
    endpoints: { ...endpoints },
  };
}
