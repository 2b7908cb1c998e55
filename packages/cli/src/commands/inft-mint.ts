import { readFile } from "node:fs/promises";
import type { Address, Hash, Hex } from "viem";
import { defineCommand } from "../command.js";
import { InvalidAgentFileError, UsageError } from "../errors.js";
import { table } from "../format.js";
import { colorEnabled, createStyle, readStdin, writeJson } from "../io.js";
import { flag, option, text } from "../options.js";
import { jsonOption } from "./shared.js";
import { inftOptions, inftTarget, parseAddress } from "./inft-shared.js";

/** What `0g inft mint --json` prints; the storage fee in neuron (decimal string). */
export type InftMintReport = {
  tokenId: string;
  holder: Address;
  /** The agent's own account (ERC-6551 style), bound to the token. */
  account: Address;
  /** The agent key's address: the operator of the account. */
  operator: Address;
  /** The encrypted metadata's 0G Storage root. */
  dataHash: Hex;
  transactionHash: Hash;
  blockNumber: string;
  storage: { transactionHash: Hash | null; fee: string };
  /** Only with --reveal-key: the agent's private key (also inside the encrypted metadata). */
  agentKey?: Hex;
};

/** `0g inft mint <agent.json>`: encrypt an agent, store it on 0G Storage, mint its INFT. */
export const inftMintCommand = defineCommand({
  name: "inft mint",
  summary: "Mint an agent: encrypt its metadata, store it on 0G Storage, mint the INFT",
  description: [
    "Read the agent (a JSON object: name, model, prompt, memory pointers, ...) from <agent.json> (- for",
    "standard input), generate its agent key, encrypt both under a fresh data key (AES-256-GCM) sealed to",
    "your key and to the oracle's, upload the envelope to 0G Storage and mint the token with the agent",
    "key as the operator of the agent's own account. Only the holder can read it: `0g inft show <id>`.",
  ].join("\n"),
  arguments: [{ name: "<agent.json>", description: "The agent's metadata: a JSON file, or - for stdin" }],
  options: {
    ...inftOptions,
    to: option({ description: "Mint to this address instead (its public key is needed: --public-key)", valueName: "<address>", parse: text({ expected: "a 0x address" }) }),
    publicKey: option({ description: "The receiver's secp256k1 public key, with --to", valueName: "<hex>", parse: text({ expected: "a 0x public key" }) }),
    description: option({ description: "The public description stored on chain beside the data hash", valueName: "<text>", parse: text() }),
    revealKey: flag("Also print the generated agent key (it is in the encrypted metadata either way)"),
    json: jsonOption,
  },
  examples: [
    { description: "Mint an agent on the local devnet", command: "0g inft mint agent.json" },
    { description: "From standard input, as JSON", command: `echo '{"name":"Ada","prompt":"You are Ada."}' | 0g inft mint - --json` },
  ],
  async run({ options, positionals, io }) {
    const command = "inft mint";
    const data = await readAgentFile(positionals[0], command);
    const to = options.to === undefined ? undefined : parseAddress(options.to, "--to", command);
    const { wallet, contracts } = await inftTarget(options, io, command);
    const minted = await wallet.mintAgent({
      ...contracts,
      data,
      ...(to === undefined ? {} : { to }),
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey as Hex }),
      ...(options.description === undefined ? {} : { description: options.description }),
    });
    const report: InftMintReport = {
      tokenId: minted.tokenId.toString(),
      holder: to ?? wallet.account.address,
      account: minted.account,
      operator: minted.operator,
      dataHash: minted.dataHash,
      transactionHash: minted.transactionHash,
      blockNumber: minted.blockNumber.toString(),
      storage: { transactionHash: minted.storage.txHash ?? null, fee: minted.storage.fee.toString() },
      ...(options.revealKey ? { agentKey: minted.agentKey } : {}),
    };
    if (options.json) return void writeJson(io.stdout, report);

    const style = createStyle(colorEnabled(io.stdout, io.env));
    const rows = [
      ["Holder", report.holder],
      ["Agent account", report.account],
      ["Operator", `${report.operator} (the agent key)`],
      ["Data hash", report.dataHash],
      ...(report.agentKey === undefined ? [] : [["Agent key", report.agentKey]]),
    ];
    io.stdout.write(
      `Minted agent ${style.bold(`#${report.tokenId}`)}  ${style.dim(report.transactionHash)}\n${table(rows).map((l) => `  ${l}`).join("\n")}\n`,
    );
  },
});

/** Reads and parses `<agent.json>`: a JSON object, from a file or standard input. */
async function readAgentFile(path: string | undefined, command: string): Promise<Record<string, unknown>> {
  if (path === undefined || path === "")
    throw new UsageError("Missing argument <agent.json>.", { command, details: 'A JSON file with the agent\'s metadata, e.g. {"name":"Ada","prompt":"You are Ada."}, or - for stdin.' });
  let bytes: Uint8Array;
  try {
    bytes = path === "-" ? await readStdin() : new Uint8Array(await readFile(path));
  } catch (error) {
    throw new InvalidAgentFileError({ file: path, reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).` });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InvalidAgentFileError({ file: path, reason: `not UTF-8 JSON (${(error as Error).message}).` });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidAgentFileError({ file: path, reason: `expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}.` });
  return value as Record<string, unknown>;
}
