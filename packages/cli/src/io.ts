/** Where a command writes: `process.stdout`/`process.stderr`, or a collector in tests. */
export type OutputStream = {
  write(chunk: string): unknown;
  /** True for a terminal: enables colours (stdout) and the updating progress line (stderr). */
  readonly isTTY?: boolean | undefined;
  /** Terminal width, when known. */
  readonly columns?: number | undefined;
};

/** The world a command runs in; {@link run} fills in the process's own for anything left out. */
export type CliIo = {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Ends long-running commands (`0g devnet`): when it aborts they stop and return 0. Without one they
   * listen for SIGINT and SIGTERM themselves, for as long as they run.
   */
  readonly signal?: AbortSignal | undefined;
};

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Colours for a stream: on only when it is a terminal and `NO_COLOR` is unset or empty
 * (https://no-color.org); `FORCE_COLOR` (non-empty, not `0`) turns them on anywhere.
 */
export function colorEnabled(stream: OutputStream, env: CliIo["env"]): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

/** Text styles; each is the identity when colours are off. */
export type Style = {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
};

export function createStyle(enabled: boolean): Style {
  const sgr = (open: number, close: number) => (text: string) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** Writes one JSON value as one line; bigints become decimal strings. */
export function writeJson(stream: OutputStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}\n`);
}

/** Removes ANSI colour codes (to measure or compare styled text). */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/** Everything on the process's standard input (for `@-` and `-` arguments). */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
  return new Uint8Array(Buffer.concat(chunks));
}
