import { InvalidParameterError } from "@0g/core";
import type { Account, Address, Client } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { minimumTransferAmount, providerMinimumLockedBalance } from "../client/constants.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import type { FetchFn, ProviderErrorType } from "../client/http.js";
import { readService, readSubAccount } from "../client/read.js";
import type { ComputeWalletClient, ComputeWriteReturnType } from "../client/transaction.js";
import { fetchUnsettledFee } from "../client/unsettled.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ProviderUnreachableError, ServiceNotFoundError } from "../errors.js";
import { transferFund, type TransferFundErrorType } from "./transferFund.js";

export type TopUpProviderParameters = ComputeContractsParameter &
  AccountParameter & {
    provider: Address;
    /**
     * Neuron to keep available in the sub-account on top of the unsettled fees. Default 2 0G: 0G's
     * SDK's rule (twice the providers' 1 0G minimum locked balance), which leaves room for a request.
     */
    reserve?: bigint | undefined;
    /** The smallest top-up, in neuron. Default 1 0G (also the least that opens a sub-account). */
    minimumTransfer?: bigint | undefined;
    /** Milliseconds to wait for the provider's unsettled fee. Default 30 000. */
    timeout?: number | undefined;
    fetch?: FetchFn | undefined;
  };

export type TopUpProviderReturnType = {
  /** Neuron moved from the ledger (0n when the sub-account had enough). */
  transferred: bigint;
  /** The `transferFund` transaction, when one was sent. */
  transaction: ComputeWriteReturnType | undefined;
  /** The provider's unsettled fees of the account, in neuron. */
  unsettledFee: bigint;
  /** `balance - pendingRefund` of the sub-account before the top-up (0 when there was none). */
  availableBalance: bigint;
  /** `unsettledFee + reserve`: what the sub-account must have available. */
  required: bigint;
};

export type TopUpProviderErrorType =
  | ServiceNotFoundError
  | ProviderUnreachableError
  | ProviderErrorType
  | TransferFundErrorType
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/** Top-ups in flight, per client, account and provider: concurrent callers share one. */
const inFlight = new WeakMap<Client, Map<string, Promise<TopUpProviderReturnType>>>();

/**
 * Keeps a sub-account funded before requests, as 0G's SDK's `checkAndFund`: reads the provider's
 * unsettled fee (`/v1/user/:address/unsettledfee`) and the sub-account on chain, and when
 * `balance - pendingRefund < unsettledFee + reserve` moves the difference (at least
 * `minimumTransfer`) from the ledger with `transferFund`. Concurrent calls for one provider share a
 * single check and transfer, and every call re-reads the state, so a retry never pays twice.
 *
 * @throws {ProviderUnreachableError | InsufficientLedgerBalanceError | LedgerNotFoundError | ...}
 * @example
 * import { topUpProvider } from "@0g/compute";
 * const { transferred } = await topUpProvider(walletClient, { provider });
 */
export function topUpProvider(client: ComputeWalletClient, parameters: TopUpProviderParameters): Promise<TopUpProviderReturnType> {
  let account: Account;
  let provider: Address;
  try {
    account = requireAccount(client, parameters.account, "topUpProvider");
    provider = checkAddress("provider", parameters.provider);
  } catch (error) {
    return Promise.reject(error);
  }
  let byKey = inFlight.get(client);
  if (!byKey) {
    byKey = new Map();
    inFlight.set(client, byKey);
  }
  const key = `${account.address}:${provider}`.toLowerCase();
  const pending = byKey.get(key);
  if (pending) return pending;
  const running = check(client, { ...parameters, account, provider }).finally(() => byKey.delete(key));
  byKey.set(key, running);
  return running;
}

async function check(
  client: ComputeWalletClient,
  parameters: TopUpProviderParameters & { account: Account; provider: Address },
): Promise<TopUpProviderReturnType> {
  const { account, provider } = parameters;
  const reserve = parameters.reserve ?? 2n * providerMinimumLockedBalance;
  const minimumTransfer = parameters.minimumTransfer ?? minimumTransferAmount;
  for (const [name, value] of [["reserve", reserve], ["minimumTransfer", minimumTransfer]] as const)
    if (typeof value !== "bigint" || value < 0n) throw new InvalidParameterError({ name, value, expected: "a non-negative bigint (neuron)" });
  const inference = await computeContract(client, "inference", parameters.contracts);
  const [service, sub] = await Promise.all([
    readService(client, inference, provider),
    readSubAccount(client, inference, account.address, provider),
  ]);
  if (service === undefined) throw new ServiceNotFoundError({ provider });
  const unsettledFee =
    sub === undefined
      ? 0n
      : await fetchUnsettledFee(client, { account, inference, provider, url: service.url, generation: sub.generation, timeout: parameters.timeout, fetch: parameters.fetch });
  const availableBalance = sub === undefined ? 0n : sub.balance - sub.pendingRefund;
  const required = unsettledFee + reserve;
  if (availableBalance >= required && sub !== undefined) return { transferred: 0n, transaction: undefined, unsettledFee, availableBalance, required };
  let amount = required - availableBalance;
  if (amount < minimumTransfer) amount = minimumTransfer;
  if (sub === undefined && amount < minimumTransferAmount) amount = minimumTransferAmount;
  const { created: _, ...transaction } = await transferFund(client, { provider, amount, account, contracts: parameters.contracts });
  return { transferred: amount, transaction, unsettledFee, availableBalance, required };
}
