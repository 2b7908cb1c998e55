import { BaseError, describeErrors } from "@0g/core";

/**
 * Bad usage of the `0g` command: an unknown command or option, a missing or malformed value. The CLI
 * prints its message with a hint to the command's help and exits with code 2.
 */
export class UsageError extends BaseError {
  static override readonly code: number = 8000;
  static override readonly description: string = "The command line is malformed; the message says what to change.";
  override name = "UsageError";
  /** The command whose usage was wrong (`undefined` for the top level), for the `--help` hint. */
  readonly command: string | undefined;

  constructor(
    shortMessage: string,
    { code = UsageError.code, command, details }: { code?: number; command?: string | undefined; details?: string | undefined },
  ) {
    super(shortMessage, { code, ...(details === undefined ? {} : { details }) });
    this.command = command;
  }

  /** The line that points to the help: "Run `0g devnet --help` for usage." */
  get hint(): string {
    return this.command === undefined ? "Run `0g --help` for usage." : `Run \`0g ${this.command} --help\` for usage.`;
  }
}

/** `0g <command>` with a command that does not exist. */
export class UnknownCommandError extends UsageError {
  static override readonly code = 8001;
  static override readonly description = "The first argument of `0g` is not one of its commands (`0g --help` lists them).";
  override name = "UnknownCommandError";
  readonly unknownCommand: string;

  constructor({ command, suggestion }: { command: string; suggestion?: string | undefined }) {
    super(`Unknown command "${command}".${suggestion ? ` Did you mean "${suggestion}"?` : ""}`, {
      code: UnknownCommandError.code,
    });
    this.unknownCommand = command;
  }
}

/** An option the command does not declare. */
export class UnknownOptionError extends UsageError {
  static override readonly code = 8002;
  static override readonly description = "An option that the command does not have (`0g <command> --help` lists them).";
  override name = "UnknownOptionError";
  /** The option as written, e.g. `--prot`. */
  readonly option: string;

  constructor({ option, command, suggestion }: { option: string; command?: string | undefined; suggestion?: string | undefined }) {
    const where = command === undefined ? "" : ` for \`0g ${command}\``;
    super(`Unknown option ${option}${where}.${suggestion ? ` Did you mean ${suggestion}?` : ""}`, {
      code: UnknownOptionError.code,
      command,
    });
    this.option = option;
  }
}

/** An option that takes a value was given none. */
export class MissingOptionValueError extends UsageError {
  static override readonly code = 8003;
  static override readonly description = "An option that takes a value (`--port <port>`) was given without one.";
  override name = "MissingOptionValueError";
  readonly option: string;

  constructor({ option, valueName, command }: { option: string; valueName: string; command: string }) {
    super(`Option ${option} needs a value: ${option} ${valueName}.`, { code: MissingOptionValueError.code, command });
    this.option = option;
  }
}

/** An option's value is malformed or out of range. */
export class InvalidOptionValueError extends UsageError {
  static override readonly code = 8004;
  static override readonly description = "An option's value is malformed or out of range (`--port abc`, `--port 70000`).";
  override name = "InvalidOptionValueError";
  readonly option: string;

  constructor({
    option,
    value,
    expected,
    reason,
    command,
    details,
  }: {
    option: string;
    /** The value as given; left out for secrets, which are never echoed. */
    value?: string | undefined;
    /** What a valid value looks like ("an integer from 0 to 65535"). */
    expected?: string | undefined;
    /** Why the value was rejected, when `expected` does not say it ("Unknown hardfork"). */
    reason?: string | undefined;
    command: string | undefined;
    details?: string | undefined;
  }) {
    const why = reason ?? `expected ${expected ?? "another value"}${value === undefined ? "" : `, got ${quote(value)}`}.`;
    super(`Invalid value for ${option}: ${why}`, { code: InvalidOptionValueError.code, command, details });
    this.option = option;
  }
}

/** Two options that cannot be used together. */
export class ConflictingOptionsError extends UsageError {
  static override readonly code = 8005;
  static override readonly description = "Two options that exclude each other were both given (`--network` and `--rpc`).";
  override name = "ConflictingOptionsError";
  readonly options: readonly [string, string];

