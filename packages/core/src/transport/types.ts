import type { InvalidParameterError } from "../errors/general.js";
import type {
  HttpRequestError,
  MalformedResponseError,
  RequestAbortedError,
  RpcResponseError,
  TimeoutError,
} from "../errors/transport.js";

/**
 * Describes the methods a JSON-RPC server offers, one entry per method, like viem's `RpcSchema`:
 *
 * ```ts
 * type StorageNodeSchema = [
 *   { Method: "zgs_getStatus"; Parameters?: []; ReturnType: Status },
 *   { Method: "zgs_getFileInfo"; Parameters: [root: Hex, needAvailable: boolean]; ReturnType: FileInfo | null },
 * ];
 * ```
 *
 * `params` may be left out of a request when `Parameters` is absent, optional, or `[]`.
 */
export type RpcSchema = readonly {
  Method: string;
  Parameters?: unknown;
  ReturnType: unknown;
}[];

/** JSON-RPC 2.0 `params`: by position or by name. */
export type RpcParams = readonly unknown[] | { readonly [key: string]: unknown };

/** The method names of a schema (any string without one). */
export type RpcMethod<schema extends RpcSchema | undefined = undefined> = schema extends RpcSchema
  ? schema[number]["Method"]
  : string;

type SchemaEntry<schema extends RpcSchema, method> = Extract<schema[number], { Method: method }>;
type EntryParameters<entry> = entry extends { Parameters: infer parameters } ? parameters : undefined;
type ParamsAreOptional<parameters> = [parameters] extends [undefined]
  ? true
  : [] extends parameters
    ? true
    : undefined extends parameters
      ? true
      : false;

type EntryArguments<entry> = entry extends { Method: infer method extends string }
  ? ParamsAreOptional<EntryParameters<entry>> extends true
    ? { method: method; params?: Exclude<EntryParameters<entry>, undefined> | undefined }
    : { method: method; params: EntryParameters<entry> }
  : never;

/** The `{ method, params }` of a request; with a schema, a union over its methods. */
export type RpcRequestArguments<schema extends RpcSchema | undefined = undefined> = schema extends RpcSchema
  ? EntryArguments<schema[number]>
  : { method: string; params?: RpcParams | undefined };

/** What a method returns according to the schema (`unknown` without one). */
export type RpcReturnType<schema extends RpcSchema | undefined, method> = schema extends RpcSchema
  ? SchemaEntry<schema, method>["ReturnType"]
  : unknown;

/** Per-call overrides of the client's settings. */
export type RpcRequestOptions = {
  /** Aborts the request; it then rejects with `RequestAbortedError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds per attempt before it is aborted (`TimeoutError`); defaults to the client's. */
  timeout?: number | undefined;
  /** Retries after the first attempt; defaults to the client's. */
  retryCount?: number | undefined;
  /**
   * String values of the result at least this many bytes long (and without escapes) come back as
   * `Uint8Array` views of their raw JSON text instead of strings: the response is read as bytes and
   * they never become JS strings. For large payloads such as storage segments (base64, ~350 KB each),
   * which as strings would sit in V8's large-object space until a full collection. Other strings
   * are unchanged. Off by default.
   */
  largeStrings?: number | undefined;
};

/** Every error `request` can reject with. */
export type RpcRequestErrorType =
  | HttpRequestError
  | TimeoutError
  | RpcResponseError
  | MalformedResponseError
  | RequestAbortedError
  | InvalidParameterError;

/** One answer of `requestBatch`: a result or the error of that request alone. */
export type RpcBatchResult<result = unknown> =
  | { status: "success"; result: result; error?: undefined }
  | { status: "failure"; error: RpcRequestErrorType; result?: undefined };

/** `client.request`: sends one request (coalesced into a batch with others when batching is on). */
export type RpcRequestFn<schema extends RpcSchema | undefined = undefined> = schema extends RpcSchema
  ? <const args extends RpcRequestArguments<schema>>(
      args: args,
      options?: RpcRequestOptions,
    ) => Promise<RpcReturnType<schema, args["method"]>>
  : <result = unknown>(args: RpcRequestArguments, options?: RpcRequestOptions) => Promise<result>;

/** `client.requestBatch`: sends the requests as JSON-RPC batches and settles each one on its own. */
export type RpcRequestBatchFn<schema extends RpcSchema | undefined = undefined> = schema extends RpcSchema
  ? <const requests extends readonly RpcRequestArguments<schema>[]>(
      requests: requests,
      options?: RpcRequestOptions,
    ) => Promise<{
      -readonly [index in keyof requests]: RpcBatchResult<RpcReturnType<schema, requests[index]["method"]>>;
    }>
  : <result = unknown>(
      requests: readonly RpcRequestArguments[],
      options?: RpcRequestOptions,
    ) => Promise<RpcBatchResult<result>[]>;

/** The `fetch` the client calls; `globalThis.fetch` by default. */
export type RpcFetchFn = (url: string, init: RequestInit) => Promise<Response>;

export type RpcBatchOptions = {
  /** Most requests in one HTTP request; larger batches are split. Defaults to 100. */
  batchSize?: number | undefined;
  /**
   * Milliseconds to wait for more requests before sending. 0 (the default) coalesces the requests
   * made in the same synchronous run (`Promise.all([...])`) without adding a timer tick to each call.
   */
  wait?: number | undefined;
};

export type CreateRpcClientParameters = {
  /** The http(s) URL of the JSON-RPC endpoint. Credentials in it (`user:pass@`) are sent as HTTP Basic auth. */
  url: string;
  /** Milliseconds per attempt before it is aborted. Defaults to 30_000. */
  timeout?: number | undefined;
  /** Retries after the first attempt, on network errors, HTTP 408/429/5xx, timeouts and rate limits. Defaults to 3. */
  retryCount?: number | undefined;
  /** Base of the exponential backoff in milliseconds (`retryDelay * 2^n`, with jitter). Defaults to 150. */
  retryDelay?: number | undefined;
  /** Cap on any wait between attempts, `Retry-After` included. Defaults to 10_000. */
  maxRetryDelay?: number | undefined;
  /** Coalesces requests issued in the same tick into JSON-RPC batches. On by default; `false` turns it off. */
  batch?: boolean | RpcBatchOptions | undefined;
  /** Extra HTTP headers (e.g. an API key). Their values never appear in errors. */
  headers?: Record<string, string> | undefined;
  /** A custom `fetch`. */
  fetch?: RpcFetchFn | undefined;
  /** The first request id; ids count up from it and may exceed 2^53. Defaults to 1. */
  idStart?: number | bigint | undefined;
};

/** A JSON-RPC 2.0 over HTTP client. */
export type RpcClient<schema extends RpcSchema | undefined = undefined> = {
  /** The endpoint URL, without credentials. */
  readonly url: string;
  request: RpcRequestFn<schema>;
  requestBatch: RpcRequestBatchFn<schema>;
};
