import { isAscii } from "node:buffer";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
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

export type StartHttpServerOptions = {
  host: string;
  port: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  routes: readonly HttpRoute[];
};

export type RunningHttpServer = { host: string; port: number; origin: string; close(): Promise<void> };

/**
 * The devnet's one HTTP server: routes JSON-RPC POSTs by path, answers CORS preflights so browser
 * dApps on any origin can call it, and caps request bodies. Every failure is a JSON-RPC error
 * object; nothing a client sends can crash or stall the server.
 */
export async function startHttpServer({ host, port, bodyLimit, routes }: StartHttpServerOptions): Promise<RunningHttpServer> {
  const byPath = new Map(routes.map((r) => [r.path, r]));
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, errorResponse("null", rpcErrorCodes.internalError, String(error)));
      else res.destroy();
    });
  });
  async function serve(req: IncomingMessage, res: ServerResponse) {
    setCors(req, res);
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = byPath.get(path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);
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

function setCors(req: IncomingMessage, res: ServerResponse) {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", "POST, OPTIONS");
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
