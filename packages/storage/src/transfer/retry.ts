import { HttpRequestError, isBaseError, MalformedResponseError, RpcResponseError, TimeoutError } from "@0g/core";

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The text of a node's JSON-RPC error: message and data (the node puts the reason in `data`). */
export function rpcErrorText(error: unknown): string | undefined {
  if (!isBaseError(error, RpcResponseError.code)) return undefined;
  const { message, data } = (error as RpcResponseError).rpcError;
  return typeof data === "string" ? `${message}: ${data}` : message;
}

/** `already uploaded and finalized`: the node has the whole file; 0G's SDKs count it as success. */
export function isAlreadyFinalized(error: unknown): boolean {
  return rpcErrorText(error)?.includes("already uploaded and finalized") === true;
}

/** Transport failures (no answer, 5xx, timeouts, garbage) and the node's chunk-pool back-pressure. */
export function isRetryable(error: unknown): boolean {
  if (isBaseError(error, HttpRequestError.code) || isBaseError(error, TimeoutError.code) || isBaseError(error, MalformedResponseError.code))
    return true;
  const text = rpcErrorText(error);
  return text !== undefined && /too many data writing|being uploaded/.test(text);
}

export type RetryOptions = {
  /** Attempts after the first. @default 4 */
  count?: number | undefined;
  /** First backoff in milliseconds, doubled each attempt (with jitter), capped at 5 s. @default 250 */
  delay?: number | undefined;
};

/** Runs `fn`, retrying retryable failures with exponential backoff. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  { count = 4, delay = 250 }: RetryOptions,
  signal: AbortSignal | undefined,
  retryable: (error: unknown) => boolean = isRetryable,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      if (attempt >= count || !retryable(error) || signal?.aborted) throw error;
      const wait = Math.min(5000, delay * 2 ** attempt);
      await sleep(wait / 2 + Math.random() * (wait / 2), signal);
    }
  }
}

/**
 * Calls `check` until it returns a value other than `undefined`, backing off from 25 ms to
 * `maxInterval`. Resolves `undefined` after `timeout` ms.
 */
export async function poll<T>(
  check: () => Promise<T | undefined>,
  { timeout, maxInterval = 1000, signal }: { timeout: number; maxInterval?: number; signal: AbortSignal | undefined },
): Promise<T | undefined> {
  const deadline = Date.now() + timeout;
  let interval = 25;
  for (;;) {
    signal?.throwIfAborted();
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
    interval = Math.min(maxInterval, interval * 2);
  }
}

/** Runs `tasks` with at most `limit` in flight; resolves when all have settled. */
export async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts (the work itself goes on). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
