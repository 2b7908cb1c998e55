import type { DevnetInfo } from "@0g/core";
import { endpointRows, formatOg, section, table } from "../format.js";
import type { Style } from "../io.js";

export type DevnetBannerParameters = {
  info: DevnetInfo;
  /** The EVM hardfork, when the devnet created its own chain. */
  hardfork: string | undefined;
  /** How blocks are mined, in words: "automatic (one block per transaction)", "every 2 s", "manual". */
  mining: string;
  version: string;
  style: Style;
};

/**
 * The human output of `0g devnet` once it is ready, in the spirit of anvil's banner: chain, accounts
 * with balances, private keys, mnemonic, system contracts, endpoints and the listening line.
 */
export function formatDevnetBanner({ info, hardfork, mining, version, style }: DevnetBannerParameters): string {
  const lines: string[] = [];
  lines.push(`${style.bold(style.cyan("0G devnet"))} ${style.dim(`(@0g/cli ${version})`)}`, "");
  lines.push(
    ...table([
      ["Chain ID", String(info.chainId)],
      ...(hardfork ? [["Hardfork", hardfork]] : []),
      ["Mining", mining],
    ]),
    "",
  );

  const accounts = info.accounts.map((a, i) => [style.dim(`(${i})`), a.address, formatOg(a.balance)]);
  lines.push(...section(style, "Available accounts", accounts), "");
  const keys = info.accounts.map((a, i) => [style.dim(`(${i})`), a.privateKey]);
  lines.push(...section(style, "Private keys", keys), "");
  lines.push(
    ...section(style, "Wallet", [
      ["Mnemonic", info.mnemonic],
      ["Derivation path", "m/44'/60'/0'/0/{index}"],
    ]),
    "",
  );

  const contracts = Object.entries(info.contracts).map(([name, address]) => [name, address]);
  lines.push(...section(style, "System contracts", contracts.length > 0 ? contracts : [[style.dim("(none)")]]), "");
  const endpoints = endpointRows(info.endpoints);
  lines.push(...section(style, "Endpoints", endpoints), "");

  lines.push(
    style.yellow("These keys are public: never send real funds to them."),
    "",
    `${style.green("Listening on")} ${style.bold(info.rpcUrl)} ${style.dim("(Ctrl+C to stop)")}`,
  );
  return `${lines.join("\n")}\n`;
}
