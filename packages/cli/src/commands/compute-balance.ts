import type { ComputeContracts } from "@0g/compute";
import type { Address, Client, Hash } from "viem";
import { defineCommand } from "../command.js";
import { connectionOptions } from "../connection.js";
import { table } from "../format.js";
import { colorEnabled, createStyle, writeJson, type Style } from "../io.js";
import { flag } from "../options.js";
import { jsonOption } from "./shared.js";
import {
  computeTarget,
  computeWallet,
  formatSeconds,
  og,
  parseProviderRef,
  providerOption,
  resolveFineTuningService,
  resolveInferenceService,
  serviceOption,
  serviceTypes,
  type ComputeServiceType,
} from "./compute-shared.js";

/** A pending refund in `--json` output: neuron as a decimal string, times as Unix seconds (chain time). */
export type ComputeRefundEntry = { provider: Address; service: ComputeServiceType; amount: string; unlockAt: number; unlocked: boolean };

/** A sub-account in `0g compute balance --json`. */
export type ComputeSubAccountEntry = {
  provider: Address;
  service: ComputeServiceType;
  /** Neuron, pending refunds included. */
  balance: string;
  /** Neuron being refunded (part of `balance`). */
  pendingRefund: string;
  refunds: { amount: string; unlockAt: number; unlocked: boolean }[];
};

/** What `0g compute balance --json` prints. */
export type ComputeBalanceReport = {
  account: Address;
  /** Null when the account has no compute ledger. */
  ledger: { availableBalance: string; lockedBalance: string; totalBalance: string } | null;
  subAccounts: ComputeSubAccountEntry[];
  /** Chain time (Unix seconds) the unlock times compare to. */
  now: number;
};

/** Sub-accounts with funds in each service, with their pending refunds; services the network lacks are left out. */
async function readSubAccounts(client: Client, contracts: ComputeContracts, services: readonly ComputeServiceType[] = serviceTypes) {
  const compute = await import("@0g/compute");
  let now = 0;
  const entries: ComputeSubAccountEntry[] = [];
  for (const service of services) {
    let balances: Awaited<ReturnType<typeof compute.getProvidersWithBalance>>;
    let pending: Awaited<ReturnType<typeof compute.getPendingRefunds>>;
    try {
      [balances, pending] = await Promise.all([compute.getProvidersWithBalance(client, { service, contracts }), compute.getPendingRefunds(client, { service, contracts })]);
    } catch (error) {
      // A network without this serving contract (or with it unregistered in the ledger) has no such sub-accounts.
      if (service === "fine-tuning" && (error instanceof compute.ComputeContractNotFoundError || error instanceof compute.ComputeServiceNotRegisteredError)) continue;
      throw error;
    }
    now = Number(pending.now);
    for (const b of balances)
      entries.push({
        provider: b.provider,
        service,
        balance: b.balance.toString(),
        pendingRefund: b.pendingRefund.toString(),
        refunds: pending.refunds
          .filter((r) => r.provider === b.provider)
          .map((r) => ({ amount: r.amount.toString(), unlockAt: Number(r.unlockAt), unlocked: r.unlocked })),
      });
  }
  return { now, entries };
}

