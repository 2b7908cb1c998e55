import { isAscii } from "node:buffer";
import { cutLongJsonStrings } from "@0g/core";
import type { RpcErrorObject, RpcOutcome } from "../chain/backend.js";

/** Answers one method call; the server adds ids, batching and envelope validation around it. */
export type RpcDispatch = (method: string, params: unknown) => Promise<RpcOutcome>;

/** A reply: JSON text, or its UTF-8 bytes when the result carries {@link Base64Bytes}. */
export type JsonRpcReply = { status: number; body: string | Buffer | null };

/**
 * Bytes a result carries as a base64 JSON string (a storage node's segment data): written into the
 * response as bytes, so the ~350 KB of base64 of a segment is never copied through JSON.stringify
 * and a UTF-8 encoder. In-process callers get the base64 string (`plainResult`).
 */
export class Base64Bytes {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  toBase64(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString("base64");
  }
}

/** A result with its {@link Base64Bytes} turned into base64 strings (they sit at the top or one level down). */
export function plainResult(result: unknown): unknown {
  if (result instanceof Base64Bytes) return result.toBase64();
  if (typeof result !== "object" || result === null || Array.isArray(result) || !Object.values(result).some((v) => v instanceof Base64Bytes))
    return result;
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v instanceof Base64Bytes ? v.toBase64() : v]));
}

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
  input: string | Uint8Array,
  dispatch: RpcDispatch,
  { maxBatchSize = 1000 }: { maxBatchSize?: number } = {},
): Promise<JsonRpcReply> {
  // A body given as bytes: its long strings (a segment's base64) reach `dispatch` as the bytes
  // between their quotes, never as JS strings; the rest is parsed as usual.
  let body: string;
  if (typeof input === "string") body = input;
  else {
    const cut = cutLongStrings(input, 4096);
    body = cut.text;
    if (cut.restore) {
      const restore = cut.restore;
      const inner = dispatch;
      dispatch = (method, params) => inner(method, restore(params));
    }
  }
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
    const responses: (string | Buffer)[] = [];
    for (const entry of parsed) {
      const response = await handleOne(entry, dispatch, rawIds);
      if (response !== null) responses.push(response);
    }
    if (responses.length === 0) return { status: 204, body: null };
    if (responses.every((r) => typeof r === "string")) return reply(200, `[${responses.join(",")}]`);
    return reply(200, Buffer.concat(responses.flatMap((r, i) => [Buffer.from(i === 0 ? "[" : ","), typeof r === "string" ? Buffer.from(r) : r]).concat(Buffer.from("]"))));
  }
  const response = await handleOne(parsed, dispatch, rawIds);
  return response === null ? { status: 204, body: null } : reply(200, response);
}

async function handleOne(entry: unknown, dispatch: RpcDispatch, rawIds: Map<object, string>): Promise<string | Buffer | null> {
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
  return resultResponse(idText, outcome.result ?? null);
}

/** The response of a result; bytes when it carries {@link Base64Bytes}, each written as base64 in place. */
function resultResponse(idText: string, result: unknown): string | Buffer {
  const carries = result instanceof Base64Bytes || (typeof result === "object" && result !== null && Object.values(result).some((v) => v instanceof Base64Bytes));
  if (!carries) return `{"jsonrpc":"2.0","id":${idText},"result":${JSON.stringify(result)}}`;
  const payloads: Base64Bytes[] = [];
  const text = `{"jsonrpc":"2.0","id":${idText},"result":${JSON.stringify(result, (_key, value: unknown) => {
    if (!(value instanceof Base64Bytes)) return value;
    payloads.push(value);
    return `${payloadMarker}${payloads.length - 1}`;
  })}}`;
  const marker = JSON.stringify(payloadMarker).slice(0, -1); // `"` and the marker as JSON writes it
  const pieces: (string | Base64Bytes)[] = [];
  let from = 0;
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, from)) {
    const close = text.indexOf('"', at + marker.length);
    pieces.push(text.slice(from, at), payloads[Number(text.slice(at + marker.length, close))]!);
    from = close + 1;
  }
  pieces.push(text.slice(from));
  const size = pieces.reduce((n, p) => n + (typeof p === "string" ? Buffer.byteLength(p) : 2 + 4 * Math.ceil(p.bytes.length / 3)), 0);
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const piece of pieces) {
    if (typeof piece === "string") o += out.write(piece, o, "utf8");
    else {
      out[o++] = 0x22;
      o += out.write(piece.toBase64(), o, "latin1");
      out[o++] = 0x22;
    }
  }
  return out;
}

/** Marks where a Base64Bytes goes in the serialized result (a NUL and a nonce: no result has it). */
const payloadMarker = `\u0000b64-${Math.random().toString(36).slice(2)}-`;

export function errorResponse(idText: string, code: number, message: string, data?: unknown): string {
  const error: RpcErrorObject = data === undefined ? { code, message } : { code, message, data };
  return `{"jsonrpc":"2.0","id":${idText},"error":${JSON.stringify(error)}}`;
}

function reply(status: number, body: string | Buffer): JsonRpcReply {
  return { status, body };
}

/**
 * A body given as bytes, with its long strings cut out by `@0g/core`'s {@link cutLongJsonStrings}
 * and a `restore` that puts them back into parsed params as Uint8Array views of their bytes.
 */
export function cutLongStrings(input: Uint8Array, minLength: number): { text: string; restore: ((value: unknown) => unknown) | undefined } {
  const { text, strings, marker } = cutLongJsonStrings(input, minLength, decode);
  if (strings.length === 0) return { text, restore: undefined };
  const restore = (value: unknown): unknown => {
    if (typeof value === "string") return value.startsWith(marker) ? strings[Number(value.slice(marker.length))] : value;
    if (Array.isArray(value)) return value.map(restore);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]));
    return value;
  };
  return { text, restore };
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(isAscii(bytes) ? "latin1" : "utf8");
}