  constructor({ options, command }: { options: readonly [string, string]; command: string | undefined }) {
    super(`Options ${options[0]} and ${options[1]} cannot be used together.`, { code: ConflictingOptionsError.code, command });
    this.options = options;
  }
}

/** A positional argument that the command does not take. */
export class UnexpectedArgumentError extends UsageError {
  static override readonly code = 8006;
  static override readonly description = "A positional argument that the command does not take.";
  override name = "UnexpectedArgumentError";
  readonly argument: string;

  constructor({ argument, command }: { argument: string; command: string | undefined }) {
    super(`Unexpected argument ${quote(argument)}${command === undefined ? "" : ` for \`0g ${command}\``}.`, {
      code: UnexpectedArgumentError.code,
      command,
    });
    this.argument = argument;
  }
}

/** `--key` or `ZG_PRIVATE_KEY` is not a 32-byte hex private key. The key itself is never printed. */
export class InvalidPrivateKeyError extends UsageError {
  static override readonly code = 8007;
  static override readonly description =
    "`--key` or the `ZG_PRIVATE_KEY` environment variable is not a valid 32-byte hex private key (64 hex digits, 0x optional).";
  override name = "InvalidPrivateKeyError";
  /** Where the key came from: `--key` or `ZG_PRIVATE_KEY`. */
  readonly source: string;

  constructor({ source, reason, command }: { source: string; reason: string; command?: string | undefined }) {
    super(`Invalid private key in ${source}: ${reason}`, {
      code: InvalidPrivateKeyError.code,
      command,
      details: "Expected 32 bytes as 64 hex digits, with or without 0x. The value is not shown, to keep it secret.",
    });
    this.source = source;
  }
}

/** A command that signs transactions ran without a key on a network that has no default account. */
export class MissingPrivateKeyError extends BaseError {
  static override readonly code = 8100;
  static override readonly description =
    "The command signs a transaction but no key was given: pass `--key <hex>` or set `ZG_PRIVATE_KEY` (a devnet uses its first account by default).";
  override name = "MissingPrivateKeyError";

  constructor({ network }: { network: string }) {
    super(`A private key is needed to sign on ${network}.`, {
      code: MissingPrivateKeyError.code,
      details: "Pass --key <hex> or set the ZG_PRIVATE_KEY environment variable (it keeps the key out of your shell history).",
    });
  }
}

/** The RPC URL (given or the default devnet's) did not answer. */
export class RpcUnreachableError extends BaseError {
  static override readonly code = 8101;
  static override readonly description =
    "The RPC URL did not answer JSON-RPC (nothing listening, a timeout, or not a JSON-RPC server). For the default devnet, start one with `0g devnet`.";
  override name = "RpcUnreachableError";
  readonly url: string;

  constructor({ url, hint, cause }: { url: string; hint?: string | undefined; cause?: unknown }) {
    super(`No JSON-RPC server answered at ${url}.`, {
      code: RpcUnreachableError.code,
      cause,
      ...(hint === undefined ? {} : { details: hint }),
    });
    this.url = url;
  }
}

/** `0g kv get` of a key that has no value (never written, or deleted) at the version asked. */
export class KvKeyNotFoundError extends BaseError {
  static override readonly code = 8102;
  static override readonly description = "The KV stream has no value for the key (never written, or deleted) at the version asked.";
  override name = "KvKeyNotFoundError";
  constructor({ streamId, key, version }: { streamId: string; key: string; version?: number | undefined }) {
    super(`No value for key ${quote(key)} in stream ${streamId}${version === undefined ? "" : ` at version ${version}`}.`, {
      code: KvKeyNotFoundError.code,
      details: "The key was never written, or was deleted (an empty value). `0g kv ls <stream>` lists the keys that have values.",
    });
  }
}

// ---------------------------------------------------------------------------------------------
// `0g compute` (8200-8299)

/** `<provider>` / `--provider` is neither an address nor the index of a listed service. */
export class UnknownComputeProviderError extends UsageError {
  static override readonly code = 8200;
  static override readonly description =
    "`<provider>` / `--provider` is neither a 0x address nor the index of a service that `0g compute services` lists (0, 1, ...).";
  override name = "UnknownComputeProviderError";
  /** The value as given. */
  readonly provider: string;

  constructor({ provider, count, type, command }: { provider: string; count?: number | undefined; type: "inference" | "fine-tuning"; command: string }) {
    const list = type === "inference" ? "0g compute services" : "0g compute services --type fine-tuning";
    super(
      count === undefined
        ? `Invalid provider ${quote(provider)}: expected a 0x address or a service index (0, 1, ...).`
        : `No ${type} provider #${provider}: ${count === 0 ? "none is registered" : `${count} ${count === 1 ? "is" : "are"} registered (indexes 0 to ${count - 1})`}.`,
      { code: UnknownComputeProviderError.code, command, details: `\`${list}\` lists them with their indexes.` },
    );
    this.provider = provider;
  }
}

