import type { Address, Hex } from "viem";
import { defineCommand } from "../command.js";
import { formatOg, table } from "../format.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { flag } from "../options.js";
import { jsonOption } from "./shared.js";
import { agentNftOf, inftOptions, inftTarget, parseTokenId } from "./inft-shared.js";

/** What `0g inft show --json` prints; the account balance in neuron (decimal string). */
export type InftShowReport = {
  tokenId: string;
  agentNft: Address;
  holder: Address;
  creator: Address;
  /** The agent key's address: it operates the agent account. */
  operator: Address;
  account: { address: Address; balance: string };
  datas: { dataHash: Hex; description: string }[];
  authorizedUsers: Address[];
  /** Who asked (the signing account). */
  reader: Address;
  /** The decrypted metadata (the first entry's), or null when the reader may not read it or --chain-only. */
  data: unknown;
  /** How it was read: with the reader's key as the holder, or through the oracle as an authorised user. */
  readAs: "holder" | "authorized user" | null;
  /** Why `data` is null when the reader may not read it (a previous holder, a stranger). */
  unreadable: { code: number; name: string; message: string } | null;
  /** Only with --reveal-key, as the holder: the agent's private key. */
  agentKey?: Hex;
};

/** `0g inft show <id>`: the token on chain, and its metadata decrypted when you may read it. */
export const inftShowCommand = defineCommand({
  name: "inft show",
  summary: "Show an agent: holder, account, data hashes, and its metadata if you may read it",
  description: [
    "Print what the chain says about agent <id> (holder, creator, the agent account and its balance, the",
    "operator, the data hashes, the authorised users), then download its metadata from 0G Storage, check",
    "it against the data hash and decrypt it: as the holder with your key, or as an authorised user",
    "through the oracle. Anyone else sees the public part and why the data is not readable (exit code 0).",
  ].join("\n"),
  arguments: [{ name: "<id>", description: "The agent's token id" }],
  options: {
    ...inftOptions,
    chainOnly: flag("Only what the chain says: do not download or decrypt the metadata"),
    revealKey: flag("Also print the agent's private key (holder only)"),
    json: jsonOption,
  },
  examples: [
    { description: "Show agent 1 as the devnet's first account", command: "0g inft show 1" },
    { description: "As another holder, as JSON", command: "0g inft show 1 --key $BOB_KEY --json" },
  ],
  async run({ options, positionals, io }) {
    const command = "inft show";
    const tokenId = parseTokenId(positionals[0], command);
    const { wallet, contracts } = await inftTarget(options, io, command);
    const agent = await wallet.getAgent({ tokenId, ...agentNftOf(contracts) });

    let loaded: Awaited<ReturnType<typeof wallet.loadAgent>> | undefined;
    let unreadable: InftShowReport["unreadable"] = null;
    if (!options.chainOnly) {
      const { NotARecipientError, NotAuthorizedError } = await import("@0g/inft");
      try {
        loaded = await wallet.loadAgent({ tokenId, ...contracts });
      } catch (error) {
        // Not being allowed to read is an answer, not a failure; tampered data or a broken oracle is.
        if (!(error instanceof NotARecipientError || error instanceof NotAuthorizedError)) throw error;
        unreadable = { code: error.code, name: error.name, message: error.shortMessage };
      }
    }
    const report: InftShowReport = {
      tokenId: tokenId.toString(),
      agentNft: agent.agentNft,
      holder: agent.holder,
      creator: agent.creator,
      operator: agent.operator,
      account: { address: agent.account, balance: agent.balance.toString() },
      datas: agent.datas.map((d) => ({ dataHash: d.dataHash, description: d.dataDescription })),
      authorizedUsers: agent.authorizedUsers,
      reader: wallet.account.address,
      data: loaded?.data ?? null,
      readAs: loaded === undefined ? null : loaded.via === "key" ? "holder" : "authorized user",
      unreadable,
      ...(options.revealKey && loaded?.agentKey !== undefined ? { agentKey: loaded.agentKey } : {}),
    };
    if (options.json) return void writeJson(io.stdout, report);

    const style = createStyle(colorEnabled(io.stdout, io.env));
    const you = (address: Address) => (address.toLowerCase() === report.reader.toLowerCase() ? `${address} ${style.cyan("(you)")}` : address);
    const rows = [
      ["Holder", you(report.holder)],
      ["Creator", you(report.creator)],
      ["Agent account", `${report.account.address}  ${formatOg(report.account.balance)}`],
      ["Operator", `${report.operator} (the agent key)`],
      ...report.datas.map((d, i) => [i === 0 ? "Data" : "", `${d.dataHash}${d.description === "" ? "" : `  ${d.description}`}`]),
      ["Authorised", report.authorizedUsers.length === 0 ? style.dim("nobody") : report.authorizedUsers.map(you).join(", ")],
      ...(report.agentKey === undefined ? [] : [["Agent key", report.agentKey]]),
    ];
    const lines = [`Agent ${style.bold(`#${report.tokenId}`)} on ${report.agentNft}`, ...table(rows).map((l) => `  ${l}`)];
    if (report.readAs !== null) lines.push(`Metadata (read as ${report.readAs}):`, ...JSON.stringify(report.data, null, 2).split("\n").map((l) => `  ${l}`));
    else if (report.unreadable !== null) lines.push(style.yellow(`Metadata: not readable by ${report.reader}: ${report.unreadable.message}`));
    io.stdout.write(`${lines.join("\n")}\n`);
  },
});
