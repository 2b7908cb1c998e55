import { describe, expect, it } from "vitest";
import { defineCommand, formatCommandHelp, parseCommandLine } from "./command.js";
import {
  ConflictingOptionsError,
  InvalidOptionValueError,
  MissingOptionValueError,
  UnexpectedArgumentError,
  UnknownOptionError,
  UsageError,
} from "./errors.js";
import { decimalAmount, flag, httpUrl, integer, oneOf, option, positiveNumber, text } from "./options.js";
import { memoryIo } from "../test/helpers.js";

const specs = {
  host: option({ description: "Interface", valueName: "<host>", parse: text(), default: "127.0.0.1" }),
  port: option({ description: "Port", valueName: "<port>", short: "p", parse: integer({ min: 0, max: 65535 }), default: 8545 }),
  chainId: option({ description: "Chain id", valueName: "<id>", parse: integer({ min: 1, max: 2 ** 53 - 1, expected: "a positive integer" }) }),
  mode: option({ description: "Mode", valueName: "<mode>", parse: oneOf(["fast", "slow"]) }),
  noMining: flag("Manual mining"),
  json: flag("JSON"),
};
const parse = (argv: string[], maxPositionals = 0) => parseCommandLine("demo", specs, argv, { maxPositionals });
const usageError = (argv: string[]) => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
};

describe("parseCommandLine", () => {
  it("gives typed values with defaults", () => {
    expect(parse([])).toEqual({
      help: false,
      positionals: [],
      options: { host: "127.0.0.1", port: 8545, chainId: undefined, mode: undefined, noMining: false, json: false },
    });
    expect(parse(["--port", "0", "--chain-id=1337", "--mode", "fast", "--no-mining", "--json", "--host", "::1"])).toMatchObject({
      options: { host: "::1", port: 0, chainId: 1337, mode: "fast", noMining: true, json: true },
    });
  });

  it("accepts short aliases, and the last of a repeated option wins", () => {
    expect(parse(["-p", "9000"])).toMatchObject({ options: { port: 9000 } });
    expect(parse(["-p9000"])).toMatchObject({ options: { port: 9000 } });
    expect(parse(["--port", "1", "--port", "2"])).toMatchObject({ options: { port: 2 } });
  });

  it("answers --help and -h before any error", () => {
    expect(parse(["--help"])).toEqual({ help: true });
    expect(parse(["--port", "abc", "-h"])).toEqual({ help: true });
    expect(parse(["--bogus", "--help"])).toEqual({ help: true });
    // After `--` it is an argument, not the option.
    expect(() => parse(["--", "--help"])).toThrow(UnexpectedArgumentError);
  });

  it("rejects unknown options, suggesting the closest", () => {
    const error = usageError(["--prot", "1"]);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error.shortMessage).toBe("Unknown option --prot for `0g demo`. Did you mean --port?");
    expect(error.hint).toBe("Run `0g demo --help` for usage.");
    expect(usageError(["--chainId", "1"]).shortMessage).toContain("Did you mean --chain-id?");
    expect(usageError(["--zzzzzzzz"]).shortMessage).toBe("Unknown option --zzzzzzzz for `0g demo`.");
    expect(usageError(["-x"]).shortMessage).toBe("Unknown option -x for `0g demo`.");
  });

  it("rejects a value option without its value", () => {
    for (const argv of [["--port"], ["--port", "--json"], ["--port", "-x"], ["-p"]]) {
      const error = usageError(argv);
      expect(error).toBeInstanceOf(MissingOptionValueError);
      expect(error.shortMessage).toBe("Option --port needs a value: --port <port>.");
    }
  });

  it("names the option and the expected value when a value is malformed", () => {
    const cases: [string[], string][] = [
      [["--port", "abc"], 'Invalid value for --port: expected an integer from 0 to 65535, got "abc".'],
      [["--port", "70000"], 'Invalid value for --port: expected an integer from 0 to 65535, got "70000".'],
      [["--port", "1.5"], 'Invalid value for --port: expected an integer from 0 to 65535, got "1.5".'],
      [["--port", ""], 'Invalid value for --port: expected an integer from 0 to 65535, got "".'],
      [["--chain-id", "-1"], 'Invalid value for --chain-id: expected a positive integer, got "-1".'],
      [["--chain-id=-1"], 'Invalid value for --chain-id: expected a positive integer, got "-1".'],
      [["--mode", "medium"], 'Invalid value for --mode: expected one of fast, slow, got "medium".'],
      [["--json=yes"], 'Invalid value for --json: expected no value (it is a flag), got "yes".'],
    ];
    for (const [argv, message] of cases) {
      const error = usageError(argv);
      expect(error).toBeInstanceOf(InvalidOptionValueError);
      expect(error.shortMessage).toBe(message);
    }
  });

  it("rejects positionals unless the command takes them; `--` ends the options", () => {
    expect(usageError(["extra"])).toBeInstanceOf(UnexpectedArgumentError);
    expect(usageError(["extra"]).shortMessage).toBe('Unexpected argument "extra" for `0g demo`.');
    expect(parse(["file.txt", "--json"], 1)).toMatchObject({ positionals: ["file.txt"], options: { json: true } });
    expect(parse(["--", "--json"], 1)).toMatchObject({ positionals: ["--json"], options: { json: false } });
    expect(() => parse(["a", "b"], 1)).toThrow(UnexpectedArgumentError);
  });
});