/** Why a provider cannot be paid: no sub-account, too little in it, or (for --auto-fund) too little in the ledger. */
export type ComputeNotFundedReason = "no-sub-account" | "low-balance" | "ledger";

/** A chat or fine-tuning task with a provider the account has not funded (enough). */
export class ComputeNotFundedError extends BaseError {
  static override readonly code = 8201;
  static override readonly description =
    "The account has no funds with the provider (no sub-account, or too little in it; with --auto-fund, too little in the compute ledger). The message gives the `0g compute fund` command that fixes it.";
  override name = "ComputeNotFundedError";
  readonly provider: string;
  readonly reason: ComputeNotFundedReason;
  /** The command that funds it, e.g. `0g compute fund 2 --provider 0x…`. */
  readonly fix: string;

  constructor({
    provider,
    reason,
    service = "inference",
    available,
    cause,
  }: {
    provider: string;
    reason: ComputeNotFundedReason;
    service?: "inference" | "fine-tuning" | undefined;
    /** 0G available (sub-account or ledger), as text, when known. */
    available?: string | undefined;
    cause?: unknown;
  }) {
    const serviceFlag = service === "fine-tuning" ? " --service fine-tuning" : "";
    const fix = reason === "ledger" ? "0g compute fund 5" : `0g compute fund 2 --provider ${provider}${serviceFlag}`;
    const message =
      reason === "no-sub-account"
        ? `No funds with provider ${provider}: this account has no ${service} sub-account with it.`
        : reason === "low-balance"
          ? `Not enough funds with provider ${provider}${available === undefined ? "" : `: its sub-account has ${available} available`}.`
          : `Cannot top up provider ${provider}: the compute ledger ${available === undefined ? "does not exist" : `has only ${available} available`}.`;
    const details =
      reason === "ledger"
        ? `Deposit into the ledger first: \`${fix}\` (a new ledger needs at least 3 0G), then run the command again.`
        : `Fund it: \`${fix}\` (moved from your compute ledger, which is opened with 3 0G if you have none)${
            service === "inference" ? ", or pass --auto-fund to top it up from the ledger as needed" : ""
          }.${reason === "low-balance" && service === "inference" ? " Providers keep 1 0G locked on top of the fees." : ""}`;
    super(message, { code: ComputeNotFundedError.code, details, ...(cause === undefined ? {} : { cause }) });
    this.provider = provider;
    this.reason = reason;
    this.fix = fix;
  }
}

/** `0g compute fund <amount>` would open a ledger with less than the contract's 3 0G minimum. */
export class ComputeLedgerMinimumError extends BaseError {
  static override readonly code = 8202;
  static override readonly description = "A new compute ledger must be opened with at least 3 0G (the LedgerManager's minimum): `0g compute fund 3`.";
  override name = "ComputeLedgerMinimumError";
  constructor({ amount }: { amount: string }) {
    super(`A new compute ledger needs at least 3 0G; ${amount} is not enough to open one.`, {
      code: ComputeLedgerMinimumError.code,
      details: "This account has no compute ledger yet. Open it with `0g compute fund 3` (or more); later deposits may be any amount.",
    });
  }
}

/** A fine-tuning task id that no fine-tuning provider knows (when `--provider` is not given). */
export class FineTuningTaskUnknownError extends BaseError {
  static override readonly code = 8203;
  static override readonly description =
    "No fine-tuning provider knows the task id for this account: check the id (and the account), or pass --provider.";
  override name = "FineTuningTaskUnknownError";
  readonly taskId: string;
  constructor({ taskId, providers }: { taskId: string; providers: number }) {
    super(`No fine-tuning provider knows task ${quote(taskId)} of this account.`, {
      code: FineTuningTaskUnknownError.code,
      details: `Asked ${providers} provider${providers === 1 ? "" : "s"}. Tasks belong to the account that created them (--key or ZG_PRIVATE_KEY); pass --provider to ask one provider.`,
    });
    this.taskId = taskId;
  }
}

