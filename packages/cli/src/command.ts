import { parseArgs } from "node:util";
import { InvalidOptionValueError, MissingOptionValueError, UnexpectedArgumentError, UnknownOptionError } from "./errors.js";
import type { CliIo } from "./io.js";
import { toFlagName, type OptionSpec, type OptionSpecs, type OptionValues } from "./options.js";
import { closest } from "./suggest.js";

/** What a command's `run` receives. */
export type CommandContext<V> = {
  /** The parsed and validated options. */
  readonly options: V;
  /** Positional arguments, for commands that declare `arguments`. */
  readonly positionals: readonly string[];
  readonly io: CliIo;
};

/** A positional argument a command takes, for its usage line and help. */
export type ArgumentSpec = { readonly name: string; readonly description: string; readonly optional?: boolean };

export type Example = { readonly command: string; readonly description: string };

export type CommandDefinition<O extends OptionSpecs> = {
  /** The word after `0g`. */
  readonly name: string;
  /** One line for `0g --help`. */
  readonly summary: string;
  /** Paragraphs shown under the usage line of `0g <name> --help` (defaults to the summary). */
  readonly description?: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options: O;
  readonly examples?: readonly Example[];
  /** Checks that involve several options (conflicts); throw a `UsageError` to reject. */
  readonly validate?: (options: OptionValues<O>) => void;
  /** Runs the command; resolves with the exit code (0 when it returns nothing). Throw kit errors. */
  readonly run: (context: CommandContext<OptionValues<O>>) => Promise<number | void>;
};

/** What parsing a command line gives: a request for help, or the values to run with. */
export type ParsedCommandLine<V> =
  | { readonly help: true }
  | { readonly help: false; readonly options: V; readonly positionals: readonly string[] };

/** A command with its types erased, so commands with different options fit in one list. */
export type Command = {
  readonly name: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly arguments: readonly ArgumentSpec[];
  readonly options: OptionSpecs;
  readonly examples: readonly Example[];
  /** Parses and validates `argv` (the words after the command name); throws a `UsageError`. */
  parse(argv: readonly string[]): ParsedCommandLine<unknown>;
  /** Runs with options that `parse` returned. */
  execute(parsed: { options: unknown; positionals: readonly string[] }, io: CliIo): Promise<number>;
  /** The text of `0g <name> --help`. */
  help(): string;
};

/** The option every command has. */
const helpSpec = { type: "boolean", short: "h" } as const;

/**
 * Declares a command: its options (each with a type, description, default and value parser), and
 * the function that runs it. Parsing is `node:util` `parseArgs` plus strict checks that name the
 * offending option in a typed {@link UsageError}; `--help` text is generated from the declarations.
 *
 * @example
 * const hello = defineCommand({
 *   name: "hello",
 *   summary: "Say hello",
 *   options: { name: option({ description: "Who to greet", valueName: "<name>", parse: text(), default: "world" }) },
 *   run: async ({ options, io }) => void io.stdout.write(`hello ${options.name}\n`),
 * });
 */
export function defineCommand<const O extends OptionSpecs>(definition: CommandDefinition<O>): Command {
  const command: Command = {
    name: definition.name,
    summary: definition.summary,
    description: definition.description,
    arguments: definition.arguments ?? [],
    options: definition.options,
    examples: definition.examples ?? [],
    parse(argv) {
      const parsed = parseCommandLine(definition.name, definition.options, argv, {
        maxPositionals: definition.arguments?.length ?? 0,
      });
      if (!parsed.help) definition.validate?.(parsed.options);
      return parsed;
    },
    async execute(parsed, io) {
      const code = await definition.run({
        options: parsed.options as OptionValues<O>,
        positionals: parsed.positionals,
        io,
      });
      return code ?? 0;
    },
    help: () => formatCommandHelp(command),
  };
  return command;
}

/**
 * Parses the words after a command name against its options. `parseArgs` tokenizes (long and short
 * options, `--opt=value`, `--` ends options); this function then applies the strict rules itself so
 * that each failure names its option: unknown options (with a suggestion), flags given a value,
 * options missing their value, positionals the command does not take, and values their parser
 * rejects. A value that looks like a negative number (`--chain-id -1`) is taken as the value, so the
 * parser can say why it is wrong. `--help`/`-h` anywhere before `--` wins over every error.
 */
