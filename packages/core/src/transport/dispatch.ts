import { BaseError } from "../errors/base.js";
import { MalformedResponseError, RpcResponseError } from "../errors/transport.js";
import { attemptHttp, type ErrorFactory } from "./http.js";
import { type EntryOutcome, matchResponses } from "./match.js";
import { backoffDelay, rateLimitRpcCodes, sleep } from "./retry.js";
import { joinRequests, type RequestBody } from "./json.js";
import type { RpcFetchFn } from "./types.js";

/** A request waiting for its answer. `settle` is idempotent: the first call wins. */
export type PendingRequest = {
  readonly id: bigint;
  readonly method: string;
  /** The serialized request object (UTF-8 bytes when its params hold `RawJson` values). */
  readonly json: RequestBody;
  readonly signal: AbortSignal | undefined;
  readonly settled: boolean;
  resolve(result: unknown): void;
  reject(error: BaseError): void;
};

export type DispatchOptions = {
  url: string;
  headers: Record<string, string>;
  fetchFn: RpcFetchFn;
  timeout: number;
  retryCount: number;
  retryDelay: number;
  maxRetryDelay: number;
  /** Send a JSON array even for a single request. */
  batch: boolean;
  /** See `RpcRequestOptions.largeStrings`. */
  largeStrings?: number | undefined;
};

/**
 * Sends `requests` in one HTTP request and settles each of them, retrying what is worth retrying:
 * the whole HTTP request on network errors, HTTP 408/429/5xx and timeouts; single entries that came
 * back rate-limited. JSON-RPC errors are answers and settle their request at once. Never throws.
 */
export async function dispatch(requests: readonly PendingRequest[], options: DispatchOptions): Promise<void> {
  try {
    await run(requests, options);
  } catch (error) {
    const wrapped = error instanceof BaseError ? error : new BaseError("The request failed unexpectedly.", { cause: error });
    for (const request of requests) request.reject(wrapped);
  }
}

async function run(requests: readonly PendingRequest[], options: DispatchOptions): Promise<void> {
  const { url, retryCount, retryDelay, maxRetryDelay } = options;
  let pending = requests.filter((r) => !r.settled);
  for (let attempt = 0; pending.length > 0; attempt++) {
    const lastAttempt = attempt >= retryCount;
    const everyoneAborted = abortedWhenAllSettled(pending);
    try {
      const result = await attemptHttp({
        url,
        body: options.batch || pending.length > 1 ? joinRequests(pending.map((r) => r.json)) : (pending[0]?.json ?? ""),
        headers: options.headers,
        fetchFn: options.fetchFn,
        timeout: options.timeout,
        signal: everyoneAborted.signal,
        largeStrings: options.largeStrings,
      });
      if (result.type === "aborted") return;
      if (result.type === "fail") return rejectAll(pending, result.error);
      const { retryAfter } = result;
      if (result.type === "retry") {
        if (lastAttempt) return rejectAll(pending, result.error);
      } else {
        const outcomes = matchResponses(
          pending.map((r) => r.id),
          result.parsed,
          options.batch || pending.length > 1,
        );
        const again: PendingRequest[] = [];
        for (const request of pending) {
          const outcome = outcomes.get(request.id);
          if (outcome?.type === "error" && rateLimitRpcCodes.has(outcome.error.code) && !lastAttempt) again.push(request);
          else settle(request, outcome, url, result.text);
        }
        if (again.length === 0) return;
        pending = again;
      }
      const delay = retryAfter === undefined ? backoffDelay(attempt, retryDelay, maxRetryDelay) : Math.min(retryAfter, maxRetryDelay);
      await sleep(delay, everyoneAborted.signal);
      pending = pending.filter((r) => !r.settled);
    } finally {
      everyoneAborted.dispose();
    }
  }
}

function settle(request: PendingRequest, outcome: EntryOutcome | undefined, url: string, body: string): void {
  const { method } = request;
  if (outcome === undefined) {
    request.reject(new MalformedResponseError({ url, method, reason: `No response for request id ${request.id}.`, body }));
  } else if (outcome.type === "result") {
    request.resolve(outcome.result);
  } else if (outcome.type === "error") {
    request.reject(new RpcResponseError({ url, method, error: outcome.error }));
  } else {
    request.reject(new MalformedResponseError({ url, method, reason: outcome.reason, body }));
  }
}

function rejectAll(requests: readonly PendingRequest[], error: ErrorFactory): void {
  for (const request of requests) if (!request.settled) request.reject(error(request.method));
}

/**
 * A signal that aborts once every request has been settled (each caller's abort settles its own
 * request), so a shared HTTP request is only cancelled when nobody waits for it any more.
 */
function abortedWhenAllSettled(requests: readonly PendingRequest[]) {
  const controller = new AbortController();
  const check = () => {
    if (requests.every((r) => r.settled)) controller.abort();
  };
  const signals = requests.flatMap((r) => (r.signal ? [r.signal] : []));
  for (const signal of signals) signal.addEventListener("abort", check);
  // Listeners run in registration order; the request's own abort listener was added first.
  check();
  return {
    signal: controller.signal,
    dispose: () => {
      for (const signal of signals) signal.removeEventListener("abort", check);
    },
  };
}
