import type { BaseError } from "../errors/base.js";
import { InvalidParameterError } from "../errors/general.js";
import { RequestAbortedError } from "../errors/transport.js";
import { isHttpUrl, splitCredentials } from "../utils/url.js";
import { dispatch, type DispatchOptions, type PendingRequest } from "./dispatch.js";
import { isObject, serializeRequest } from "./json.js";
import type {
  CreateRpcClientParameters,
  RpcBatchResult,
  RpcClient,
  RpcParams,
  RpcRequestArguments,
  RpcRequestErrorType,
  RpcRequestOptions,
  RpcSchema,
} from "./types.js";

type Settings = { timeout: number; retryCount: number; largeStrings: number | undefined };
type Group = Settings & { requests: PendingRequest[] };

/**
 * Creates a JSON-RPC 2.0 over HTTP client for 0G's non-EVM endpoints (storage nodes `zgs_*`, the
 * indexer `indexer_*`, KV `kv_*`, the devnet). Requests issued in the same synchronous run are sent as one batch,
 * each attempt has a timeout, and network errors, HTTP 408/429/5xx, timeouts and rate-limit answers
 * are retried with capped exponential backoff (honouring `Retry-After`). JSON-RPC errors are never
 * retried: they reject with `RpcResponseError`.
 *
 * @example
 * import { createRpcClient } from "@0g/core";
 *
 * type NodeSchema = [{ Method: "zgs_getShardConfig"; Parameters?: []; ReturnType: { shardId: number; numShard: number } }];
 * const node = createRpcClient<NodeSchema>({ url: "http://127.0.0.1:5678", timeout: 10_000 });
 * const { numShard } = await node.request({ method: "zgs_getShardConfig" });
 */
