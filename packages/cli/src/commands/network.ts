import type { DevnetAccount } from "@0g/core";
import type { Address } from "viem";
import { defineCommand } from "../command.js";
import { connectionOptions, resolveConnection, type AccountSource, type Connection } from "../connection.js";
import { endpointRows, formatOg, section, table } from "../format.js";
import { colorEnabled, createStyle, writeJson, type Style } from "../io.js";
import { jsonOption } from "./shared.js";

/** What `0g network --json` prints. */
export type NetworkReport = {
  network: string;
  chainId: number;
  chainName: string;
  rpcUrl: string;
  contracts: Record<string, Address>;
  endpoints: Record<string, string | readonly string[]>;
  /** The account that would sign (from --key, ZG_PRIVATE_KEY or the devnet), or null. */
  account: { address: Address; source: AccountSource } | null;
  /** A devnet's prefunded accounts (with their public private keys); only for devnets. */
  accounts?: DevnetAccount[];
};

/** The JSON-safe description of a connection that `0g network` prints. Never includes a given key. */
export function networkReport(connection: Connection): NetworkReport {
  return {
    network: connection.network,
    chainId: connection.chain.id,
    chainName: connection.chain.name,
    rpcUrl: connection.rpcUrl,
    contracts: { ...connection.contracts },
    endpoints: { ...connection.endpoints },
    account:
      connection.account && connection.accountSource
        ? { address: connection.account.address, source: connection.accountSource }
        : null,
    ...(connection.devnet ? { accounts: connection.devnet.accounts } : {}),
  };
}

/** `0g network`: resolves `--network`/`--rpc`/`--key` the way every network command does, and prints it. */
export const networkCommand = defineCommand({
  name: "network",
  summary: "Show the network the other commands would use",
  description: [
    "Resolve --network / --rpc / --key the way every network command does and print the result: the",
    "network name, chain id, RPC URL, contracts, endpoints, the signing account and, for a devnet, its",
    "prefunded accounts. For an --rpc URL, a served devnet is recognised by its devnet_info method.",
  ].join("\n"),
  options: { ...connectionOptions, json: jsonOption },
  examples: [
    { description: "The local devnet (http://127.0.0.1:8545)", command: "0g network" },
    { description: "Galileo testnet, as JSON", command: "0g network --network galileo --json" },
    { description: "A devnet on another port", command: "0g network --rpc http://127.0.0.1:9545" },
  ],
  async run({ options, io }) {
    const connection = await resolveConnection({
      network: options.network,
      rpc: options.rpc,
      key: options.key,
      env: io.env,
      command: "network",
    });
    const report = networkReport(connection);
    if (options.json) writeJson(io.stdout, report);
    else io.stdout.write(formatNetworkReport(report, createStyle(colorEnabled(io.stdout, io.env))));
  },
});

/** The human output of `0g network`. */
export function formatNetworkReport(report: NetworkReport, style: Style): string {
  const signer = report.account
    ? `${report.account.address} ${style.dim(`(from ${report.account.source === "devnet" ? "the devnet's first account" : report.account.source})`)}`
    : style.dim("none (pass --key or set ZG_PRIVATE_KEY to sign)");
  const lines = [
    ...table([
      ["Network", style.bold(report.network)],
      ["Chain", `${report.chainName} (chain id ${report.chainId})`],
      ["RPC URL", report.rpcUrl],
      ["Account", signer],
    ]),
    "",
  ];
  const contracts = Object.entries(report.contracts).map(([name, address]) => [name, address]);
  lines.push(...section(style, "Contracts", contracts.length > 0 ? contracts : [[style.dim("(none known)")]]), "");
  lines.push(...section(style, "Endpoints", endpointRows(report.endpoints)));
  if (report.accounts) {
    const rows = report.accounts.map((a, i) => [style.dim(`(${i})`), a.address, formatOg(a.balance), a.privateKey]);
    lines.push("", ...section(style, "Devnet accounts (address, balance, private key)", rows));
  }
  return `${lines.join("\n")}\n`;
}