export function parseCommandLine<O extends OptionSpecs>(
  commandName: string,
  specs: O,
  argv: readonly string[],
  { maxPositionals = 0 }: { maxPositionals?: number } = {},
): ParsedCommandLine<OptionValues<O>> {
  const byFlag = new Map<string, { key: string; spec: OptionSpec<unknown> }>();
  const config: Record<string, { type: "boolean" | "string"; short?: string }> = { help: { ...helpSpec } };
  for (const [key, spec] of Object.entries(specs)) {
    const flagName = toFlagName(key);
    byFlag.set(flagName, { key, spec });
    config[flagName] = { type: spec.kind === "flag" ? "boolean" : "string", ...(spec.short ? { short: spec.short } : {}) };
  }
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });

  let terminated = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") terminated = true;
    if (!terminated && token.kind === "option" && token.name === "help") return { help: true };
  }

  const raw = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      if (positionals.length >= maxPositionals) throw new UnexpectedArgumentError({ argument: token.value, command: commandName });
      positionals.push(token.value);
      continue;
    }
    const entry = byFlag.get(token.name);
    if (!entry) {
      const known = [...byFlag.keys(), "help"].map((f) => `--${f}`);
      const suggestion = token.rawName.startsWith("--") ? closest(token.rawName, known) : undefined;
      throw new UnknownOptionError({ option: token.rawName, command: commandName, suggestion });
    }
    const flagText = `--${token.name}`;
    if (entry.spec.kind === "flag") {
      if (token.value !== undefined)
        throw new InvalidOptionValueError({ option: flagText, expected: "no value (it is a flag)", value: token.value, command: commandName });
      raw.set(entry.key, true);
      continue;
    }
    // parseArgs (non-strict) takes the next word as the value even when it is another option.
    if (token.value === undefined || (!token.inlineValue && looksLikeOption(token.value)))
      throw new MissingOptionValueError({ option: flagText, valueName: entry.spec.valueName, command: commandName });
    raw.set(entry.key, token.value);
  }

  const options: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const given = raw.get(key);
    const result = spec.read(given);
    if (!result.ok)
      throw new InvalidOptionValueError({
        option: `--${toFlagName(key)}`,
        expected: result.expected,
        value: typeof given === "string" ? given : undefined,
        command: commandName,
      });
    options[key] = result.value;
  }
  return { help: false, options: options as OptionValues<O>, positionals };
}

/** `--json`, `-x`: the start of another option rather than a value. `-1` and `-` are values. */
function looksLikeOption(value: string): boolean {
  return value.startsWith("--") || /^-[^\d.]/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Help

/** `--port <port>`, `-p, --port <port>`: the left column of an option in help. */
export function optionSignature(key: string, spec: OptionSpec<unknown>): string {
  const long = `--${toFlagName(key)}${spec.kind === "value" ? ` ${spec.valueName}` : ""}`;
  return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

/** Formats rows as two aligned columns, wrapping nothing (descriptions are kept short). */
export function twoColumns(rows: readonly (readonly [string, string])[], indent = 2, gap = 2): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${" ".repeat(indent)}${left.padEnd(width + gap)}${right}`.trimEnd());
}

/** The text of `0g <command> --help`: usage, description, arguments, options with defaults, examples. */
export function formatCommandHelp(command: Command): string {
  const args = command.arguments.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(" ");
  const lines = [`Usage: 0g ${command.name}${args ? ` ${args}` : ""} [options]`, "", command.description ?? command.summary];
  if (command.arguments.length > 0) {
    lines.push("", "Arguments:", ...twoColumns(command.arguments.map((a) => [a.name, a.description])));
  }
  const rows: [string, string][] = Object.entries(command.options).map(([key, spec]) => [
    optionSignature(key, spec),
    spec.defaultLabel === undefined ? spec.description : `${spec.description} (default: ${spec.defaultLabel})`,
  ]);
  rows.push(["-h, --help", "Show this help"]);
  lines.push("", "Options:", ...twoColumns(rows));
  if (command.examples.length > 0) {
    lines.push("", "Examples:");
    for (const example of command.examples) lines.push(`  # ${example.description}`, `  ${example.command}`);
  }
  return `${lines.join("\n")}\n`;
}
