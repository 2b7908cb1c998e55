import { delay, HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import { parseRequests, respond, result, rpcError } from "../../test/jsonrpc.js";
import { jsonBody, rpcRoute, useMswServer } from "../../test/msw.js";
import {
  HttpRequestError,
  MalformedResponseError,
  RequestAbortedError,
  RpcResponseError,
  TimeoutError,
} from "../errors/transport.js";
import { createRpcClient } from "./createRpcClient.js";

const url = "https://indexer.example/";
const server = useMswServer();
const ok = (body: string) => jsonBody(respond(body, (r) => result(r.id, "ok")));
const fast = { url, retryDelay: 1, batch: false } as const;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("timeouts", () => {
  test("an attempt slower than the timeout is aborted and rejects with TimeoutError", async () => {
    const route = rpcRoute(url, async (body) => {
      await delay(1_000);
      return ok(body);
    });
    server.use(route.handler);
    const started = Date.now();
    const error = await rejection(createRpcClient({ ...fast, timeout: 20, retryCount: 0 }).request({ method: "indexer_getShardedNodes" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeout).toBe(20);
    expect(Date.now() - started).toBeLessThan(500);
  });

  test("timeouts are retried", async () => {
    const route = rpcRoute(url, async (body, n) => {
      if (n < 2) await delay(1_000);
      return ok(body);
    });
    server.use(route.handler);
    await expect(createRpcClient({ ...fast, timeout: 20, retryCount: 2 }).request({ method: "a" })).resolves.toBe("ok");
    expect(route.bodies).toHaveLength(3);
  });

  test("a per-call timeout overrides the client's", async () => {
    server.use(
      rpcRoute(url, async (body) => {
        await delay(1_000);
        return ok(body);
      }).handler,
    );
    const client = createRpcClient({ ...fast, timeout: 10_000, retryCount: 0 });
    await expect(client.request({ method: "a" }, { timeout: 15 })).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("retries", () => {
  test("5xx is retried until success; the retry count is observed", async () => {
    const route = rpcRoute(url, (body, n) => (n < 3 ? new HttpResponse("bad gateway", { status: 502 }) : ok(body)));
    server.use(route.handler);
    await expect(createRpcClient({ ...fast, retryCount: 3 }).request({ method: "a" })).resolves.toBe("ok");
    expect(route.bodies).toHaveLength(4);
    expect(new Set(route.bodies).size).toBe(1); // the same request (same id) each time
  });

  test("5xx beyond retryCount rejects with HttpRequestError carrying the status", async () => {
    const route = rpcRoute(url, () => new HttpResponse("unavailable", { status: 503 }));
    server.use(route.handler);
    const error = await rejection(createRpcClient({ ...fast, retryCount: 2 }).request({ method: "a" }));
    expect(route.bodies).toHaveLength(3);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).status).toBe(503);
    expect((error as HttpRequestError).body).toBe("unavailable");
  });

  test("a per-call retryCount overrides the client's", async () => {
    const route = rpcRoute(url, () => new HttpResponse(null, { status: 500 }));
    server.use(route.handler);
    await expect(createRpcClient({ ...fast, retryCount: 5 }).request({ method: "a" }, { retryCount: 0 })).rejects.toBeInstanceOf(
      HttpRequestError,
    );
    expect(route.bodies).toHaveLength(1);
  });

  test("429 honours Retry-After (capped by maxRetryDelay)", async () => {
    const times: number[] = [];
    const route = rpcRoute(url, (body, n) => {
      times.push(Date.now());
      return n === 0 ? new HttpResponse("slow down", { status: 429, headers: { "retry-after": "1" } }) : ok(body);
    });
    server.use(route.handler);
    await expect(createRpcClient({ ...fast, maxRetryDelay: 150 }).request({ method: "a" })).resolves.toBe("ok");
    const waited = (times[1] ?? 0) - (times[0] ?? 0);
    expect(waited).toBeGreaterThanOrEqual(140); // retryDelay is 1 ms: only Retry-After explains the wait
    expect(waited).toBeLessThan(900); // and the 1 s was capped
  });

  test("network errors are retried", async () => {
    const route = rpcRoute(url, (body, n) => (n === 0 ? HttpResponse.error() : ok(body)));
    server.use(route.handler);
    await expect(createRpcClient(fast).request({ method: "a" })).resolves.toBe("ok");
    expect(route.bodies).toHaveLength(2);
  });

  test("a network error beyond retries rejects with HttpRequestError without status, with the cause", async () => {
    server.use(rpcRoute(url, () => HttpResponse.error()).handler);
    const error = await rejection(createRpcClient({ ...fast, retryCount: 1 }).request({ method: "a" }));
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).status).toBeUndefined();
    expect((error as HttpRequestError).cause).toBeInstanceOf(TypeError);
  });

  test("JSON-RPC errors are answers: never retried", async () => {
    const route = rpcRoute(url, (body) => jsonBody(respond(body, (r) => rpcError(r.id, -32000, "too many data writing: 3"))));
    server.use(route.handler);
    const error = await rejection(createRpcClient({ ...fast, retryCount: 3 }).request({ method: "zgs_uploadSegmentsByTxSeq" }));
    expect(route.bodies).toHaveLength(1);
    expect(error).toBeInstanceOf(RpcResponseError);
    expect((error as RpcResponseError).rpcError).toEqual({ code: -32000, message: "too many data writing: 3" });
  });

  test("rate-limit JSON-RPC errors (-32005) are retried, for the limited batch entries only", async () => {
    const route = rpcRoute(url, (body, n) =>
      jsonBody(respond(body, (r) => (r.method === "limited" && n === 0 ? rpcError(r.id, -32005, "limit exceeded") : result(r.id, r.method)))),
    );
    server.use(route.handler);
    const client = createRpcClient({ url, retryDelay: 1 });
    await expect(Promise.all([client.request({ method: "a" }), client.request({ method: "limited" })])).resolves.toEqual([
      "a",
      "limited",
    ]);
    expect(route.bodies.map((b) => parseRequests(b).requests.map((r) => r.method))).toEqual([["a", "limited"], ["limited"]]);
  });

  test("4xx is not retried and rejects with HttpRequestError with status and a truncated body", async () => {
    const route = rpcRoute(url, () => new HttpResponse("x".repeat(5_000), { status: 403 }));
    server.use(route.handler);
    const error = await rejection(createRpcClient({ ...fast, retryCount: 3 }).request({ method: "a" }));
    expect(route.bodies).toHaveLength(1);
    expect(error).toBeInstanceOf(HttpRequestError);
    const { status, body, message } = error as HttpRequestError;
    expect(status).toBe(403);
    expect(body?.length).toBeLessThan(400);
    expect(body).toContain("more characters");
    expect(message.length).toBeLessThan(1_000);
  });

  test("errors carry URL and method but never header values or URL credentials", async () => {
    const secretUrl = "https://user:hunter2@indexer.example/";
    const route = rpcRoute(url, () => new HttpResponse("denied", { status: 401 }));
    server.use(route.handler);
    const client = createRpcClient({ ...fast, url: secretUrl, headers: { authorization: "Bearer app-sk-topsecret" } });
    const error = (await rejection(client.request({ method: "kv_getValue" }))) as HttpRequestError;
    expect(error.metaMessages).toEqual(["Status: 401", "URL: https://indexer.example/", "Method: kv_getValue"]);
    const everything = JSON.stringify({ ...error, message: error.message });
    expect(everything).not.toContain("topsecret");
    expect(everything).not.toContain("hunter2");
    expect(client.url).toBe("https://indexer.example/");
    // URL credentials travel as Basic auth (fetch refuses them in URLs); explicit headers win.
    expect(route.headers[0]?.get("authorization")).toBe("Bearer app-sk-topsecret");
    await rejection(createRpcClient({ ...fast, url: secretUrl }).request({ method: "kv_getValue" }));
    expect(route.headers[1]?.get("authorization")).toBe(`Basic ${btoa("user:hunter2")}`);
  });
});

describe("malformed responses", () => {
  const cases: [string, () => Response, string][] = [
    ["invalid JSON", () => jsonBody('{"jsonrpc":"2.0","id":1,"result":'), "not valid JSON"],
    ["an HTML page", () => HttpResponse.html("<html><body>502 Bad Gateway</body></html>"), "not valid JSON"],
    ["an empty body", () => new HttpResponse("", { status: 200 }), "empty"],
    ["a JSON string", () => jsonBody('"hello"'), "got string"],
    ["null", () => jsonBody("null"), "got null"],
    ["no result nor error", () => jsonBody('{"jsonrpc":"2.0","id":1}'), "neither a result nor an error"],
    ["a bad error member", () => jsonBody('{"jsonrpc":"2.0","id":1,"error":"boom"}'), "not a JSON-RPC error object"],
    ["a wrong id", () => jsonBody('{"jsonrpc":"2.0","id":2,"result":1}'), "does not match"],
    ["no id", () => jsonBody('{"jsonrpc":"2.0","result":1}'), "no usable id"],
  ];
  for (const [name, answer, reason] of cases) {
    test(`${name} → MalformedResponseError, not retried`, async () => {
      const route = rpcRoute(url, answer);
      server.use(route.handler);
      const error = await rejection(createRpcClient({ ...fast, retryCount: 2 }).request({ method: "zgs_getStatus" }));
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect((error as MalformedResponseError).details).toContain(reason);
      expect((error as MalformedResponseError).metaMessages).toContain("Method: zgs_getStatus");
      expect(route.bodies).toHaveLength(1);
    });
  }

  test("a batch entry that is malformed fails that request only", async () => {
    server.use(
      rpcRoute(url, (body) => jsonBody(`[${respond(body, (r) => (r.method === "b" ? `{"id":${r.id}}` : result(r.id, r.method))).slice(1)}`)).handler,
    );
    const client = createRpcClient({ url });
    const settled = await Promise.allSettled([client.request({ method: "a" }), client.request({ method: "b" })]);
    expect(settled[0]).toEqual({ status: "fulfilled", value: "a" });
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(MalformedResponseError);
  });
});

describe("abort", () => {
  test("an AbortSignal aborts an in-flight request with RequestAbortedError", async () => {
    server.use(
      rpcRoute(url, async (body) => {
        await delay(1_000);
        return ok(body);
      }).handler,
    );
    const controller = new AbortController();
    const promise = createRpcClient(fast).request({ method: "a" }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 10);
    const error = await rejection(promise);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as RequestAbortedError).cause).toEqual(new Error("user left"));
  });

  test("an already aborted signal rejects without sending", async () => {
    const route = rpcRoute(url, ok);
    server.use(route.handler);
    const error = await rejection(createRpcClient(fast).request({ method: "a" }, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(route.bodies).toHaveLength(0);
  });

  test("aborting stops the backoff between retries", async () => {
    const route = rpcRoute(url, () => new HttpResponse(null, { status: 503, headers: { "retry-after": "5" } }));
    server.use(route.handler);
    const controller = new AbortController();
    const started = Date.now();
    const promise = createRpcClient({ ...fast, retryCount: 5 }).request({ method: "a" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(promise).rejects.toBeInstanceOf(RequestAbortedError);
    await delay(20);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(route.bodies).toHaveLength(1);
  });

  test("aborting one request of a batch leaves the others answered", async () => {
    server.use(
      rpcRoute(url, async (body) => {
        await delay(50);
        return ok(body);
      }).handler,
    );
    const client = createRpcClient({ url });
    const controller = new AbortController();
    const kept = client.request({ method: "kept" });
    const dropped = client.request({ method: "dropped" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(dropped).rejects.toBeInstanceOf(RequestAbortedError);
    await expect(kept).resolves.toBe("ok");
  });
});