/** `0g compute balance`: the ledger, the sub-accounts and their pending refunds. */
export const computeBalanceCommand = defineCommand({
  name: "compute balance",
  summary: "Show the compute ledger, sub-accounts and pending refunds",
  description: [
    "Show the account's compute ledger (available to move or withdraw, and locked in sub-accounts), each",
    "sub-account with a provider (inference and fine-tuning) and the refunds pending in them, with the",
    "chain time each unlocks at (`0g compute refund` collects the unlocked ones).",
  ].join("\n"),
  options: { ...connectionOptions, json: jsonOption },
  examples: [
    { description: "The devnet's first account", command: "0g compute balance" },
    { description: "Another account, as JSON", command: "ZG_PRIVATE_KEY=0x… 0g compute balance --json" },
  ],
  async run({ options, io }) {
    const command = "compute balance";
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const compute = await import("@0g/compute");
    const ledger = await compute.getLedger(wallet, { contracts: target.contracts }).catch((error: unknown) => {
      if (error instanceof compute.LedgerNotFoundError) return undefined;
      throw error;
    });
    const { now, entries } = ledger === undefined ? { now: 0, entries: [] } : await readSubAccounts(wallet, target.contracts);
    const report: ComputeBalanceReport = {
      account: wallet.account.address,
      ledger:
        ledger === undefined
          ? null
          : { availableBalance: ledger.availableBalance.toString(), lockedBalance: ledger.lockedBalance.toString(), totalBalance: ledger.totalBalance.toString() },
      subAccounts: entries,
      now,
    };
    if (options.json) return void writeJson(io.stdout, report);
    const style = createStyle(colorEnabled(io.stdout, io.env));
    if (ledger === undefined) {
      io.stdout.write(`${report.account} has no compute ledger. Open one with \`0g compute fund 3\` (3 0G at least).\n`);
      return;
    }
    const lines = [
      style.bold(`Compute ledger of ${report.account}`),
      ...table([
        ["Available", `${og(ledger.availableBalance)}  ${style.dim("(to fund providers or withdraw)")}`],
        ["Locked", `${og(ledger.lockedBalance)}  ${style.dim("(in sub-accounts)")}`],
        ["Total", og(ledger.totalBalance)],
      ]).map((l) => `  ${l}`),
    ];
    if (entries.length === 0) lines.push("", "No sub-accounts with funds. Fund a provider with `0g compute fund 2 --provider 0`.");
    else lines.push("", style.bold("Sub-accounts"), ...subAccountRows(entries, now, style).map((l) => `  ${l}`));
    io.stdout.write(`${lines.join("\n")}\n`);
  },
});

function subAccountRows(entries: readonly ComputeSubAccountEntry[], now: number, style: Style): string[] {
  const rows: string[][] = [["Provider", "Service", "Balance", "Pending refunds"].map((h) => style.dim(h))];
  for (const e of entries)
    rows.push([e.provider, e.service, og(BigInt(e.balance)), e.refunds.length === 0 ? og(0n) : e.refunds.map((r) => refundLine(r, now, style)).join("; ")]);
  return table(rows);
}

function refundLine(r: { amount: string; unlockAt: number; unlocked: boolean }, now: number, style: Style): string {
  return r.unlocked
    ? `${og(BigInt(r.amount))} ${style.green("unlocked")} (\`0g compute refund\` collects it)`
    : `${og(BigInt(r.amount))} unlocks in ${formatSeconds(r.unlockAt - now)} (${new Date(r.unlockAt * 1000).toISOString().replace(".000Z", "Z")})`;
}

/** What `0g compute refund --json` prints; neuron as decimal strings. */
export type ComputeRefundReport = {
  account: Address;
  service: ComputeServiceType;
  /** The providers asked to refund (their funds are requested, or collected when unlocked). */
  providers: Address[];
  /** The `retrieveFund` transactions (one per 20 providers). */
  retrieveTransactions: Hash[];
  /** Unlocked refunds collected into the ledger by this call. */
  collected: string;
  /** Withdrawn from the ledger to the wallet (0 with --no-withdraw or when nothing was available). */
  withdrawn: string;
  withdrawTransaction: Hash | null;
  /** True when the withdrawal emptied the ledger and it was deleted. */
  ledgerDeleted: boolean;
  /** Refunds still locked: run the command again once they unlock. */
  pending: ComputeRefundEntry[];
  now: number;
};

