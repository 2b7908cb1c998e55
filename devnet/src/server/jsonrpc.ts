import type { RpcErrorObject, RpcOutcome } from "../chain/backend.js";

/** Answers one method call; the server adds ids, batching and envelope validation around it. */
export type RpcDispatch = (method: string, params: unknown) => Promise<RpcOutcome>;

export type JsonRpcReply = { status: number; body: string | null };

export const rpcErrorCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const;

/**
 * Handles a JSON-RPC 2.0 HTTP body: a single request or a batch, notifications, and every malformed
 * case answered with the error object the spec prescribes. Request ids are echoed byte for byte,
 * including integers above 2^53 that `JSON.parse` alone would round. Batch entries run in order,
 * so a batch of transactions from one sender keeps its nonce order.
 */
export async function handleJsonRpcBody(
  body: string,
  dispatch: RpcDispatch,
  { maxBatchSize = 1000 }: { maxBatchSize?: number } = {},
): Promise<JsonRpcReply> {
  const rawIds = new Map<object, string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body, function (this: unknown, key: string, value: unknown, context?: { source?: string }) {
      if (key === "id" && typeof value === "number" && context?.source !== undefined && this && typeof this === "object")
        rawIds.set(this, context.source);
      return value;
    } as (this: unknown, key: string, value: unknown) => unknown);
  } catch {
    return reply(200, errorResponse("null", rpcErrorCodes.parseError, "Parse error: the body is not valid JSON"));
  }

  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return reply(200, errorResponse("null", rpcErrorCodes.invalidRequest, "Invalid Request: empty batch"));
    if (parsed.length > maxBatchSize)
      return reply(200, errorResponse("null", rpcErrorCodes.invalidRequest, `Invalid Request: batch of ${parsed.length} exceeds the limit of ${maxBatchSize}`));
    const responses: string[] = [];
    for (const entry of parsed) {
      const response = await handleOne(entry, dispatch, rawIds);
      if (response !== null) responses.push(response);
    }
    return responses.length === 0 ? { status: 204, body: null } : reply(200, `[${responses.join(",")}]`);
  }
  const response = await handleOne(parsed, dispatch, rawIds);
  return response === null ? { status: 204, body: null } : reply(200, response);
}

async function handleOne(entry: unknown, dispatch: RpcDispatch, rawIds: Map<object, string>): Promise<string | null> {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    return errorResponse("null", rpcErrorCodes.invalidRequest, "Invalid Request: expected an object");
  const request = entry as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  const hasId = "id" in request;
  const id = request.id;
  const idValid = !hasId || id === null || typeof id === "string" || typeof id === "number";
  const idText = !hasId || !idValid ? "null" : typeof id === "number" ? (rawIds.get(entry) ?? String(id)) : JSON.stringify(id);
  if (!idValid) return errorResponse("null", rpcErrorCodes.invalidRequest, "Invalid Request: id must be a string, a number or null");
  if (request.jsonrpc !== "2.0") return errorResponse(idText, rpcErrorCodes.invalidRequest, 'Invalid Request: jsonrpc must be exactly "2.0"');
  if (typeof request.method !== "string" || request.method === "")
    return errorResponse(idText, rpcErrorCodes.invalidRequest, "Invalid Request: method must be a non-empty string");
  if (request.params !== undefined && (typeof request.params !== "object" || request.params === null))
    return errorResponse(idText, rpcErrorCodes.invalidRequest, "Invalid Request: params must be an array or an object");

  let outcome: RpcOutcome;
  try {
    outcome = await dispatch(request.method, request.params);
  } catch (error) {
    outcome = { error: { code: rpcErrorCodes.internalError, message: error instanceof Error ? error.message : String(error) } };
  }
  if (!hasId) return null; // a notification gets no response, whatever happened
  if (outcome.error) return errorResponse(idText, outcome.error.code, outcome.error.message, outcome.error.data);
  return `{"jsonrpc":"2.0","id":${idText},"result":${JSON.stringify(outcome.result ?? null)}}`;
}

export function errorResponse(idText: string, code: number, message: string, data?: unknown): string {
  const error: RpcErrorObject = data === undefined ? { code, message } : { code, message, data };
  return `{"jsonrpc":"2.0","id":${idText},"error":${JSON.stringify(error)}}`;
}

function reply(status: number, body: string): JsonRpcReply {
  return { status, body };
}
