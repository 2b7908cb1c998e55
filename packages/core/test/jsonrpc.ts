// Test helpers for JSON-RPC servers (msw handlers and node:http servers). Not published.

/** A request as the server saw it; `id` is the exact source text of the id. */
export type ReceivedRequest = { id: string; method: string; params: unknown };

/** Parses a request body, keeping ids exact (as their JSON source text). */
export function parseRequests(text: string): { batch: boolean; requests: ReceivedRequest[] } {
  const ids = new WeakMap<object, string>();
  const value: unknown = JSON.parse(text, function (this: unknown, key: string, v: unknown, context?: { source?: string }) {
    if (key === "id" && context?.source !== undefined && typeof this === "object" && this !== null) ids.set(this, context.source);
    return v;
  } as (this: unknown, key: string, value: unknown) => unknown);
  const list = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
  return {
    batch: Array.isArray(value),
    requests: list.map((r) => ({ id: ids.get(r) ?? String(r.id), method: String(r.method), params: r.params })),
  };
}

/** A success response, with the id written verbatim. */
export function result(id: string, value: unknown): string {
  return `{"jsonrpc":"2.0","id":${id},"result":${JSON.stringify(value ?? null)}}`;
}

/** An error response, with the id written verbatim. */
export function rpcError(id: string, code: number, message: string, data?: unknown): string {
  const error = data === undefined ? { code, message } : { code, message, data };
  return `{"jsonrpc":"2.0","id":${id},"error":${JSON.stringify(error)}}`;
}

/** Answers every request of a body with `answer(request)`; a batch gets an array. */
export function respond(text: string, answer: (request: ReceivedRequest) => string | undefined): string {
  const { batch, requests } = parseRequests(text);
  const parts = requests.map(answer).filter((p): p is string => p !== undefined);
  return batch ? `[${parts.join(",")}]` : (parts[0] ?? "");
}
