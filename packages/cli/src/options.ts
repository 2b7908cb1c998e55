import { parseUnits } from "viem";

/** What a value parser returns: the value, or what was expected (for the usage error). */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };

/** Turns an option's raw text into a typed value. */
export type ValueParser<T> = (raw: string) => ParseResult<T>;

/**
 * One option of a command: a flag (`--json`) or an option with a value (`--port <port>`). `T` is the
 * type the command receives: `boolean` for flags, the parser's type for values (with `| undefined`
 * when the option has no default).
 */
export type OptionSpec<T> = {
  readonly kind: "flag" | "value";
  readonly description: string;
  /** One-letter alias, e.g. `p` for `-p`. */
  readonly short?: string | undefined;
  /** Placeholder shown in help and errors, e.g. `<port>`. */
  readonly valueName: string;
  /** The default as shown in help (`8545`), if any. */
  readonly defaultLabel?: string | undefined;
  /** Reads the option: `undefined` when absent, `true` for a flag that is present, else the text. */
  readonly read: (raw: string | true | undefined) => ParseResult<T>;
};

/** The options of a command, by camelCase name (`chainId` is `--chain-id`). */
export type OptionSpecs = { readonly [name: string]: OptionSpec<unknown> };

/** The typed values a command receives for its options. */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };

/** A boolean flag, `false` unless given. */
export function flag(description: string, { short }: { short?: string } = {}): OptionSpec<boolean> {
  return { kind: "flag", description, short, valueName: "", read: (raw) => ({ ok: true, value: raw !== undefined }) };
}

type ValueOptionParameters<T> = {
  description: string;
  /** Placeholder, e.g. `<port>`. */
  valueName: string;
  parse: ValueParser<T>;
  short?: string;
  /** How the default shows in help; for options whose default is decided later (`--network`). */
  defaultLabel?: string;
};

/** An option with a value; `undefined` when not given, or its default. */
export function option<T>(parameters: ValueOptionParameters<T>): OptionSpec<T | undefined>;
export function option<T>(parameters: ValueOptionParameters<T> & { default: T }): OptionSpec<T>;
export function option<T>(parameters: ValueOptionParameters<T> & { default?: T }): OptionSpec<T | undefined> {
  const hasDefault = "default" in parameters;
  const fallback = parameters.default;
  return {
    kind: "value",
    description: parameters.description,
    short: parameters.short,
    valueName: parameters.valueName,
    defaultLabel: parameters.defaultLabel ?? (hasDefault ? String(fallback) : undefined),
    read: (raw) => {
      if (raw === undefined) return { ok: true, value: fallback };
      // A value option given without a value is rejected by the parser before it gets here.
      if (raw === true) return { ok: false, expected: `a value ${parameters.valueName}` };
      return parameters.parse(raw);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Value parsers

/** Any non-empty text. */
export function text({ expected = "a non-empty value" }: { expected?: string } = {}): ValueParser<string> {
  return (raw) => (raw.trim() === "" ? { ok: false, expected } : { ok: true, value: raw });
}

/** A decimal integer from `min` to `max`. */
export function integer({ min, max, expected }: { min: number; max: number; expected?: string }): ValueParser<number> {
  const message = expected ?? `an integer from ${min} to ${max}`;
  return (raw) => {
    const trimmed = raw.trim();
    if (!/^-?\d+$/.test(trimmed)) return { ok: false, expected: message };
    const value = Number(trimmed);
    return Number.isSafeInteger(value) && value >= min && value <= max ? { ok: true, value } : { ok: false, expected: message };
  };
}

/** A finite decimal number greater than zero (`0.5`, `2`). */
export function positiveNumber({ expected = "a number greater than 0" }: { expected?: string } = {}): ValueParser<number> {
  return (raw) => {
    const trimmed = raw.trim();
    if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return { ok: false, expected };
    const value = Number(trimmed);
    return Number.isFinite(value) && value > 0 ? { ok: true, value } : { ok: false, expected };
  };
}

/** A non-negative decimal amount with up to `decimals` fraction digits, as base units (`1.5` 0G → wei). */
export function decimalAmount({ decimals, unit }: { decimals: number; unit: string }): ValueParser<bigint> {
  const expected = `a non-negative amount of ${unit} with at most ${decimals} decimals`;
  const pattern = new RegExp(`^(\\d+(\\.\\d{0,${decimals}})?|\\.\\d{1,${decimals}})$`);
  return (raw) => {
    const trimmed = raw.trim().replace(/_/g, "");
    if (!pattern.test(trimmed)) return { ok: false, expected };
    return { ok: true, value: parseUnits(trimmed.startsWith(".") ? `0${trimmed}` : trimmed, decimals) };
  };
}

/** One of a fixed list of names. */
export function oneOf<const T extends string>(choices: readonly T[]): ValueParser<T> {
  const expected = `one of ${choices.join(", ")}`;
  return (raw) => ((choices as readonly string[]).includes(raw) ? { ok: true, value: raw as T } : { ok: false, expected });
}

/** An absolute http(s) URL. */
export function httpUrl(): ValueParser<string> {
  const expected = "an http:// or https:// URL";
  return (raw) => {
    try {
      const { protocol } = new URL(raw);
      return protocol === "http:" || protocol === "https:" ? { ok: true, value: raw } : { ok: false, expected };
    } catch {
      return { ok: false, expected };
    }
  };
}

/** `chainId` → `chain-id`. */
export function toFlagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