export function createRpcClient<const schema extends RpcSchema | undefined = undefined>(
  parameters: CreateRpcClientParameters,
): RpcClient<schema> {
  const { headers = {}, idStart = 1 } = parameters;
  if (!isHttpUrl(parameters.url)) {
    throw new InvalidParameterError({ name: "url", value: parameters.url, expected: "an http(s) URL" });
  }
  const { url, authorization } = splitCredentials(parameters.url);
  const timeout = checkNumber("timeout", parameters.timeout ?? 30_000, 1);
  const retryCount = checkInteger("retryCount", parameters.retryCount ?? 3);
  const retryDelay = checkNumber("retryDelay", parameters.retryDelay ?? 150, 0);
  const maxRetryDelay = checkNumber("maxRetryDelay", parameters.maxRetryDelay ?? 10_000, 0);
  const batchConfig = typeof parameters.batch === "object" ? parameters.batch : {};
  const batching = parameters.batch !== false;
  const batchSize = checkInteger("batch.batchSize", batchConfig.batchSize ?? 100, 1);
  const wait = checkNumber("batch.wait", batchConfig.wait ?? 0, 0);
  if (typeof idStart !== "bigint" && !Number.isSafeInteger(idStart)) {
    throw new InvalidParameterError({ name: "idStart", value: idStart, expected: "an integer or a bigint" });
  }
  const fetchFn = parameters.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  const allHeaders = { ...(authorization === undefined ? {} : { authorization }), ...headers };
  const base = { url, headers: allHeaders, fetchFn, retryDelay, maxRetryDelay };

  let nextId = BigInt(idStart);
  const queue = new Map<string, Group>();
  /** A flush is scheduled: a microtask when `wait` is 0 (no timer tick added to every call), else a timer. */
  let scheduled = false;

  function settingsOf(options: RpcRequestOptions | undefined): Settings {
    return {
      timeout: options?.timeout === undefined ? timeout : checkNumber("timeout", options.timeout, 1),
      retryCount: options?.retryCount === undefined ? retryCount : checkInteger("retryCount", options.retryCount),
      largeStrings: options?.largeStrings === undefined ? undefined : checkInteger("largeStrings", options.largeStrings, 1),
    };
  }

  function send(requests: PendingRequest[], settings: Settings, batch: boolean) {
    const live = requests.filter((r) => !r.settled);
    for (let i = 0; i < live.length; i += batchSize) {
      const options: DispatchOptions = { ...base, ...settings, batch };
      void dispatch(live.slice(i, i + batchSize), options);
    }
  }

  function flush() {
    scheduled = false;
    const groups = [...queue.values()];
    queue.clear();
    for (const group of groups) send(group.requests, group, false);
  }

  function enqueue(request: PendingRequest, settings: Settings) {
    const key = `${settings.timeout}|${settings.retryCount}|${settings.largeStrings}`;
    const group = queue.get(key) ?? { ...settings, requests: [] };
    group.requests.push(request);
    queue.set(key, group);
    if (scheduled) return;
    scheduled = true;
    if (wait === 0) queueMicrotask(flush);
    else setTimeout(flush, wait);
  }

  function createPending(
    args: unknown,
    signal: AbortSignal | undefined,
    resolve: (result: unknown) => void,
    reject: (error: BaseError) => void,
  ): PendingRequest | undefined {
    const { method, params } = checkArguments(args);
    const id = nextId++;
    const json = serializeRequest({ id, method, params });
    let settled = false;
    const onAbort = () => request.reject(new RequestAbortedError({ url, method, cause: signal?.reason }));
    const finish = () => {
      settled = true;
      signal?.removeEventListener("abort", onAbort);
    };
    const request: PendingRequest = {
      id,
      method,
      json,
      signal,
      get settled() {
        return settled;
      },
      resolve(result) {
        if (settled) return;
        finish();
        resolve(result);
      },
      reject(error) {
        if (settled) return;
        finish();
        reject(error);
      },
    };
    if (signal?.aborted) {
      onAbort();
      return undefined;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    return request;
  }

  function request(args: unknown, options?: RpcRequestOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const settings = settingsOf(options);
      const pending = createPending(args, options?.signal, resolve, reject);
      if (pending === undefined) return;
      if (batching) enqueue(pending, settings);
      else send([pending], settings, false);
    });
  }

  async function requestBatch(requests: readonly unknown[], options?: RpcRequestOptions): Promise<RpcBatchResult[]> {
    if (!Array.isArray(requests)) {
      throw new InvalidParameterError({ name: "requests", value: requests, expected: "an array of { method, params }" });
    }
    const settings = settingsOf(options);
    const pending: PendingRequest[] = [];
    const results = requests.map(
      (args) =>
        new Promise<RpcBatchResult>((resolve) => {
          const fail = (error: BaseError) => resolve({ status: "failure", error: error as RpcRequestErrorType });
          try {
            const entry = createPending(args, options?.signal, (result) => resolve({ status: "success", result }), fail);
            if (entry) pending.push(entry);
          } catch (error) {
            fail(error as InvalidParameterError);
          }
        }),
    );
    send(pending, settings, true);
    return Promise.all(results);
  }

  return { url, request, requestBatch } as unknown as RpcClient<schema>;
}

function checkArguments(args: unknown): { method: string; params: RpcParams | undefined } {
  if (!isObject(args) || typeof args.method !== "string" || args.method === "") {
    throw new InvalidParameterError({ name: "method", value: isObject(args) ? args.method : args, expected: "a non-empty string" });
  }
  const { params } = args as RpcRequestArguments;
  if (params !== undefined && !Array.isArray(params) && !isObject(params)) {
    throw new InvalidParameterError({ name: "params", value: params, expected: "an array, an object, or undefined" });
  }
  return { method: args.method, params };
}

function checkNumber(name: string, value: number, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new InvalidParameterError({ name, value, expected: `a finite number >= ${min}` });
  }
  return value;
}

function checkInteger(name: string, value: number, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidParameterError({ name, value, expected: `an integer >= ${min}` });
  }
  return value;
}
