// The programmatic API of @0g/cli: explicit named exports only (index.test.ts snapshots this list).
// The `0g` executable is src/cli.ts (dist/cli.js); everything it does is `run`.

// Running the command line
export { errorToJson, exitCodes, formatMainHelp, run } from "./run.js";
export type { JsonErrorOutput, RunOptions } from "./run.js";
export { processIo } from "./io.js";
export type { CliIo, OutputStream } from "./io.js";
export { version } from "./version.js";

// Commands
export { commands } from "./commands/index.js";
export { devnetCommand } from "./commands/devnet.js";
export { formatDevnetBanner } from "./commands/devnet-banner.js";
export type { DevnetBannerParameters } from "./commands/devnet-banner.js";
export { formatNetworkReport, networkCommand, networkReport } from "./commands/network.js";
export type { NetworkReport } from "./commands/network.js";
export { jsonOption } from "./commands/shared.js";

// The command framework
export { defineCommand, formatCommandHelp, parseCommandLine } from "./command.js";
export type { ArgumentSpec, Command, CommandContext, CommandDefinition, Example, ParsedCommandLine } from "./command.js";
export { decimalAmount, flag, httpUrl, integer, oneOf, option, positiveNumber, text } from "./options.js";
export type { OptionSpec, OptionSpecs, OptionValues, ParseResult, ValueParser } from "./options.js";

// Network conventions shared by every network command
export {
  connectionOptions,
  networkNames,
  privateKeyEnvVar,
  requireWallet,
  resolveConnection,
  resolvePrivateKey,
} from "./connection.js";
export type { AccountSource, Connection, NetworkName, ResolveConnectionParameters } from "./connection.js";

// Progress output for long commands
export { createProgress, formatBytes, formatDuration } from "./progress.js";
export type { CreateProgressParameters, Progress } from "./progress.js";

// Errors
export {
  cliErrors,
  ConflictingOptionsError,
  InvalidOptionValueError,
  InvalidPrivateKeyError,
  MissingOptionValueError,
  MissingPrivateKeyError,
  RpcUnreachableError,
  UnexpectedArgumentError,
  UnknownCommandError,
  UnknownOptionError,
  UsageError,
} from "./errors.js";
