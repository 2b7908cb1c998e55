import { afterAll, beforeAll, expect, it } from "vitest";
import { startHttpServer, type HttpRequest, type RunningHttpServer } from "./http.js";

let server: RunningHttpServer;
let up = true;
const seen: HttpRequest[] = [];

beforeAll(async () => {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    bodyLimit: 1024,
    routes: [{ path: "/rest", handle: async () => ({ status: 200, body: '{"jsonrpc":"2.0","id":1,"result":"rpc"}' }) }],
    prefixRoutes: [
      {
        prefix: "/rest/1",
        up: () => up,
        async serve(request) {
          seen.push(request);
          if (request.path === "/stream")
            return {
              status: 200,
              headers: { "content-type": "text/event-stream", "x-extra": "yes" },
              stream: (async function* () {
                for (let i = 0; i < 3; i++) {
                  yield `data: ${i}\n\n`;
                  await new Promise((r) => setTimeout(r, 5));
                }
              })(),
            };
          return { status: 201, headers: { "content-type": "application/json" }, body: JSON.stringify({ path: request.path, q: request.query.get("q") }) };
        },
      },
      { prefix: "/rest/10", serve: async () => ({ status: 200, body: "ten" }) },
    ],
  });
});
afterAll(() => server.close());

it("routes REST requests by longest prefix, with method, sub-path, query and body", async () => {
  const res = await fetch(`${server.origin}/rest/1/v1/thing?q=a%20b`, { method: "POST", body: "hello", headers: { authorization: "Bearer x" } });
  expect(res.status).toBe(201);
  expect(await res.json()).toEqual({ path: "/v1/thing", q: "a b" });
  const request = seen.at(-1)!;
  expect(request.method).toBe("POST");
  expect(new TextDecoder().decode(request.body)).toBe("hello");
  expect(request.headers.authorization).toBe("Bearer x");
  expect(await (await fetch(`${server.origin}/rest/10/x`)).text()).toBe("ten");
  expect((await fetch(`${server.origin}/rest/1`)).status).toBe(201);
  // an exact JSON-RPC path wins, and a path that only shares a prefix string is not the route's
  expect(await (await fetch(`${server.origin}/rest`, { method: "POST", body: "{}" })).json()).toMatchObject({ result: "rpc" });
  expect((await fetch(`${server.origin}/rest/100`)).status).toBe(404);
});

it("streams chunks as they come", async () => {
  const res = await fetch(`${server.origin}/rest/1/stream`);
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  expect(res.headers.get("x-extra")).toBe("yes");
  const reader = res.body!.getReader();
  const parts: string[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(new TextDecoder().decode(r.value));
  expect(parts.join("")).toBe("data: 0\n\ndata: 1\n\ndata: 2\n\n");
  expect(parts.length).toBeGreaterThan(1);
});

it("answers CORS preflights for GET and caps bodies", async () => {
  const pre = await fetch(`${server.origin}/rest/1/v1/x`, { method: "OPTIONS", headers: { "access-control-request-headers": "authorization" } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
  expect(pre.headers.get("access-control-allow-headers")).toBe("authorization");
  const big = await fetch(`${server.origin}/rest/1/x`, { method: "POST", body: "x".repeat(2000) });
  expect(big.status).toBe(413);
});

it("drops the connection of a route that is down", async () => {
  up = false;
  try {
    await expect(fetch(`${server.origin}/rest/1/x`)).rejects.toThrow(/fetch failed/);
  } finally {
    up = true;
  }
});
