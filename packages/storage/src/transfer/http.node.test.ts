import { HttpRequestError, RpcResponseError, TimeoutError, createRpcClient } from "@0g/core";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storageFetch } from "./http.node.js";

// The node:http `fetch` of storage node clients, under @0g/core's JSON-RPC client.

let server: Server;
let url: string;
const bodies: { type: string; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      bodies.push({ type: String(req.headers["content-type"]), body });
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      if (method === "slow") return void setTimeout(() => res.end(JSON.stringify({ jsonrpc: "2.0", id, result: 1 })), 500);
      if (method === "busy") return void res.writeHead(503, { "retry-after": "0" }).end("busy");
      if (method === "reset") return void req.socket.destroy();
      if (method === "fail") return void res.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32000, message: "nope" } }));
      // A large result in several chunks.
      res.end(JSON.stringify({ jsonrpc: "2.0", id, result: { echo: method, data: "QUJD".repeat(100_000) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (timeout = 5000) => createRpcClient({ url, batch: false, retryCount: 0, timeout, fetch: storageFetch! });

describe("storageFetch (node:http)", () => {
  it("sends string and byte bodies, reads results as text or as bytes", async () => {
    expect(await client().request<{ echo: string; data: string }>({ method: "hello", params: [] })).toMatchObject({ echo: "hello", data: "QUJD".repeat(100_000) });
    const { data } = await client().request<{ data: Uint8Array }>({ method: "bytes", params: [] }, { largeStrings: 4096 });
    expect(new TextDecoder().decode(data)).toBe("QUJD".repeat(100_000));
    expect(bodies.at(-1)?.type).toBe("application/json");
  });

  it("JSON-RPC errors, HTTP errors, dropped connections, timeouts and aborts are typed as with fetch", async () => {
    await expect(client().request({ method: "fail" })).rejects.toBeInstanceOf(RpcResponseError);
    await expect(client().request({ method: "busy" })).rejects.toMatchObject({ name: "HttpRequestError", status: 503 });
    await expect(client().request({ method: "reset" })).rejects.toBeInstanceOf(HttpRequestError);
    await expect(client(100).request({ method: "slow" })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(client().request({ method: "slow" }, { signal: controller.signal })).rejects.toMatchObject({ name: "RequestAbortedError" });
    const closed = createRpcClient({ url: "http://127.0.0.1:9", batch: false, retryCount: 0, fetch: storageFetch! });
    await expect(closed.request({ method: "x" })).rejects.toBeInstanceOf(HttpRequestError);
  });
});
