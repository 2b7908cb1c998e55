import { numberToHex, type Address } from "viem";
import { UnknownSnapshotError } from "../errors.js";
import type { MiningMode } from "../options.js";
import type { ChainBackend } from "./backend.js";
import { ProviderRpcError } from "./rpc-error.js";

/**
 * Chain controls expressed in the hardhat_/evm_ JSON-RPC dialect that EDR, Hardhat and anvil all
 * speak, so they work on the devnet's own chain and on an attached provider alike.
 */
export function createChainControls(chain: ChainBackend) {
  const call = async (method: string, params: unknown[] = []) => {
    const outcome = await chain.call(method, params);
    if (outcome.error) throw new ProviderRpcError(outcome.error);
    return outcome.result;
  };

  // EDR's evm_revert consumes the snapshot and every later one. Our ids stay valid after a revert
  // (the chain is re-snapshotted under the same id), as Hardhat's takeSnapshot().restore() does.
  const snapshots = new Map<string, string>();
  let nextId = 1;

  return {
    async snapshot(): Promise<string> {
      const chainId = (await call("evm_snapshot")) as string;
      const id = numberToHex(nextId++);
      snapshots.set(id, chainId);
      return id;
    },
    async revert(id: string): Promise<void> {
      const chainId = snapshots.get(id);
      if (chainId === undefined) throw new UnknownSnapshotError({ id });
      const reverted = (await call("evm_revert", [chainId])) as boolean;
      if (!reverted) {
        snapshots.delete(id);
        throw new UnknownSnapshotError({ id });
      }
      const order = Number(id);
      for (const other of [...snapshots.keys()]) if (Number(other) > order) snapshots.delete(other);
      snapshots.set(id, (await call("evm_snapshot")) as string);
    },
    async mine(blocks = 1, { interval }: { interval?: number } = {}): Promise<void> {
      await call("hardhat_mine", interval === undefined ? [numberToHex(blocks)] : [numberToHex(blocks), numberToHex(interval)]);
    },
    /** Moves chain time forward and mines a block, so the new time is visible to contracts at once. */
    async increaseTime(seconds: number): Promise<void> {
      await call("evm_increaseTime", [seconds]);
      await call("evm_mine");
    },
    async setNextBlockTimestamp(timestamp: number): Promise<void> {
      await call("evm_setNextBlockTimestamp", [timestamp]);
    },
    async setMining(mining: MiningMode): Promise<void> {
      await call("evm_setAutomine", [mining.mode === "auto"]);
      await call("evm_setIntervalMining", [mining.mode === "interval" ? mining.interval : 0]);
    },
    async impersonate(address: Address): Promise<void> {
      await call("hardhat_impersonateAccount", [address]);
    },
    async stopImpersonating(address: Address): Promise<void> {
      await call("hardhat_stopImpersonatingAccount", [address]);
    },
    async setBalance(address: Address, wei: bigint): Promise<void> {
      await call("hardhat_setBalance", [address, numberToHex(wei)]);
    },
  };
}

export type ChainControls = ReturnType<typeof createChainControls>;
