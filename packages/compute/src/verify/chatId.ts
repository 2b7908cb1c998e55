/** The response header in which 0G's provider names the key of a response's signature. */
export const chatIdHeader = "ZG-Res-Key";

/** Response headers: a fetch `Headers`, or a plain object (node `IncomingHttpHeaders`, any case). */
export type ResponseHeaders = Headers | Record<string, string | readonly string[] | undefined>;

export type GetChatIdParameters = {
  /** The completion response's headers. */
  headers?: ResponseHeaders | undefined;
  /**
   * The completion: a parsed object, its JSON text, or for a stream the SSE text (or any prefix
   * of it holding the first chunk).
   */
  body?: unknown;
};

/**
 * The id to fetch a response's signature with (`GET /v1/proxy/signature/{chatId}`), found as 0G's
 * SDK documents it: the `ZG-Res-Key` response header, else the completion's `id` (for a stream,
 * the `id` of the first chunk that has one). `undefined` when neither is there.
 *
 * @example
 * const res = await fetch(`${endpoint}/chat/completions`, { method: "POST", headers, body });
 * const completion = await res.json();
 * getChatId({ headers: res.headers, body: completion }); // "3f2a…" (ZG-Res-Key) or "chatcmpl-…"
 */
export function getChatId({ headers, body }: GetChatIdParameters): string | undefined {
  const fromHeader = headerValue(headers, chatIdHeader);
  if (fromHeader !== undefined && fromHeader !== "") return fromHeader;
  return bodyId(body);
}

function headerValue(headers: ResponseHeaders | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value[0];
  }
  return undefined;
}

function bodyId(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null) {
    const id = (body as { id?: unknown }).id;
    return typeof id === "string" && id !== "" ? id : undefined;
  }
  if (typeof body !== "string") return undefined;
  const text = body.trim();
  if (text.startsWith("{")) return bodyId(tryJson(text));
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("data:")) continue;
    const data = trimmed.slice(5).trim();
    if (data === "[DONE]") break;
    const id = bodyId(tryJson(data));
    if (id !== undefined) return id;
  }
  return undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
