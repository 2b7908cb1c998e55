import { ledgerManagerAbi } from "@0g/contracts";
import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { checkAddress } from "./account.js";
import { computeContract, type ComputeContracts } from "./contracts.js";
import { readServingAccount, serviceName, servingContract, type ComputeServiceKind } from "./read.js";

/** A user's sub-account with one provider: what the ledger views need. */
export type ProviderBalance = {
  provider: Address;
  /** Neuron in the sub-account, pending refunds included. */
  balance: bigint;
  /** Neuron being refunded (part of `balance`). */
  pendingRefund: bigint;
  refunds: readonly { index: bigint; amount: bigint; createdAt: bigint }[];
};

/**
 * The user's sub-accounts in a service: with the given providers, or with every provider the ledger
 * lists for the user (`getLedgerProviders`), oldest first.
 */
export async function readProviderBalances(
  client: Client,
  { user, kind, providers, contracts }: { user: Address; kind: ComputeServiceKind; providers?: readonly Address[] | undefined; contracts?: ComputeContracts | undefined },
): Promise<ProviderBalance[]> {
  const [ledger, serving] = await Promise.all([computeContract(client, "ledger", contracts), servingContract(client, kind, contracts)]);
  const list =
    providers?.map((p, i) => checkAddress(`providers[${i}]`, p)) ??
    (await readContract(client, {
      address: ledger,
      abi: ledgerManagerAbi,
      functionName: "getLedgerProviders",
      args: [user, await serviceName(client, ledger, serving)],
    }));
  const accounts = await Promise.all(list.map((provider) => readServingAccount(client, kind, serving, user, provider)));
  return list.flatMap((provider, i) => {
    const account = accounts[i];
    if (account === undefined) return [];
    const valid = Number(account.validRefundsLength);
    return [
      {
        provider,
        balance: account.balance,
        pendingRefund: account.pendingRefund,
        refunds: account.refunds.slice(0, valid).map(({ index, amount, createdAt }) => ({ index, amount, createdAt })),
      },
    ];
  });
}
