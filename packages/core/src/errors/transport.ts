import { formatValue, truncate } from "../utils/text.js";
import { redactUrl } from "../utils/url.js";
import { BaseError } from "./base.js";

/** Where a failed JSON-RPC request went. Header values are never part of an error. */
export type RequestContext = {
  /** The endpoint; credentials in the URL (`user:pass@`) are removed. */
  url: string;
  /** The JSON-RPC method of the failed request. */
  method: string;
};

function contextLines({ url, method }: RequestContext): string[] {
  return [`URL: ${redactUrl(url)}`, `Method: ${method}`];
}

/**
 * The HTTP request failed: the server answered with a non-2xx status, or no answer arrived at all
 * (connection refused, DNS failure, reset). `status` is set when there was an answer.
 */
export class HttpRequestError extends BaseError {
  static override readonly code = 1101;
  static override readonly description =
    "An HTTP request failed: the server answered with an error status (4xx, 5xx) or could not be reached.";
  override name = "HttpRequestError";
  readonly url: string;
  readonly method: string;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The start of the response body, when the server answered. */
  readonly body: string | undefined;

  constructor({
    url,
    method,
    status,
    body,
    cause,
  }: RequestContext & { status?: number | undefined; body?: string | undefined; cause?: unknown }) {
    const shortBody = body === undefined ? undefined : truncate(body);
    const details = shortBody ? `Body: ${shortBody}` : describeCause(cause);
    super(status === undefined ? "HTTP request failed." : `HTTP request failed with status ${status}.`, {
      code: HttpRequestError.code,
      metaMessages: [...(status === undefined ? [] : [`Status: ${status}`]), ...contextLines({ url, method })],
      ...(details ? { details } : {}),
      ...(cause === undefined ? {} : { cause }),
    });
    this.url = redactUrl(url);
    this.method = method;
    this.status = status;
    this.body = shortBody;
  }
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:8545`: fetch's own message hides the reason in its cause. */
function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const inner = cause.cause instanceof Error ? cause.cause.message : undefined;
  return inner && inner !== cause.message ? `${cause.message}: ${inner}` : cause.message;
}

/** No answer arrived within the timeout; the request was aborted. */
export class TimeoutError extends BaseError {
  static override readonly code = 1102;
  static override readonly description = "The server did not answer within the timeout; the request was aborted.";
  override name = "TimeoutError";
  readonly url: string;
  readonly method: string;
  /** The timeout in milliseconds. */
  readonly timeout: number;

  constructor({ url, method, timeout }: RequestContext & { timeout: number }) {
    super("The request took too long to respond.", {
      code: TimeoutError.code,
      details: `No response within ${timeout} ms.`,
      metaMessages: contextLines({ url, method }),
    });
    this.url = redactUrl(url);
    this.method = method;
    this.timeout = timeout;
  }
}

/** A JSON-RPC error object, as the server sent it. */
export type RpcErrorObject = {
  code: number;
  message: string;
  data?: unknown;
};

/**
 * The server answered the request with a JSON-RPC error object. `rpcError` holds its `code`,
 * `message` and `data` (the kit's own `code` stays the stable number of this class).
 */
export class RpcResponseError extends BaseError {
  static override readonly code = 1103;
  static override readonly description =
    "The server answered with a JSON-RPC error object; `rpcError` carries its code, message and data.";
  override name = "RpcResponseError";
  readonly url: string;
  readonly method: string;
  /** The JSON-RPC error object from the response. */
  readonly rpcError: RpcErrorObject;

  constructor({ url, method, error }: RequestContext & { error: RpcErrorObject }) {
    super(`RPC error ${error.code}: ${truncate(error.message, 200)}`, {
      code: RpcResponseError.code,
      metaMessages: [
        `RPC code: ${error.code}`,
        ...("data" in error && error.data !== undefined ? [`Data: ${formatValue(error.data)}`] : []),
        ...contextLines({ url, method }),
      ],
      details: truncate(error.message, 1000),
    });
    this.url = redactUrl(url);
    this.method = method;
    this.rpcError = error;
  }
}

/**
 * The server answered, but not with a JSON-RPC response for this request: the body is not JSON, not
 * an object, has neither `result` nor `error`, or a batch answer is not an array or lacks this
 * request's id.
 */
export class MalformedResponseError extends BaseError {
  static override readonly code = 1104;
  static override readonly description =
    "The server's answer is not a valid JSON-RPC response for the request (bad JSON, wrong shape, missing id).";
  override name = "MalformedResponseError";
  readonly url: string;
  readonly method: string;
  /** The start of the response body, when it helps to see it. */
  readonly body: string | undefined;

  constructor({ url, method, reason, body }: RequestContext & { reason: string; body?: string | undefined }) {
    const shortBody = body === undefined ? undefined : truncate(body);
    super("The RPC server sent a malformed response.", {
      code: MalformedResponseError.code,
      details: shortBody === undefined ? reason : `${reason} Body: ${shortBody}`,
      metaMessages: contextLines({ url, method }),
    });
    this.url = redactUrl(url);
    this.method = method;
    this.body = shortBody;
  }
}

/** The caller aborted the request through its `AbortSignal`; `cause` is the signal's reason. */
export class RequestAbortedError extends BaseError {
  static override readonly code = 1105;
  static override readonly description = "The request was aborted by the caller's AbortSignal.";
  override name = "RequestAbortedError";
  readonly url: string;
  readonly method: string;

  constructor({ url, method, cause }: RequestContext & { cause?: unknown }) {
    super("The request was aborted.", {
      code: RequestAbortedError.code,
      metaMessages: contextLines({ url, method }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.url = redactUrl(url);
    this.method = method;
  }
}
