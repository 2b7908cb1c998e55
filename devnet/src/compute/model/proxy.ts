import type { ChatHandler } from "./types.js";

export type ProxyModelOptions = {
  /** OpenAI-compatible base URL including its version path (`http://127.0.0.1:11434/v1`). */
  url: string;
  upstreamModel?: string | undefined;
  apiKey?: string | undefined;
};

/**
 * A model that forwards chat completions to an OpenAI-compatible server and passes its answer
 * back byte for byte (streams as they come). A streamed request without `stream_options` is sent
 * with `include_usage: true`, so the provider can bill it from the final chunk as 0G's broker does;
 * the client's own request bytes are what the response signature covers.
 */
export function proxyHandler({ url, upstreamModel, apiKey }: ProxyModelOptions): ChatHandler {
  return async ({ body, rawBody, stream, signal }) => {
    let forwarded: string | Uint8Array<ArrayBuffer> = new Uint8Array(rawBody);
    if (upstreamModel !== undefined || (stream && body.stream_options === undefined)) {
      const rewritten = { ...body };
      if (upstreamModel !== undefined) rewritten.model = upstreamModel;
      if (stream && body.stream_options === undefined) rewritten.stream_options = { include_usage: true };
      forwarded = JSON.stringify(rewritten);
    }
    let response: Response;
    try {
      response = await fetch(`${url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: forwarded,
        signal,
      });
    } catch (error) {
      // 0G's broker answers a failed upstream call like its other failures: 400 and `{"error"}`.
      return {
        status: 400,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({ error: `Provider proxy: handle proxied service response, call proxied service: ${errorText(error)}` }),
      };
    }
    const headers = { "content-type": response.headers.get("content-type") ?? (stream ? "text/event-stream" : "application/json") };
    if (!response.ok || !stream || !response.body) return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
    return { status: response.status, headers, stream: response.body as AsyncIterable<Uint8Array> };
  };
}

/** The upstream's model list (`GET {url}/models`), passed through. */
export async function proxyModels({ url, apiKey }: ProxyModelOptions): Promise<{ status: number; body: Uint8Array }> {
  try {
    const response = await fetch(`${url}/models`, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
    return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    return { status: 400, body: new TextEncoder().encode(JSON.stringify({ error: `Provider proxy: handle proxied service, call proxied service: ${errorText(error)}` })) };
  }
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } })?.cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return typeof cause === "string" ? `${message} (${cause})` : message;
}
