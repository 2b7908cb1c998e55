import {
  ProviderAccountNotFoundError,
  ProviderInsufficientBalanceError,
  ProviderRequestError,
  ProviderTokenExpiredError,
  ProviderTokenRevokedError,
  ProviderUnreachableError,
} from "../errors.js";

/** A `fetch` implementation (the global one by default). */
export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Every typed error a provider's error answer maps to. */
export type ProviderErrorType =
  | ProviderRequestError
  | ProviderTokenRevokedError
  | ProviderTokenExpiredError
  | ProviderInsufficientBalanceError
  | ProviderAccountNotFoundError;

export type ProviderFetchOptions = {
  /** Milliseconds to wait for the answer's headers; `0` or undefined: no limit. */
  timeout?: number | undefined;
  fetch?: FetchFn | undefined;
};

/**
 * `fetch` to a provider, its failures typed: no answer (refused, reset, DNS, timeout) rejects with
 * {@link ProviderUnreachableError}; the caller's own abort stays an `AbortError`.
 */
export async function providerFetch(url: string, init: RequestInit = {}, { timeout, fetch: fetchFn }: ProviderFetchOptions = {}): Promise<Response> {
  const fetcher = fetchFn ?? globalThis.fetch;
  const callerSignal = init.signal ?? undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  let signal = callerSignal;
  if (timeout !== undefined && timeout > 0) {
    const controller = new AbortController();
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onAbort();
    else callerSignal?.addEventListener("abort", onAbort, { once: true });
    signal = controller.signal;
  }
  try {
    return await fetcher(url, { ...init, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if (timedOut) throw new ProviderUnreachableError({ url, reason: "timeout", timeout, cause: error });
    if (callerSignal?.aborted) throw error;
    if (isNetworkError(error)) throw new ProviderUnreachableError({ url, reason: "connection", cause: error });
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** fetch's own failure: a `TypeError` ("fetch failed", "Failed to fetch", "NetworkError ..."), not an abort. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket|network/i.test(error.message));
}

/** The error text of a provider's answer: 0G's broker's `{"error": "..."}`, or the body's start. */
export function providerMessage(body: string): string {
  try {
    const json = JSON.parse(body) as unknown;
    if (typeof json === "object" && json !== null) {
      const error = (json as { error?: unknown }).error;
      if (typeof error === "string") return error;
      const message = (error as { message?: unknown } | undefined)?.message ?? (json as { message?: unknown }).message;
      if (typeof message === "string") return message;
    }
  } catch {
    // not JSON
  }
  return body.length > 500 ? `${body.slice(0, 497)}...` : body;
}

/**
 * The typed error of a provider's error answer, read from its message as 0G's broker words it:
 * revoked tokens (a revoked id or an older generation), expired tokens, an insufficient balance, no
 * sub-account; anything else is a {@link ProviderRequestError}. The provider's message is kept.
 */
export function providerError({ url, status, body }: { url: string; status: number; body: string }): ProviderErrorType {
  const message = providerMessage(body);
  const answer = { url, status, providerMessage: message };
  if (status >= 400 && status < 500) {
    if (/revoked|generation/i.test(message)) return new ProviderTokenRevokedError(answer);
    if (/(token|session|key)\b[^.]*\bexpired/i.test(message)) return new ProviderTokenExpiredError(answer);
    if (/insufficient balance/i.test(message)) return new ProviderInsufficientBalanceError(answer);
    if (/no account with provider|account not ?exists?|AccountNotExists/i.test(message)) return new ProviderAccountNotFoundError(answer);
  }
  return new ProviderRequestError(answer);
}

/** Throws the typed error of a non-2xx answer (reading its body); returns 2xx answers. */
export async function okOrThrow(url: string, response: Response): Promise<Response> {
  if (response.ok) return response;
  const body = await response.text().catch(() => "");
  throw providerError({ url, status: response.status, body });
}
