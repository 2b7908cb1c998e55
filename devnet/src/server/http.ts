import { isAscii } from "node:buffer";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PortInUseError } from "../errors.js";
import { errorResponse, rpcErrorCodes, type JsonRpcReply } from "./jsonrpc.js";

/**
 * One JSON-RPC service mounted on a path of the devnet's HTTP server. `up()` false makes the path
 * behave like a dead host: the connection is dropped without an answer (a stopped storage node).
 */
export type HttpRoute = {
  path: string;
  /** Answers a body: its text, or with `bytes` its raw bytes. */
  handle(body: string | Uint8Array): Promise<JsonRpcReply>;
  up?(): boolean;
  /** Hand the body over as bytes (storage nodes: megabytes of base64 that should not become strings). */
  bytes?: boolean;
};

/** A request to an {@link HttpPrefixRoute}, body read (within the server's body limit). */
export type HttpRequest = {
  method: string;
  /** The path below the route's prefix: `""` for the prefix itself, else starting with `/`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body's bytes (empty for GET and HEAD). */
  body: Uint8Array;
  /** Aborted when the client goes away before the answer is complete. */
  signal: AbortSignal;
};

/** The answer of an {@link HttpPrefixRoute}: a whole body, or chunks written (and flushed) as they come. */
export type HttpResponse = {
  status: number;
  headers?: Readonly<Record<string, string>>;
} & ({ body?: string | Uint8Array; stream?: undefined } | { stream: AsyncIterable<string | Uint8Array>; body?: undefined });

/**
 * A plain HTTP service mounted under a path prefix (a compute provider's REST API): any method,
 * any sub-path, JSON or streamed answers. `up()` false drops the connection like {@link HttpRoute}.
 */
export type HttpPrefixRoute = {
  prefix: string;
  serve(request: HttpRequest): Promise<HttpResponse>;
  up?(): boolean;
};

export type StartHttpServerOptions = {
  host: string;
  port: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  routes: readonly HttpRoute[];
  /** REST services by path prefix; JSON-RPC `routes` win on an exact path. */
  prefixRoutes?: readonly HttpPrefixRoute[];
};

export type RunningHttpServer = { host: string; port: number; origin: string; close(): Promise<void> };

/**
 * The devnet's one HTTP server: routes JSON-RPC POSTs by path and REST requests by path prefix,
 * answers CORS preflights so browser dApps on any origin can call it, and caps request bodies.
 * Every JSON-RPC failure is a JSON-RPC error object; nothing a client sends can crash or stall the
 * server.
 */
export async function startHttpServer({ host, port, bodyLimit, routes, prefixRoutes = [] }: StartHttpServerOptions): Promise<RunningHttpServer> {
  const byPath = new Map(routes.map((r) => [r.path, r]));
  // Longest prefix first, so `/compute/1` never answers for `/compute/10`'s paths by accident.
  const prefixes = [...prefixRoutes].sort((a, b) => b.prefix.length - a.prefix.length);
  const prefixRouteOf = (path: string) => prefixes.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, errorResponse("null", rpcErrorCodes.internalError, String(error)));
      else res.destroy();
    });
  });
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = byPath.get(path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);
    const prefixRoute = route ? undefined : prefixRouteOf(path);
    setCors(req, res, prefixRoute ? "GET, POST, OPTIONS" : "POST, OPTIONS");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    if (prefixRoute) return servePrefix(prefixRoute, path, req, res);
    if (!route) return send(res, 404, errorResponse("null", rpcErrorCodes.methodNotFound, `No JSON-RPC service at ${path}`));
    if (route.up && !route.up()) return void req.socket.destroy();
    if (req.method !== "POST") {
      res.setHeader("allow", "POST, OPTIONS");
      return send(res, 405, errorResponse("null", rpcErrorCodes.invalidRequest, "JSON-RPC requests must be POSTed"));
    }
    const body = await readBody(req, bodyLimit);
    if (body === null) {
      res.setHeader("connection", "close");
      return send(res, 413, errorResponse("null", rpcErrorCodes.invalidRequest, `Request body exceeds the limit of ${bodyLimit} bytes`));
    }
    // ASCII (every segment upload: JSON and base64) decodes as latin1, a plain copy.
    const reply = await route.handle(route.bytes ? body : body.toString(isAscii(body) ? "latin1" : "utf8"));
    if (route.up && !route.up()) return void req.socket.destroy();
    if (reply.body === null) return void res.writeHead(reply.status).end();
    send(res, reply.status, reply.body);
  }

  async function servePrefix(route: HttpPrefixRoute, path: string, req: IncomingMessage, res: ServerResponse) {
    if (route.up && !route.up()) return void req.socket.destroy();
    const method = req.method ?? "GET";
    let body: Uint8Array = new Uint8Array(0);
    if (method !== "GET" && method !== "HEAD") {
      const read = await readBody(req, bodyLimit);
      if (read === null) {
        res.setHeader("connection", "close");
        return send(res, 413, JSON.stringify({ error: `Request body exceeds the limit of ${bodyLimit} bytes` }));
      }
      body = read;
    }
    const aborted = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    const url = new URL(req.url ?? "/", "http://devnet");
    let answer: HttpResponse;
    try {
      answer = await route.serve({
        method,
        path: path.slice(route.prefix.length),
        query: url.searchParams,
        headers: req.headers,
        body,
        signal: aborted.signal,
      });
    } catch (error) {
      answer = { status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) };
    }
    if (route.up && !route.up()) return void req.socket.destroy();
    if (answer.stream === undefined) {
      const bytes = typeof answer.body === "string" ? Buffer.from(answer.body) : Buffer.from(answer.body ?? new Uint8Array(0));
      return void res.writeHead(answer.status, { ...answer.headers, "content-length": bytes.length }).end(method === "HEAD" ? undefined : bytes);
    }
    res.writeHead(answer.status, answer.headers);
    res.flushHeaders();
    for await (const chunk of answer.stream) {
      if (aborted.signal.aborted || (route.up && !route.up())) return void req.socket.destroy();
      if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(error.code === "EADDRINUSE" ? new PortInUseError({ host, port, cause: error }) : error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    host,
    port: address.port,
    origin: `http://${urlHost}:${address.port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function setCors(req: IncomingMessage, res: ServerResponse, methods: string) {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", methods);
  res.setHeader("access-control-allow-headers", req.headers["access-control-request-headers"] ?? "content-type");
  res.setHeader("access-control-max-age", "86400");
  // Chrome's Private Network Access: lets a dApp on a public origin reach the devnet on 127.0.0.1.
  if (req.headers["access-control-request-private-network"] === "true") res.setHeader("access-control-allow-private-network", "true");
}

function send(res: ServerResponse, status: number, body: string | Buffer) {
  res.writeHead(status, { "content-type": "application/json", "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.length }).end(body);
}

/** Reads the body, or resolves null once it exceeds `limit` bytes (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}
