import type { BaseError } from "../errors/base.js";
import { HttpRequestError, MalformedResponseError, TimeoutError } from "../errors/transport.js";
import { type ParsedBody, parseBody, parseBodyBytes, type RequestBody } from "./json.js";
import { isRetryableStatus, parseRetryAfter } from "./retry.js";
import type { RpcFetchFn } from "./types.js";

/** Builds the error of one request (each request's error names its own method). */
export type ErrorFactory = (method: string) => BaseError;

/** What one HTTP attempt produced. */
export type AttemptResult =
  | { type: "body"; parsed: ParsedBody; text: string; retryAfter: number | undefined }
  | { type: "retry"; error: ErrorFactory; retryAfter: number | undefined }
  | { type: "fail"; error: ErrorFactory }
  | { type: "aborted" };

export type AttemptParameters = {
  url: string;
  body: RequestBody;
  headers: Record<string, string>;
  fetchFn: RpcFetchFn;
  timeout: number;
  /** Fires when every request in this HTTP request has been aborted by its caller. */
  signal: AbortSignal;
  /** Read the body as bytes; string values of at least this length under `result` stay bytes (`parseBodyBytes`). */
  largeStrings?: number | undefined;
};

const aborted = Symbol("aborted");

/**
 * Sends one HTTP POST and reads the whole body within `timeout`. Never throws: every outcome is a
 * value, so the caller decides about retries.
 */
export async function attemptHttp({ url, body, headers, fetchFn, timeout, signal, largeStrings }: AttemptParameters): Promise<AttemptResult> {
  if (signal.aborted) return { type: "aborted" };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = () => controller.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  // Settles as soon as the attempt is aborted, even if `fetch` ignores its signal.
  const abortedPromise = new Promise<typeof aborted>((resolve) =>
    controller.signal.addEventListener("abort", () => resolve(aborted), { once: true }),
  );

  try {
    const work = (async () => {
      const response = await fetchFn(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: body as BodyInit,
        signal: controller.signal,
      });
      if (largeStrings === undefined) return { response, text: await response.text() };
      return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
    })();
    work.catch(() => {}); // the race below may leave it behind
    const outcome = await Promise.race([work, abortedPromise]);
    if (outcome === aborted) throw controller.signal.reason;
    if ("text" in outcome) return classify(url, outcome.response, outcome.text);
    const { response, bytes } = outcome;
    if (response.status < 200 || response.status >= 300) return classify(url, response, new TextDecoder().decode(bytes));
    const { parsed, text } = parseBodyBytes(bytes, largeStrings!);
    return classify(url, response, text, parsed);
  } catch (error) {
    if (timedOut) return { type: "retry", error: (method) => new TimeoutError({ url, method, timeout }), retryAfter: undefined };
    if (signal.aborted) return { type: "aborted" };
    // fetch rejects with a TypeError for network failures (refused, reset, DNS).
    return { type: "retry", error: (method) => new HttpRequestError({ url, method, cause: error }), retryAfter: undefined };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

function classify(url: string, response: Response, text: string, parsedBytes?: ParsedBody | undefined): AttemptResult {
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  const { status } = response;
  if (status < 200 || status >= 300) {
    const error: ErrorFactory = (method) => new HttpRequestError({ url, method, status, body: text });
    return isRetryableStatus(status) ? { type: "retry", error, retryAfter } : { type: "fail", error };
  }
  const parsed = parsedBytes ?? parseBody(text);
  if (parsed === undefined) {
    const reason = text.trim() === "" ? "The body is empty." : "The body is not valid JSON.";
    return { type: "fail", error: (method) => new MalformedResponseError({ url, method, reason, body: text }) };
  }
  return { type: "body", parsed, text, retryAfter };
}
