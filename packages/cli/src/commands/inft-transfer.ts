import type { AccessProof } from "@0g/inft";
import type { Address, Hash, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { defineCommand, type Command } from "../command.js";
import { privateKeyProblem } from "../connection.js";
import { InftAccessProofMissingError, UsageError } from "../errors.js";
import { table } from "../format.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { option, text } from "../options.js";
import { jsonOption } from "./shared.js";
import { readAccessProofFile } from "./inft-access-proof.js";
import { agentNftOf, devnetKeyOf, inftOptions, inftTarget, parseAddress, parseTokenId } from "./inft-shared.js";

/** What `0g inft transfer --json` and `0g inft clone --json` print. */
export type InftMoveReport = {
  /** The token the receiver holds now: the same id after a transfer, the new one after a clone. */
  tokenId: string;
  /** The token moved or cloned. */
  from: { tokenId: string; holder: Address };
  to: Address;
  /** The new agent operator: the rotated agent key's address (the old key no longer acts for the agent). */
  operator: Address;
  account: Address;
  /** The re-encrypted metadata's 0G Storage roots. */
  dataHashes: Hex[];
  transactionHash: Hash;
  blockNumber: string;
  /** Where the receiver's access proof came from. */
  accessProof: "file" | "receiver key" | "devnet account";
};

function moveCommand(kind: "transfer" | "clone"): Command {
  const command = `inft ${kind}`;
  const clone = kind === "clone";
  return defineCommand({
    name: command,
    summary: clone ? "Clone an agent for a receiver: a new token, re-encrypted with its own agent key" : "Transfer an agent: re-encrypted for the receiver, agent key rotated",
    description: [
      clone
        ? "Mint a copy of agent <id> for <to> (ERC-7857 iCloneFrom): the oracle re-encrypts its metadata for the"
        : "Transfer agent <id> to <to> (ERC-7857 iTransferFrom): the oracle re-encrypts its metadata for the",
      clone
        ? "receiver with a new agent key, stores it on 0G Storage and signs the proof the contract checks. Your"
        : "receiver with a rotated agent key, stores it on 0G Storage and signs the proof the contract checks;",
      clone
        ? "token, its data and its key stay as they are."
        : "the token's account then follows the receiver and your copy of the old key no longer acts for it.",
      "The receiver's access proof comes from --access-proof (its `0g inft access-proof` output), from",
      "--receiver-key, or on a devnet from <to>'s own key when <to> is one of the devnet's accounts.",
      "Every check runs before the transaction: a failure leaves the token and its metadata as they were.",
    ].join("\n"),
    arguments: [
      { name: "<id>", description: "The agent's token id" },
      { name: "<to>", description: "The receiver's address" },
    ],
    options: {
      ...inftOptions,
      accessProof: option({ description: "The receiver's access proof: a file from `0g inft access-proof` (- for stdin)", valueName: "<file>", parse: text() }),
      receiverKey: option({ description: "The receiver's private key, to sign its access proof here", valueName: "<hex>", parse: text() }),
      json: jsonOption,
    },
    examples: [
      { description: "To another devnet account (its key signs the access proof)", command: `0g inft ${kind} 1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8` },
      { description: "With the receiver's access proof", command: `0g inft ${kind} 1 0xB0b... --access-proof proof.json` },
    ],
    validate(options) {
      if (options.accessProof !== undefined && options.receiverKey !== undefined)
        throw new UsageError("Give the receiver's access proof or its key, not both.", { command });
    },
    async run({ options, positionals, io }) {
      const tokenId = parseTokenId(positionals[0], command);
      const to = parseAddress(positionals[1], "<to>", command);
      const receiverKey = options.receiverKey === undefined ? undefined : parseReceiverKey(options.receiverKey, command);
      const { wallet, contracts, connection } = await inftTarget(options, io, command);

      let accessProofs: AccessProof[] | undefined;
      let receiver: ReturnType<typeof privateKeyToAccount> | undefined;
      let source: InftMoveReport["accessProof"];
      if (options.accessProof !== undefined) {
        // The file must be for this contract: resolved (and the token checked) by reading the agent.
        const { agentNft } = await wallet.getAgent({ tokenId, ...agentNftOf(contracts) });
        ({ accessProofs } = await readAccessProofFile(options.accessProof, { chainId: connection.chain.id, agentNft, tokenId }));
        source = "file";
      } else if (receiverKey !== undefined) {
        receiver = privateKeyToAccount(receiverKey);
        if (receiver.address !== to) throw new UsageError(`--receiver-key is the key of ${receiver.address}, not of <to> ${to}.`, { command });
        source = "receiver key";
      } else {
        const devnetKey = devnetKeyOf(connection, to);
        if (devnetKey === undefined) throw new InftAccessProofMissingError({ receiver: to, tokenId, command });
        receiver = privateKeyToAccount(devnetKey.key);
        source = "devnet account";
      }

      const parameters = { ...contracts, tokenId, to, ...(accessProofs === undefined ? {} : { accessProofs }), ...(receiver === undefined ? {} : { receiver }) };
      const moved = clone ? await wallet.cloneAgent(parameters) : await wallet.transferAgent(parameters);
      const report: InftMoveReport = {
        tokenId: moved.tokenId.toString(),
        from: { tokenId: tokenId.toString(), holder: moved.from },
        to: moved.to,
        operator: moved.operator,
        account: moved.account,
        dataHashes: moved.dataHashes,
        transactionHash: moved.transactionHash,
        blockNumber: moved.blockNumber.toString(),
        accessProof: source,
      };
      if (options.json) return void writeJson(io.stdout, report);

      const style = createStyle(colorEnabled(io.stdout, io.env));
      const head = clone
        ? `Cloned agent #${tokenId} for ${to}: the clone is ${style.bold(`#${report.tokenId}`)}`
        : `Transferred agent ${style.bold(`#${tokenId}`)} to ${to}`;
      const rows = [
        ["New operator", `${report.operator} (a new agent key, sealed to ${to})`],
        ["Agent account", report.account],
        ...report.dataHashes.map((hash, i) => [i === 0 ? "Data" : "", hash]),
      ];
      io.stdout.write(`${head}  ${style.dim(report.transactionHash)}\n${table(rows).map((l) => `  ${l}`).join("\n")}\n`);
    },
  });
}

/** `--receiver-key`: 32 bytes of hex, a valid secp256k1 secret (never printed). */
function parseReceiverKey(value: string, command: string): Hex {
  const problem = privateKeyProblem(value.trim());
  if (problem !== undefined) throw new UsageError(`Invalid --receiver-key: ${problem} (the value is not shown).`, { command });
  return `0x${value.trim().replace(/^0x/i, "").toLowerCase()}`;
}

/** `0g inft transfer <id> <to>`. */
export const inftTransferCommand: Command = moveCommand("transfer");

/** `0g inft clone <id> <to>`. */
export const inftCloneCommand: Command = moveCommand("clone");
