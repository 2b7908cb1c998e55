import { ledgerManagerAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readProviderBalances } from "../client/providers.js";
import { readLedger, serviceName, servingContract, type ComputeServiceKind } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import {
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type ComputeServiceNotRegisteredError,
  type ComputeTransactionError,
  LedgerNotFoundError,
} from "../errors.js";

/** The most providers one `LedgerManager.retrieveFund` call takes. */
const batchSize = 20;

export type RetrieveFundParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Which serving contract. Default `"inference"`. */
    service?: ComputeServiceKind | undefined;
    /** Only these providers. Default: every provider the account has funds with. */
    providers?: readonly Address[] | undefined;
  };

export type RetrieveFundReturnType = {
  /** The providers asked (none when there was nothing to retrieve). */
  providers: Address[];
  /** One transaction per 20 providers. */
  transactions: ComputeWriteReturnType[];
  /** Neuron of unlocked refunds collected into the ledger's available balance. */
  collected: bigint;
};

export type RetrieveFundErrorType =
  | LedgerNotFoundError
  | ComputeServiceNotRegisteredError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Gets funds back from sub-accounts, in 0G's two steps (`LedgerManager.retrieveFund`): each call
 * first collects the refunds whose lock time has passed into the ledger's available balance, then
 * requests a refund of the rest, which unlocks `lockTime` later (see {@link getPendingRefunds}).
 * So: call it, wait for the lock time, call it again, then withdraw with {@link refund}.
 *
 * @throws {LedgerNotFoundError}
 * @example
 * import { getPendingRefunds, refund, retrieveFund } from "@0g/compute";
 * await retrieveFund(walletClient);              // requests refunds
 * // ... after lockTime (getPendingRefunds(walletClient).refunds[i].unlockAt)
 * const { collected } = await retrieveFund(walletClient); // collects them
 * await refund(walletClient, { amount: collected });
 */
export async function retrieveFund(client: ComputeWalletClient, parameters: RetrieveFundParameters = {}): Promise<RetrieveFundReturnType> {
  const account = requireAccount(client, parameters.account, "retrieveFund");
  const kind = parameters.service ?? "inference";
  const [ledger, serving] = await Promise.all([computeContract(client, "ledger", parameters.contracts), servingContract(client, kind, parameters.contracts)]);
  const [name, before, balances] = await Promise.all([
    serviceName(client, ledger, serving),
    readLedger(client, ledger, account.address),
    readProviderBalances(client, { user: account.address, kind, providers: parameters.providers, contracts: parameters.contracts }),
  ]);
  if (before === undefined) throw new LedgerNotFoundError({ user: account.address });
  const providers = balances.filter((b) => b.balance > 0n).map((b) => b.provider);
  const transactions: ComputeWriteReturnType[] = [];
  for (let i = 0; i < providers.length; i += batchSize)
    transactions.push(
      await writeAndWait(client, {
        account,
        address: ledger,
        abi: ledgerManagerAbi,
        functionName: "retrieveFund",
        args: [providers.slice(i, i + batchSize), name],
      }),
    );
  const after = transactions.length === 0 ? before : await readLedger(client, ledger, account.address);
  return { providers, transactions, collected: after === undefined ? 0n : after.availableBalance - before.availableBalance };
}
