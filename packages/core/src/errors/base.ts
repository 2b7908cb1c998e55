/** Where every error's `docsPath` points; the Errors page lists each code under an anchor `#e<code>`. */
export const docsBaseUrl = "https://0g-devkit.dev";

export type BaseErrorParameters = {
  /** The error that caused this one; kept as `cause` and walked by {@link BaseError.walk}. */
  cause?: unknown;
  /** A longer explanation; defaults to the cause's message. */
  details?: string;
  /** Path on the docs site; defaults to the Errors page entry of this code. */
  docsPath?: string;
  /** Extra lines shown between the short message and the details (URL, method, arguments). */
  metaMessages?: string[];
};

/** What the Errors page and tooling know about an error class without constructing one. */
export type ErrorClass = {
  readonly name: string;
  readonly code: number;
  readonly description: string;
};

/**
 * The one error type of the 0G kit. Every failure a library function can raise is a subclass with
 * a stable numeric `code` (never reused; ranges per package are listed in `codes.ts`), a one-line
 * `shortMessage`, optional `details`, the `cause` chain, and a `docsPath` to its entry in the docs.
 *
 * @example
 * try { await transport.request({ method: "eth_chainId" }) }
 * catch (e) { if (e instanceof BaseError && e.code === TimeoutError.code) retryLater() }
 */
export class BaseError extends Error {
  static readonly code: number = 1000;
  static readonly description: string = "An unexpected error; its cause says what happened.";

  override name = "BaseError";
  readonly code: number;
  readonly shortMessage: string;
  readonly details: string;
  readonly docsPath: string;
  readonly metaMessages: readonly string[];

  constructor(shortMessage: string, parameters: BaseErrorParameters & { code?: number } = {}) {
    const code = parameters.code ?? 1000;
    const details =
      parameters.details ??
      (parameters.cause instanceof BaseError
        ? parameters.cause.details
        : parameters.cause instanceof Error
          ? parameters.cause.message
          : "");
    const docsPath = parameters.docsPath ?? `/errors#e${code}`;
    const metaMessages = parameters.metaMessages ?? [];
    const message = [
      shortMessage || "An error occurred.",
      ...(metaMessages.length > 0 ? ["", ...metaMessages] : []),
      "",
      ...(details && details !== shortMessage ? [`Details: ${details}`] : []),
      `Code: ${code}`,
      `Docs: ${docsBaseUrl}${docsPath}`,
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
    this.docsPath = docsPath;
    this.metaMessages = metaMessages;
  }

  /**
   * Follows the `cause` chain. Without a predicate it returns the deepest error; with one, the first
   * error (this one included) for which it returns true, or `null`.
   */
  walk(): unknown;
  walk(predicate: (error: unknown) => boolean): unknown | null;
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    const seen = new Set<unknown>();
    while (current !== undefined && current !== null && !seen.has(current)) {
      if (predicate?.(current)) return current;
      seen.add(current);
      const next = (current as { cause?: unknown }).cause;
      if (next === undefined || next === null) break;
      current = next;
    }
    return predicate ? null : current;
  }
}

/**
 * True when `error` is a kit error, optionally with the given code.
 *
 * @example
 * import { isBaseError, TimeoutError } from "@0g/core";
 * if (isBaseError(error, TimeoutError.code)) console.log(error.shortMessage);
 */
export function isBaseError(error: unknown, code?: number): error is BaseError {
  return error instanceof BaseError && (code === undefined || error.code === code);
}

/**
 * Describes error classes for the docs and for tooling: name, code and description.
 *
 * @example
 * import { describeErrors, TimeoutError } from "@0g/core";
 * describeErrors([TimeoutError]); // [{ name: "TimeoutError", code: 1102, description: "..." }]
 */
export function describeErrors(classes: readonly ErrorClass[]) {
  return classes.map((c) => ({ name: c.name, code: c.code, description: c.description }));
}
