import type { Command } from "../command.js";
import { defineCommandGroup } from "../group.js";
import { inftAccessProofCommand } from "./inft-access-proof.js";
import { inftAuthorizeCommand } from "./inft-authorize.js";
import { inftMintCommand } from "./inft-mint.js";
import { inftShowCommand } from "./inft-show.js";
import { inftCloneCommand, inftTransferCommand } from "./inft-transfer.js";

/** The subcommands of `0g inft`, in the order its help lists them. */
export const inftCommands: readonly Command[] = [
  inftMintCommand,
  inftShowCommand,
  inftAccessProofCommand,
  inftTransferCommand,
  inftCloneCommand,
  inftAuthorizeCommand,
];

/** `0g inft <command>`: intelligent NFTs (ERC-7857). */
export const inftCommand: Command = defineCommandGroup({
  name: "inft",
  summary: "Mint, show, transfer and clone agents as intelligent NFTs (ERC-7857)",
  description: [
    "Intelligent NFTs: an agent's metadata and its own private key, encrypted on 0G Storage and readable only",
    "by the token's holder. A transfer or clone goes through a re-encryption oracle and rotates the agent key,",
    "so a previous holder's copy stops working. Your signing key (--key, ZG_PRIVATE_KEY, or the devnet's first",
    "account) is also your encryption key.",
  ].join("\n"),
  commands: inftCommands,
  examples: [
    { description: "Mint an agent, then transfer it to the devnet's second account", command: "0g inft mint agent.json && 0g inft transfer 0 0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
    { description: "Read it as the new holder", command: "0g inft show 0 --key 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  ],
});
