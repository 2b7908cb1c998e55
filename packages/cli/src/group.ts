import { twoColumns, type Command, type Example } from "./command.js";
import { UnknownCommandError, UsageError } from "./errors.js";
import { closest } from "./suggest.js";

type GroupOptions = { sub: Command; parsed: { options: unknown; positionals: readonly string[] } | undefined };

export type CommandGroupDefinition = {
  /** The word after `0g` (`storage`, `kv`); subcommands are named `<name> <word>`. */
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  /** The subcommands, in the order the group's help lists them. */
  readonly commands: readonly Command[];
  readonly examples?: readonly Example[];
};

/**
 * A command whose first word picks a subcommand (`0g storage upload …`): `0g <group> --help` lists
 * them, `0g <group> <sub> --help` shows one, and a misspelt subcommand gets a suggestion.
 */
export function defineCommandGroup(definition: CommandGroupDefinition): Command {
  const { name, commands } = definition;
  const words = commands.map((c) => c.name.slice(name.length + 1));
  const list = words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words.join("");
  const group: Command = {
    name,
    summary: definition.summary,
    description: definition.description,
    arguments: [{ name: "<command>", description: words.join(", ") }],
    options: {},
    examples: definition.examples ?? [],
    parse(argv) {
      const [first, ...rest] = argv;
      if (first === "--help" || first === "-h") return { help: true };
      if (first === undefined) throw new UsageError(`Missing a ${name} command: ${list}.`, { command: name });
      const sub = commands.find((c) => c.name === `${name} ${first}`);
      if (!sub) {
        const suggestion = first.startsWith("-") ? undefined : closest(first, words);
        throw new UnknownCommandError({ command: `${name} ${first}`, suggestion: suggestion && `${name} ${suggestion}` });
      }
      const parsed = sub.parse(rest);
      const options: GroupOptions = { sub, parsed: parsed.help ? undefined : parsed };
      return { help: false, options, positionals: [] };
    },
    async execute(parsed, io) {
      const { sub, parsed: inner } = parsed.options as GroupOptions;
      if (!inner) {
        io.stdout.write(sub.help());
        return 0;
      }
      return sub.execute(inner, io);
    },
    help() {
      const lines = [
        `Usage: 0g ${name} <command> [options]`,
        "",
        definition.description ?? definition.summary,
        "",
        "Commands:",
        ...twoColumns(commands.map((c, i): [string, string] => [words[i]!, c.summary])),
        "",
        `Run \`0g ${name} <command> --help\` for a command's options.`,
        ...(group.examples.length === 0 ? [] : ["", "Examples:", ...group.examples.flatMap((e) => [`  # ${e.description}`, `  ${e.command}`])]),
      ];
      return `${lines.join("\n")}\n`;
    },
  };
  return group;
}
