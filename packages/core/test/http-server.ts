import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Reply = { status?: number; body: string; delay?: number };

/**
 * Starts a real HTTP server on 127.0.0.1 (a free port) that hands every POST body to `answer` and
 * records it. Call `close()` when done.
 */
export async function startServer(answer: (body: string, n: number) => Reply | string) {
  const bodies: string[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      bodies.push(body);
      const reply = answer(body, bodies.length - 1);
      const { status = 200, body: text, delay = 0 } = typeof reply === "string" ? { body: reply } : reply;
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(status, { "content-type": "application/json" });
        response.end(text);
      }, delay);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
