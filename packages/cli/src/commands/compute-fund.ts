import type { Address, Hash } from "viem";
import { defineCommand } from "../command.js";
import { connectionOptions } from "../connection.js";
import { ComputeLedgerMinimumError, UsageError } from "../errors.js";
import { table } from "../format.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { jsonOption } from "./shared.js";
import {
  computeTarget,
  computeWallet,
  og,
  parseProviderRef,
  providerOption,
  readAmount,
  resolveFineTuningService,
  resolveInferenceService,
  serviceOption,
  type ComputeServiceType,
} from "./compute-shared.js";

/** What `0g compute fund --json` prints; amounts in neuron (decimal strings). */
export type ComputeFundReport = {
  account: Address;
  /** What went into the ledger: null when nothing had to be deposited. */
  deposit: { amount: string; createdLedger: boolean; transactionHash: Hash } | null;
  /** The transfer to the provider's sub-account, with `--provider`. */
  transfer: { provider: Address; service: ComputeServiceType; amount: string; createdSubAccount: boolean; transactionHash: Hash } | null;
  /** The ledger afterwards. */
  ledger: { availableBalance: string; totalBalance: string };
};

/** `0g compute fund <amount> [--provider]`: deposit into the ledger, or fund a provider's sub-account. */
export const computeFundCommand = defineCommand({
  name: "compute fund",
  summary: "Deposit into the compute ledger, or fund a provider",
  description: [
    "Without --provider: deposit <amount> into your compute ledger (LedgerManager), opening it if you have",
    "none (a new ledger needs at least 3 0G). With --provider: move <amount> from the ledger into your",
    "sub-account with that provider (the first transfer opens it, needs at least 1 0G and acknowledges the",
    "provider's TEE signer); whatever the ledger lacks is deposited first (3 0G at least for a new one).",
    "<amount> is in 0G (5, 0.5) or exact neuron (1000neuron; 1 0G = 10^18 neuron).",
  ].join("\n"),
  arguments: [{ name: "<amount>", description: "0G (5, 0.5) or neuron (1000neuron)" }],
  options: {
    ...connectionOptions,
    provider: providerOption("Fund this provider's sub-account: 0x address or index in `0g compute services`"),
    service: serviceOption,
    json: jsonOption,
  },
  examples: [
    { description: "Open a ledger with 10 0G on the local devnet", command: "0g compute fund 10" },
    { description: "Fund the first inference provider with 2 0G (depositing what the ledger lacks)", command: "0g compute fund 2 --provider 0" },
    { description: "Fund a fine-tuning provider", command: "0g compute fund 2 --provider 0 --service fine-tuning" },
  ],
  validate(options) {
    if (options.provider === undefined && options.service !== "inference")
      throw new UsageError("--service applies to a transfer to a provider: add --provider.", { command: "compute fund" });
  },
  async run({ options, positionals, io }) {
    const command = "compute fund";
    const amount = readAmount(positionals[0], command);
    const ref = options.provider === undefined ? undefined : parseProviderRef(options.provider, { command, name: "--provider", type: options.service });
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const compute = await import("@0g/compute");
    const { contracts } = target;
    const account = wallet.account.address;
    const readLedger = () =>
      compute.getLedger(wallet, { contracts }).catch((error: unknown) => {
        if (error instanceof compute.LedgerNotFoundError) return undefined;
        throw error;
      });

    const depositInto = async (neuron: bigint, createdLedger: boolean): Promise<NonNullable<ComputeFundReport["deposit"]>> => {
      const sent = await compute.depositFund(wallet, { amount: neuron, contracts });
      return { amount: neuron.toString(), createdLedger, transactionHash: sent.transactionHash };
    };

    let deposit: ComputeFundReport["deposit"] = null;
    let transfer: ComputeFundReport["transfer"] = null;
    if (ref === undefined) {
      const before = await readLedger();
      if (before === undefined && amount < compute.minimumLedgerBalance) throw new ComputeLedgerMinimumError({ amount: og(amount) });
      deposit = await depositInto(amount, before === undefined);
    } else {
      const provider =
        options.service === "inference" ? (await resolveInferenceService(target, ref, command)).provider : (await resolveFineTuningService(target, ref, command)).provider;
      const send = () => compute.transferFund(wallet, { provider, amount, service: options.service, contracts });
      let sent: Awaited<ReturnType<typeof send>>;
      // transferFund checks the ledger before sending anything: deposit what it lacks, then send again.
      try {
        sent = await send();
      } catch (error) {
        if (error instanceof compute.LedgerNotFoundError) {
          // A sub-account cannot exist without a ledger: the transfer opens one, so it needs the 1 0G minimum.
          if (amount < compute.minimumTransferAmount)
            throw new compute.MinimumTransferError({ provider, amount, minimum: compute.minimumTransferAmount });
          deposit = await depositInto(amount > compute.minimumLedgerBalance ? amount : compute.minimumLedgerBalance, true);
        } else if (error instanceof compute.InsufficientLedgerBalanceError) {
          deposit = await depositInto(error.required - error.available, false);
        } else throw error;
        sent = await send();
      }
      transfer = { provider, service: options.service, amount: amount.toString(), createdSubAccount: sent.created, transactionHash: sent.transactionHash };
    }
    const ledger = await compute.getLedger(wallet, { contracts });
    const report: ComputeFundReport = {
      account,
      deposit,
      transfer,
      ledger: { availableBalance: ledger.availableBalance.toString(), totalBalance: ledger.totalBalance.toString() },
    };
    if (options.json) return void writeJson(io.stdout, report);

    const style = createStyle(colorEnabled(io.stdout, io.env));
    const lines: string[] = [];
    const made = report.deposit;
    if (made)
      lines.push(
        `${made.createdLedger ? `Opened a compute ledger with ${og(BigInt(made.amount))}` : `Deposited ${og(BigInt(made.amount))} into the compute ledger`}  ${style.dim(made.transactionHash)}`,
      );
    const moved = report.transfer;
    if (moved)
      lines.push(
        `Transferred ${og(amount)} to ${moved.service} provider ${moved.provider}${moved.createdSubAccount ? " (opened the sub-account, acknowledged its TEE signer)" : ""}  ${style.dim(moved.transactionHash)}`,
      );
    const rows = [
      ["Account", account],
      ["Ledger", `${og(ledger.availableBalance)} available, ${og(ledger.totalBalance)} in total (with sub-accounts)`],
    ];
    io.stdout.write(`${lines.join("\n")}\n${table(rows).map((l) => `  ${l}`).join("\n")}\n`);
  },
});
