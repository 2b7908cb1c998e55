import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { getBlock } from "viem/actions";
import { userAddress, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import { readProviderBalances } from "../client/providers.js";
import { readLockTime, servingContract, type ComputeServiceKind } from "../client/read.js";
import type { ComputeAccountRequiredError, ComputeContractNotFoundError, ComputeServiceNotRegisteredError } from "../errors.js";

export type GetPendingRefundsParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Which serving contract. Default `"inference"`. */
    service?: ComputeServiceKind | undefined;
    /** Only these providers. Default: every provider the user has a sub-account with. */
    providers?: readonly Address[] | undefined;
    /** Whose refunds. Default: the account's. */
    user?: Address | undefined;
  };

/** One refund requested by `retrieveFund`, locked until `unlockAt`. */
export type PendingRefund = {
  provider: Address;
  /** Its position in the sub-account's refund list. */
  index: number;
  /** Neuron. */
  amount: bigint;
  /** When it was requested (chain time, Unix seconds). */
  createdAt: bigint;
  /** From when `retrieveFund` collects it (`createdAt + lockTime`). */
  unlockAt: bigint;
  /** True when chain time has reached `unlockAt`. */
  unlocked: boolean;
};

export type GetPendingRefundsReturnType = {
  /** The service's refund lock time, seconds. */
  lockTime: bigint;
  /** Chain time of the latest block (Unix seconds), against which `unlocked` is judged. */
  now: bigint;
  refunds: PendingRefund[];
  /** Neuron of all pending refunds. */
  total: bigint;
  /** Neuron the next `retrieveFund` collects into the ledger. */
  unlocked: bigint;
};

export type GetPendingRefundsErrorType =
  | ComputeServiceNotRegisteredError
  | ComputeContractNotFoundError
  | ComputeAccountRequiredError
  | InvalidParameterError;

/**
 * The user's pending refunds in a service and when each unlocks: `retrieveFund` asks for them, and
 * once chain time passes `createdAt + lockTime` the next `retrieveFund` collects them into the
 * ledger.
 *
 * @example
 * import { getPendingRefunds } from "@0g/compute";
 * const { refunds, unlocked } = await getPendingRefunds(client);
 * for (const r of refunds) console.log(r.provider, r.amount, new Date(Number(r.unlockAt) * 1000));
 */
export async function getPendingRefunds(client: Client, parameters: GetPendingRefundsParameters = {}): Promise<GetPendingRefundsReturnType> {
  const user = userAddress(client, parameters.user, parameters.account, "getPendingRefunds");
  const kind = parameters.service ?? "inference";
  const serving = await servingContract(client, kind, parameters.contracts);
  const [balances, lockTime, block] = await Promise.all([
    readProviderBalances(client, { user, kind, providers: parameters.providers, contracts: parameters.contracts }),
    readLockTime(client, kind, serving),
    getBlock(client, { blockTag: "latest" }),
  ]);
  const now = block.timestamp;
  const refunds = balances.flatMap(({ provider, refunds }) =>
    refunds
      .filter((r) => r.amount > 0n)
      .map((r) => ({ provider, index: Number(r.index), amount: r.amount, createdAt: r.createdAt, unlockAt: r.createdAt + lockTime, unlocked: now >= r.createdAt + lockTime })),
  );
  return {
    lockTime,
    now,
    refunds,
    total: refunds.reduce((sum, r) => sum + r.amount, 0n),
    unlocked: refunds.reduce((sum, r) => sum + (r.unlocked ? r.amount : 0n), 0n),
  };
}
