import { BaseError, docsBaseUrl } from "@0g/core";
import { twoColumns, type Command } from "./command.js";
import { commands as builtinCommands } from "./commands/index.js";
import { UnexpectedArgumentError, UnknownCommandError, UnknownOptionError, UsageError } from "./errors.js";
import { colorEnabled, createStyle, processIo, writeJson, type CliIo } from "./io.js";
import { closest } from "./suggest.js";
import { version } from "./version.js";

/** Exit codes of `0g`. */
export const exitCodes = { success: 0, failure: 1, usage: 2 } as const;

/** What `--json` mode prints on stdout when a command fails. */
export type JsonErrorOutput = {
  error: { code: number; name: string; message: string; details: string; docsUrl: string | null };
};

export type RunOptions = {
  /** The commands to dispatch to. @default the built-in commands */
  commands?: readonly Command[] | undefined;
};

/**
 * Runs the `0g` command line in this process and resolves with its exit code: 0 on success, 1 when
 * the command fails, 2 for bad usage. Output goes to `io` (the process's streams by default); it
 * never calls `process.exit`. Long-running commands (`devnet`) end when `io.signal` aborts, or on
 * SIGINT/SIGTERM when no signal is given.
 *
 * @example
 * import { run } from "@0g/cli";
 * process.exitCode = await run(process.argv.slice(2));
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}, options: RunOptions = {}): Promise<number> {
  const fullIo: CliIo = { ...processIo(), ...io };
  const commands = options.commands ?? builtinCommands;
  try {
    return await dispatch(argv, fullIo, commands);
  } catch (error) {
    return reportError(error, fullIo, wantsJson(argv));
  }
}

async function dispatch(argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(formatMainHelp(commands));
    return exitCodes.usage;
  }
  if (first === "--help" || first === "-h") {
    io.stdout.write(formatMainHelp(commands));
    return exitCodes.success;
  }
  if (first === "--version" || first === "-v" || first === "-V") {
    if (rest.length > 0) throw new UnexpectedArgumentError({ argument: rest[0] as string, command: undefined });
    io.stdout.write(`${version}\n`);
    return exitCodes.success;
  }
  if (first === "help") {
    const [topic, extra] = rest;
    if (extra !== undefined) throw new UnexpectedArgumentError({ argument: extra, command: "help" });
    io.stdout.write(topic === undefined ? formatMainHelp(commands) : findCommand(topic, commands).help());
    return exitCodes.success;
  }
  if (first.startsWith("-")) {
    const suggestion = closest(first, ["--help", "--version"]);
    throw new UnknownOptionError({ option: first, suggestion });
  }
  const command = findCommand(first, commands);
  const parsed = command.parse(rest);
  if (parsed.help) {
    io.stdout.write(command.help());
    return exitCodes.success;
  }
  return command.execute(parsed, io);
}

function findCommand(name: string, commands: readonly Command[]): Command {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  throw new UnknownCommandError({ command: name, suggestion: closest(name, commands.map((c) => c.name)) });
}

/** `--json` among the words before `--`: errors are then printed as JSON on stdout. */
function wantsJson(argv: readonly string[]): boolean {
  for (const word of argv) {
    if (word === "--") return false;
    if (word === "--json" || word.startsWith("--json=")) return true;
  }
  return false;
}

/** The JSON that `--json` mode prints for an error. */
export function errorToJson(error: unknown): JsonErrorOutput {
  if (error instanceof BaseError)
    return {
      error: {
        code: error.code,
        name: error.name,
        message: error.shortMessage,
        details: error.details,
        docsUrl: `${docsBaseUrl}${error.docsPath}`,
      },
    };
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: BaseError.code, name, message, details: "", docsUrl: null } };
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  const code = error instanceof UsageError ? exitCodes.usage : exitCodes.failure;
  if (json) {
    writeJson(io.stdout, errorToJson(error));
    return code;
  }
  const style = createStyle(colorEnabled(io.stderr, io.env));
  const label = style.bold(style.red("Error:"));
  if (error instanceof UsageError) {
    const details = error.details && error.details !== error.shortMessage ? `\n${error.details}` : "";
    io.stderr.write(`${label} ${error.shortMessage}${details}\n${style.dim(error.hint)}\n`);
  } else if (error instanceof Error) {
    const debug = io.env.ZG_DEBUG !== undefined && io.env.ZG_DEBUG !== "" && error.stack ? `\n\n${error.stack}` : "";
    io.stderr.write(`${label} ${error.message}${debug}\n`);
  } else {
    io.stderr.write(`${label} ${String(error)}\n`);
  }
  return code;
}

/** The text of `0g --help`. */
export function formatMainHelp(commands: readonly Command[] = builtinCommands): string {
  const lines = [
    `0g ${version}: the 0G developer kit on the command line`,
    "",
    "Usage: 0g <command> [options]",
    "",
    "Commands:",
    ...twoColumns([...commands.map((c): [string, string] => [c.name, c.summary]), ["help <command>", "Show a command's help"]]),
    "",
    "Options:",
    ...twoColumns([
      ["-h, --help", "Show this help"],
      ["-v, --version", "Print the version"],
    ]),
    "",
    "Run `0g <command> --help` for a command's options.",
    "Exit codes: 0 success, 1 failure, 2 bad usage.",
  ];
  return `${lines.join("\n")}\n`;
}
