// Node only: the `fetch` of storage node clients, on node:http. The browser build swaps this module
// for http.browser.ts (see tsup.config.ts), where the clients use the global fetch.
//
// Segment traffic is megabytes per call. Node's global fetch (undici) copies every request body,
// pipes it and every response through web streams and clones their chunks: about 9 ms of CPU and
// several short-lived copies per MiB sent. node:http writes the body to the socket as is and hands
// the response over in the chunks it arrives in: about 3x less CPU and a fraction of the garbage,
// which on a large upload or download is most of the client's work and memory.
import type { RpcFetchFn } from "@0g/core";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";

/** Keep-alive connections, as fetch keeps them; idle sockets never hold the process open. */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/**
 * What the JSON-RPC client reads of a response (`status`, `headers.get`, `text()`, `arrayBuffer()`),
 * over a body already read in full.
 */
class NodeResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly #body: Buffer;

  constructor(message: IncomingMessage, body: Buffer) {
    this.status = message.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new Headers();
    for (const [name, value] of Object.entries(message.headers)) {
      if (value !== undefined) this.headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    this.#body = body;
  }

  async text(): Promise<string> {
    return this.#body.toString("utf8");
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.#body;
    // Buffer.concat may hand out a slice of Buffer's shared pool: give back the body's bytes alone.
    return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
      ? (body.buffer as ArrayBuffer)
      : (body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * A `fetch` for JSON-RPC POSTs over node:http(s): string or byte bodies, headers as a plain
 * object, `signal`; network failures reject with a TypeError, as fetch's do. Not a general fetch:
 * no redirects, no compression, no streaming bodies.
 */
export const storageFetch: RpcFetchFn | undefined = (input, init) => {
  const url = new URL(input);
  // Looked up at each call (not bound at import), so request interceptors (msw) see these calls.
  const request = url.protocol === "https:" ? https.request : http.request;
  const agent = url.protocol === "https:" ? agents.https : agents.http;
  const body = init.body === undefined || init.body === null ? undefined : (init.body as string | Uint8Array);
  const headers: Record<string, string | number> = { ...(init.headers as Record<string, string> | undefined) };
  if (body !== undefined) headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  const { signal } = init;

  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const req = request(url, { method: init.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(new NodeResponse(res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) as unknown as Response);
      });
      res.on("error", fail);
      res.on("close", () => {
        if (!res.complete) fail(new Error("the connection closed before the response was complete"));
      });
    });
    function fail(error: unknown) {
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? abortError(signal) : new TypeError("fetch failed", { cause: error }));
    }
    function onAbort() {
      req.destroy();
      reject(abortError(signal!));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", fail);
    req.end(body);
  });
};
