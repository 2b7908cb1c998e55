import type { Command } from "../command.js";
import { defineCommandGroup } from "../group.js";
import { computeBalanceCommand, computeRefundCommand } from "./compute-balance.js";
import { computeChatCommand } from "./compute-chat.js";
import { computeFinetuneCommand } from "./compute-finetune.js";
import { computeFundCommand } from "./compute-fund.js";
import { computeServicesCommand } from "./compute-services.js";

/** The subcommands of `0g compute`, in the order its help lists them. */
export const computeCommands: readonly Command[] = [
  computeServicesCommand,
  computeFundCommand,
  computeBalanceCommand,
  computeChatCommand,
  computeRefundCommand,
  computeFinetuneCommand,
];

/** `0g compute <command>`: 0G Compute inference and fine-tuning. */
export const computeCommand: Command = defineCommandGroup({
  name: "compute",
  summary: "Chat with verified inference providers, fund them, fine-tune models",
  description: [
    "0G Compute: list the providers, fund them from your compute ledger, chat with them (every answer's TEE",
    "signature checked against the provider's signer on chain), get your funds back, and fine-tune models.",
  ].join("\n"),
  commands: computeCommands,
  examples: [
    { description: "Fund the devnet's first provider and chat with it", command: '0g compute fund 2 --provider 0 && 0g compute chat 0 "What is 0G?"' },
    { description: "Where your funds are", command: "0g compute balance" },
  ],
});
