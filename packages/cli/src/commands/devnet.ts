import { isBaseError } from "@0g/core";
import type { CreateDevnetOptions, Devnet, DevnetOptionError, MiningMode } from "@0g/devnet";
import { defineCommand } from "../command.js";
import { ConflictingOptionsError, InvalidOptionValueError } from "../errors.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { decimalAmount, flag, integer, option, positiveNumber, text } from "../options.js";
import { shutdownSignal, untilAborted } from "../signals.js";
import { version } from "../version.js";
import { formatDevnetBanner } from "./devnet-banner.js";
import { jsonOption } from "./shared.js";

/** `DevnetOptionError.code` of @0g/devnet (kept here so the devnet is only loaded to run it). */
const devnetOptionErrorCode = 7001;

/** Which flag sets each `createDevnet`/`serve` option, to name it in usage errors. */
const flagOfDevnetOption: Record<string, string> = {
  chainId: "--chain-id",
  accounts: "--accounts",
  mnemonic: "--mnemonic",
  balance: "--balance",
  hardfork: "--hardfork",
  mining: "--block-time",
  "mining.interval": "--block-time",
  port: "--port",
  host: "--host",
};

/**
 * `0g devnet`: starts an in-process devnet, serves it over HTTP and runs until SIGINT/SIGTERM (or
 * `io.signal`), then stops it and exits 0.
 */
export const devnetCommand = defineCommand({
  name: "devnet",
  summary: "Start a local 0G devnet and serve it until Ctrl+C",
  description: [
    "Start a local 0G devnet (an EVM with prefunded accounts and the 0G system contracts) and serve it",
    "over HTTP JSON-RPC until Ctrl+C. It prints the accounts with their private keys, the mnemonic, the",
    "system contracts and the endpoints; with --json, one line of JSON (what `devnet_info` answers).",
  ].join("\n"),
  options: {
    host: option({ description: "Interface to listen on", valueName: "<host>", parse: text(), default: "127.0.0.1" }),
    port: option({
      description: "Port to listen on; 0 picks a free one",
      valueName: "<port>",
      short: "p",
      parse: integer({ min: 0, max: 65535 }),
      default: 8545,
    }),
    chainId: option({
      description: "Chain id",
      valueName: "<id>",
      parse: integer({ min: 1, max: Number.MAX_SAFE_INTEGER, expected: "a positive integer" }),
      default: 31337,
    }),
    accounts: option({
      description: "Number of prefunded accounts",
      valueName: "<n>",
      short: "a",
      parse: integer({ min: 1, max: 1000 }),
      default: 10,
    }),
    mnemonic: option({
      description: "BIP-39 mnemonic of the accounts",
      valueName: '"<words>"',
      parse: text(),
      defaultLabel: "test test ... junk",
    }),
    balance: option({
      description: "Balance of each account, in 0G",
      valueName: "<0G>",
      parse: decimalAmount({ decimals: 18, unit: "0G" }),
      defaultLabel: "10000",
    }),
    blockTime: option({
      description: "Mine a block every <seconds> (interval mining) instead of one per transaction",
      valueName: "<seconds>",
      short: "b",
      parse: positiveNumber({ expected: "a number of seconds greater than 0" }),
    }),
    noMining: flag("Mine only on request (evm_mine, hardhat_mine)"),
    hardfork: option({ description: "EVM hardfork", valueName: "<name>", parse: text(), default: "cancun" }),
    fineTuning: flag("Also run a fine-tuning provider (for `0g compute finetune`)"),
    json: jsonOption,
  },
  examples: [
    { description: "Start on http://127.0.0.1:8545", command: "0g devnet" },
    { description: "Any free port; read the URL from the JSON line", command: "0g devnet --port 0 --json" },
    { description: "A block every 2 seconds, 3 accounts of 1 0G each", command: "0g devnet --block-time 2 --accounts 3 --balance 1" },
    { description: "With a fine-tuning provider too", command: "0g devnet --fine-tuning" },
  ],
  validate(options) {
    if (options.noMining && options.blockTime !== undefined)
      throw new ConflictingOptionsError({ options: ["--block-time", "--no-mining"], command: "devnet" });
    if (options.blockTime !== undefined && Math.round(options.blockTime * 1000) < 1)
      throw new InvalidOptionValueError({ option: "--block-time", expected: "at least 0.001 seconds", value: String(options.blockTime), command: "devnet" });
  },
  async run({ options, io }) {
    const mining: MiningMode = options.noMining
      ? { mode: "manual" }
      : options.blockTime !== undefined
        ? { mode: "interval", interval: Math.round(options.blockTime * 1000) }
        : { mode: "auto" };
    const devnetOptions: CreateDevnetOptions = {
      chainId: options.chainId,
      accounts: options.accounts,
      hardfork: options.hardfork,
      mining,
      ...(options.mnemonic === undefined ? {} : { mnemonic: options.mnemonic }),
      ...(options.balance === undefined ? {} : { balance: options.balance }),
      ...(options.fineTuning ? { compute: { fineTuning: true } } : {}),
    };

    // Listen for Ctrl+C from the start, so that one pressed during start-up still stops cleanly.
    const owned = io.signal ? undefined : shutdownSignal();
    const signal = io.signal ?? (owned as { signal: AbortSignal }).signal;
    let devnet: Devnet | undefined;
    try {
      const { createDevnet } = await import("@0g/devnet");
      devnet = await createDevnet(devnetOptions).catch((error: unknown) => {
        throw asUsageError(error);
      });
      if (signal.aborted) return 0;
      await devnet.serve({ host: options.host, port: options.port }).catch((error: unknown) => {
        throw asUsageError(error);
      });
      if (signal.aborted) return 0;
      const info = devnet.info();

      if (!isLoopback(options.host))
        io.stderr.write(
          `Warning: listening on ${options.host}, not only on this machine; the devnet's keys are public, so anyone who reaches it can use them.\n`,
        );
      if (options.json) writeJson(io.stdout, info);
      else
        io.stdout.write(
          formatDevnetBanner({
            info,
            hardfork: devnet.hardfork,
            mining: describeMining(mining),
            version,
            style: createStyle(colorEnabled(io.stdout, io.env)),
          }),
        );

      await untilAborted(signal);
      await devnet.stop();
      devnet = undefined;
      if (!options.json) io.stderr.write("Devnet stopped.\n");
      return 0;
    } finally {
      owned?.dispose();
      await devnet?.stop();
    }
  },
});

function describeMining(mining: MiningMode): string {
  if (mining.mode === "auto") return "automatic (a block per transaction)";
  if (mining.mode === "manual") return "manual (evm_mine, hardhat_mine)";
  return `a block every ${mining.interval / 1000} s`;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A `DevnetOptionError` (bad mnemonic, unknown hardfork) is bad usage: name the flag that set it. */
function asUsageError(error: unknown): unknown {
  if (!isBaseError(error, devnetOptionErrorCode)) return error;
  const flagName = flagOfDevnetOption[(error as DevnetOptionError).option];
  if (flagName === undefined) return error;
  return new InvalidOptionValueError({ option: flagName, reason: error.details || error.shortMessage, command: "devnet" });
}
