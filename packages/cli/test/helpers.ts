// Test helpers of @0g/cli (not published: `files` lists only dist and src).
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createServer, type Server } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CliIo, OutputStream } from "../src/io.js";

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A stream that keeps what is written. */
export function memoryStream({ isTTY = false, columns }: { isTTY?: boolean; columns?: number } = {}) {
  let text = "";
  const stream: OutputStream & { readonly text: string } = {
    isTTY,
    columns,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
  return stream;
}

/** An in-memory CliIo: collected stdout/stderr, a chosen env, and an AbortController for `signal`. */
export function memoryIo({ env = {}, tty = false }: { env?: Record<string, string | undefined>; tty?: boolean } = {}) {
  const stdout = memoryStream({ isTTY: tty });
  const stderr = memoryStream({ isTTY: tty });
  const controller = new AbortController();
  const io: CliIo = { stdout, stderr, env, signal: controller.signal };
  return { io, stdout, stderr, controller };
}

/** Polls until `predicate` holds (or fails the test after `timeout` ms). */
export async function waitFor(predicate: () => boolean, { timeout = 15_000, what = "condition" } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP server holding a port on 127.0.0.1, to test "port in use". */
export async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A JSON-RPC POST with fetch. */
export async function rpc(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return res.json();
}

export type CliProcess = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * Runs the CLI as a real child process. By default `src/cli.ts` through tsx with the `@0g/source`
 * condition (so workspace packages load from source and no build is needed); `{ script }` runs
 * another file, e.g. the built `dist/cli.js`. The child is the Node binary itself (process.execPath),
 * not pnpm's shell wrapper, so signals reach it.
 */
export function spawnCli(
  args: readonly string[],
  { env = {}, script }: { env?: Record<string, string>; script?: string } = {},
): CliProcess {
  const nodeArgs = script ? [script] : ["--conditions=@0g/source", "--import", tsxLoader, join(packageDir, "src/cli.ts")];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: packageDir,
    env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", ZG_PRIVATE_KEY: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

type JsonRpcRequest = { jsonrpc: "2.0"; id: unknown; method: string; params?: unknown };

/**
 * A small JSON-RPC server on 127.0.0.1:0 for what a devnet cannot show: a plain EVM RPC (no
 * `devnet_info`) or a malformed answer. `answer` returns a result, or `{ error }` for an error object;
 * `forward` sends everything it does not answer to another RPC URL.
 */
export async function stubRpc({
  answer,
  forward,
}: {
  answer: (method: string, params: unknown) => { result: unknown } | { error: { code: number; message: string } } | undefined;
  forward?: string;
}): Promise<{ url: string; methods: string[]; close(): Promise<void> }> {
  const { createServer: createHttpServer } = await import("node:http");
  const methods: string[] = [];
  const handle = async (request: JsonRpcRequest) => {
    methods.push(request.method);
    const answered = answer(request.method, request.params);
    if (answered) return { jsonrpc: "2.0", id: request.id, ...answered };
    if (forward) return rpc(forward, request);
    return { jsonrpc: "2.0", id: request.id, error: { code: -32601, message: `Method ${request.method} not found` } };
  };
  const server = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
      const reply = Array.isArray(parsed) ? Promise.all(parsed.map(handle)) : handle(parsed);
      void reply.then((value) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    methods,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
