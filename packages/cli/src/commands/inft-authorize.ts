import type { Address, Hash } from "viem";
import { defineCommand } from "../command.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { flag } from "../options.js";
import { jsonOption } from "./shared.js";
import { agentNftOf, inftOptions, inftTarget, parseAddress, parseTokenId } from "./inft-shared.js";

/** What `0g inft authorize --json` prints. */
export type InftAuthorizeReport = {
  tokenId: string;
  user: Address;
  /** True after `--revoke`. */
  revoked: boolean;
  /** The authorised users afterwards. */
  authorizedUsers: Address[];
  transactionHash: Hash;
  blockNumber: string;
};

/** `0g inft authorize <id> <user> [--revoke]`: let someone use the agent without holding it. */
export const inftAuthorizeCommand = defineCommand({
  name: "inft authorize",
  summary: "Authorise a user of an agent (or --revoke)",
  description: [
    "As the holder, authorise <user> to use agent <id> (ERC-7857 authorizeUsage): the user can read its",
    "metadata through the oracle (`0g inft show <id>` with the user's key) but gets no agent key and cannot",
    "transfer it. --revoke takes the authorisation back. A transfer clears every authorisation.",
  ].join("\n"),
  arguments: [
    { name: "<id>", description: "The agent's token id" },
    { name: "<user>", description: "The user's address" },
  ],
  options: {
    ...inftOptions,
    revoke: flag("Revoke the user's authorisation instead"),
    json: jsonOption,
  },
  examples: [
    { description: "Let a devnet account use agent 1", command: "0g inft authorize 1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
    { description: "Take it back", command: "0g inft authorize 1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --revoke" },
  ],
  async run({ options, positionals, io }) {
    const command = "inft authorize";
    const tokenId = parseTokenId(positionals[0], command);
    const user = parseAddress(positionals[1], "<user>", command);
    const { wallet, contracts } = await inftTarget(options, io, command);
    const nft = agentNftOf(contracts);
    const sent = options.revoke ? await wallet.revokeAuthorization({ tokenId, user, ...nft }) : await wallet.authorizeUsage({ tokenId, user, ...nft });
    const report: InftAuthorizeReport = {
      tokenId: tokenId.toString(),
      user,
      revoked: options.revoke,
      authorizedUsers: await wallet.getAuthorizedUsers({ tokenId, ...nft }),
      transactionHash: sent.transactionHash,
      blockNumber: sent.blockNumber.toString(),
    };
    if (options.json) return void writeJson(io.stdout, report);
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const users = report.authorizedUsers.length === 0 ? "nobody" : report.authorizedUsers.join(", ");
    io.stdout.write(
      `${options.revoke ? `Revoked ${user}'s use of agent #${tokenId}` : `Authorised ${user} to use agent #${tokenId}`}  ${style.dim(report.transactionHash)}\n  Authorised now: ${users}\n`,
    );
  },
});