describe("value parsers", () => {
  it("integer", () => {
    const p = integer({ min: 1, max: 10 });
    expect(p("5")).toEqual({ ok: true, value: 5 });
    expect(p(" 7 ")).toEqual({ ok: true, value: 7 });
    for (const bad of ["0", "11", "1e3", "0x5", "abc", "", "99999999999999999999"]) expect(p(bad).ok).toBe(false);
  });

  it("positiveNumber", () => {
    const p = positiveNumber();
    expect(p("0.5")).toEqual({ ok: true, value: 0.5 });
    expect(p(".25")).toEqual({ ok: true, value: 0.25 });
    expect(p("2")).toEqual({ ok: true, value: 2 });
    for (const bad of ["0", "-1", "abc", "1e3", "Infinity", ""]) expect(p(bad).ok).toBe(false);
  });

  it("decimalAmount", () => {
    const p = decimalAmount({ decimals: 18, unit: "0G" });
    expect(p("10000")).toEqual({ ok: true, value: 10_000n * 10n ** 18n });
    expect(p("1.5")).toEqual({ ok: true, value: 15n * 10n ** 17n });
    expect(p(".5")).toEqual({ ok: true, value: 5n * 10n ** 17n });
    expect(p("0")).toEqual({ ok: true, value: 0n });
    expect(p("1_000")).toEqual({ ok: true, value: 1000n * 10n ** 18n });
    expect(p("0.000000000000000001")).toEqual({ ok: true, value: 1n });
    for (const bad of ["-1", "abc", "1e18", "0.0000000000000000001", ""]) expect(p(bad).ok).toBe(false);
  });

  it("oneOf, httpUrl, text", () => {
    expect(oneOf(["a", "b"])("b")).toEqual({ ok: true, value: "b" });
    expect(oneOf(["a", "b"])("c")).toEqual({ ok: false, expected: "one of a, b" });
    expect(httpUrl()("https://evmrpc.0g.ai")).toEqual({ ok: true, value: "https://evmrpc.0g.ai" });
    for (const bad of ["ws://x", "localhost:8545", "", "ftp://x"]) expect(httpUrl()(bad).ok).toBe(false);
    expect(text()("  ").ok).toBe(false);
    expect(text()("x")).toEqual({ ok: true, value: "x" });
  });
});

describe("defineCommand", () => {
  const command = defineCommand({
    name: "demo",
    summary: "A demo",
    description: "Does demo things.",
    arguments: [{ name: "<file>", description: "The file" }],
    options: { port: specs.port, json: specs.json, noMining: specs.noMining, blockTime: option({ description: "Block time", valueName: "<s>", parse: positiveNumber() }) },
    examples: [{ description: "Demo it", command: "0g demo a.txt --port 1" }],
    validate(options) {
      if (options.noMining && options.blockTime !== undefined)
        throw new ConflictingOptionsError({ options: ["--block-time", "--no-mining"], command: "demo" });
    },
    async run({ options, positionals, io }) {
      io.stdout.write(`${positionals[0]} ${options.port} ${options.json}\n`);
      return options.port === 1 ? 3 : undefined;
    },
  });

  it("parses, validates and runs with typed options", async () => {
    const parsed = command.parse(["a.txt", "--port", "1"]);
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    const { io, stdout } = memoryIo();
    expect(await command.execute(parsed, io)).toBe(3);
    expect(stdout.text).toBe("a.txt 1 false\n");
    expect(() => command.parse(["--no-mining", "--block-time", "1"])).toThrow(
      "Options --block-time and --no-mining cannot be used together.",
    );
  });

  it("generates help from the declarations", () => {
    expect(command.help()).toBe(formatCommandHelp(command));
    expect(command.help()).toMatchInlineSnapshot(`
      "Usage: 0g demo <file> [options]

      Does demo things.

      Arguments:
        <file>  The file

      Options:
        -p, --port <port>     Port (default: 8545)
            --json            JSON
            --no-mining       Manual mining
            --block-time <s>  Block time
        -h, --help            Show this help

      Examples:
        # Demo it
        0g demo a.txt --port 1
      "
    `);
  });
});