/** `0g compute refund`: get funds back from providers (two steps) and withdraw the ledger to the wallet. */
export const computeRefundCommand = defineCommand({
  name: "compute refund",
  summary: "Get funds back from providers and withdraw them",
  description: [
    "Refunds come back in two steps, as 0G's contracts require: this command collects the refunds whose",
    "lock time has passed into the ledger and requests refunds of what is left in the sub-accounts (they",
    "unlock after the service's lock time, 24 h on 0G). Then it withdraws the ledger's available balance",
    "to the wallet (--no-withdraw keeps it in the ledger). Run it again once the pending refunds unlock;",
    "`0g compute balance` shows when.",
  ].join("\n"),
  options: {
    ...connectionOptions,
    provider: providerOption("Only this provider: 0x address or index in `0g compute services`"),
    service: serviceOption,
    noWithdraw: flag("Keep the collected funds in the ledger instead of withdrawing them"),
    json: jsonOption,
  },
  examples: [
    { description: "Request refunds from every provider and withdraw what the ledger has", command: "0g compute refund" },
    { description: "After the lock time: collect and withdraw", command: "0g compute refund --json" },
    { description: "Only provider 0, keeping the funds in the ledger", command: "0g compute refund --provider 0 --no-withdraw" },
  ],
  async run({ options, io }) {
    const command = "compute refund";
    const ref = options.provider === undefined ? undefined : parseProviderRef(options.provider, { command, name: "--provider", type: options.service });
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const compute = await import("@0g/compute");
    const { contracts } = target;
    const service = options.service;
    const provider =
      ref === undefined
        ? undefined
        : service === "inference"
          ? (await resolveInferenceService(target, ref, command)).provider
          : (await resolveFineTuningService(target, ref, command)).provider;
    const providers = provider === undefined ? undefined : [provider];
    const retrieved = await compute.retrieveFund(wallet, { service, contracts, ...(providers ? { providers } : {}) });
    let withdrawn = 0n;
    let withdrawTransaction: Hash | null = null;
    let ledgerDeleted = false;
    if (!options.noWithdraw) {
      const { availableBalance } = await compute.getLedger(wallet, { contracts });
      if (availableBalance > 0n) {
        const sent = await compute.refund(wallet, { amount: availableBalance, contracts });
        withdrawn = availableBalance;
        withdrawTransaction = sent.transactionHash;
        ledgerDeleted = sent.deleted;
      }
    }
    const pending = ledgerDeleted ? { refunds: [], now: 0n } : await compute.getPendingRefunds(wallet, { service, contracts, ...(providers ? { providers } : {}) });
    const report: ComputeRefundReport = {
      account: wallet.account.address,
      service,
      providers: retrieved.providers,
      retrieveTransactions: retrieved.transactions.map((t) => t.transactionHash),
      collected: retrieved.collected.toString(),
      withdrawn: withdrawn.toString(),
      withdrawTransaction,
      ledgerDeleted,
      pending: pending.refunds.map((r) => ({ provider: r.provider, service, amount: r.amount.toString(), unlockAt: Number(r.unlockAt), unlocked: r.unlocked })),
      now: Number(pending.now),
    };
    if (options.json) return void writeJson(io.stdout, report);

    const style = createStyle(colorEnabled(io.stdout, io.env));
    const lines: string[] = [];
    if (retrieved.providers.length === 0) lines.push(`No ${service} sub-account holds funds${provider ? ` with ${provider}` : ""}: nothing to request.`);
    else
      lines.push(
        `Asked ${retrieved.providers.length} ${service} provider${retrieved.providers.length === 1 ? "" : "s"} for refunds${
          retrieved.collected > 0n ? `; collected ${og(retrieved.collected)} of unlocked refunds into the ledger` : ""
        }.`,
      );
    if (withdrawTransaction) lines.push(`Withdrew ${og(withdrawn)} to ${report.account}${ledgerDeleted ? " (the ledger is empty and was closed)" : ""}  ${style.dim(withdrawTransaction)}`);
    else if (!options.noWithdraw) lines.push("Nothing available in the ledger to withdraw.");
    if (report.pending.length > 0) {
      lines.push("Pending refunds (run `0g compute refund` again once they unlock):");
      for (const r of report.pending) lines.push(`  ${r.provider}  ${refundLine(r, report.now, style)}`);
    }
    io.stdout.write(`${lines.join("\n")}\n`);
  },
});