/** `0g compute finetune download` of a model the account has not acknowledged yet. */
export class FineTunedModelNotAcknowledgedError extends BaseError {
  static override readonly code = 8204;
  static override readonly description =
    "The fine-tuned model is delivered but not acknowledged: `0g compute finetune ack <taskId>` first; the provider then settles and publishes the model key.";
  override name = "FineTunedModelNotAcknowledgedError";
  readonly taskId: string;
  constructor({ taskId }: { taskId: string }) {
    super(`The model of task ${taskId} is not acknowledged yet, so its key is not published.`, {
      code: FineTunedModelNotAcknowledgedError.code,
      details: `Acknowledge it on chain with \`0g compute finetune ack ${taskId}\` (you accept the delivery and its fee); the provider then settles and publishes the model key sealed to your account.`,
    });
    this.taskId = taskId;
  }
}

/** `0g inft transfer|clone` to a receiver whose access proof is neither given nor signable here. */
export class InftAccessProofMissingError extends BaseError {
  static override readonly code = 8300;
  static override readonly description =
    "A transfer or clone needs the receiver's access proof: the receiver runs `0g inft access-proof <id>` and you pass its output with --access-proof.";
  override name = "InftAccessProofMissingError";
  readonly receiver: string;
  constructor({ receiver, tokenId, command }: { receiver: string; tokenId: bigint; command: string }) {
    super(`No access proof from ${receiver}: the oracle re-encrypts the agent only for a receiver who asked for it.`, {
      code: InftAccessProofMissingError.code,
      details: [
        `The receiver runs \`0g inft access-proof ${tokenId} --out proof.json\` (with its own key) and sends you proof.json;`,
        `then \`0g ${command} ${tokenId} ${receiver} --access-proof proof.json\`. With the receiver's key at hand, --receiver-key signs it here.`,
      ].join("\n"),
    });
    this.receiver = receiver;
  }
}

/** An access-proof file that cannot be read, is not one, or is for another token, contract or chain. */
export class InvalidAccessProofFileError extends BaseError {
  static override readonly code = 8301;
  static override readonly description =
    "The --access-proof file is unreadable, is not what `0g inft access-proof` writes, or is for another token, contract or chain.";
  override name = "InvalidAccessProofFileError";
  readonly file: string;
  constructor({ file, reason }: { file: string; reason: string }) {
    super(`Invalid access proof ${quote(file)}: ${reason}`, { code: InvalidAccessProofFileError.code });
    this.file = file;
  }
}

/** `0g inft mint <agent.json>` with a file that cannot be read or is not a JSON object. */
export class InvalidAgentFileError extends BaseError {
  static override readonly code = 8302;
  static override readonly description = "The agent file of `0g inft mint` is unreadable or not a JSON object (the agent's name, model, prompt, ...).";
  override name = "InvalidAgentFileError";
  readonly file: string;
  constructor({ file, reason }: { file: string; reason: string }) {
    super(`Invalid agent file ${quote(file)}: ${reason}`, {
      code: InvalidAgentFileError.code,
      details: 'An agent is a JSON object, e.g. {"name":"Ada","model":"qwen-2.5-7b","prompt":"You are Ada."}; it is encrypted before it leaves this machine.',
    });
    this.file = file;
  }
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** Every error class of @0g/cli with its code and description, for the docs' Errors page. */
export const cliErrors = /*#__PURE__*/ describeErrors([
  UsageError,
  UnknownCommandError,
  UnknownOptionError,
  MissingOptionValueError,
  InvalidOptionValueError,
  ConflictingOptionsError,
  UnexpectedArgumentError,
  InvalidPrivateKeyError,
  MissingPrivateKeyError,
  RpcUnreachableError,
  KvKeyNotFoundError,
  UnknownComputeProviderError,
  ComputeNotFundedError,
  ComputeLedgerMinimumError,
  FineTuningTaskUnknownError,
  FineTunedModelNotAcknowledgedError,
  InftAccessProofMissingError,
  InvalidAccessProofFileError,
  InvalidAgentFileError,
]);
