import { describe, expect, expectTypeOf, test } from "vitest";
import { parseRequests, respond, result, rpcError } from "../../test/jsonrpc.js";
import { jsonBody, rpcRoute, useMswServer } from "../../test/msw.js";
import { InvalidParameterError } from "../errors/general.js";
import { MalformedResponseError, RpcResponseError } from "../errors/transport.js";
import { createRpcClient } from "./createRpcClient.js";
import type { RpcBatchResult } from "./types.js";

const url = "https://node.example/rpc";
const server = useMswServer();

/** Echoes `{ method, params }` back as the result of every request. */
const echo = (body: string) => jsonBody(respond(body, (r) => result(r.id, { method: r.method, params: r.params ?? null })));

describe("request", () => {
  test("sends a JSON-RPC 2.0 request and resolves with its result", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    const client = createRpcClient({ url });
    await expect(client.request({ method: "zgs_getStatus" })).resolves.toEqual({ method: "zgs_getStatus", params: null });
    await expect(client.request({ method: "zgs_getFileInfo", params: ["0xab", true] })).resolves.toEqual({
      method: "zgs_getFileInfo",
      params: ["0xab", true],
    });
    expect(route.bodies).toEqual([
      '{"jsonrpc":"2.0","id":1,"method":"zgs_getStatus"}',
      '{"jsonrpc":"2.0","id":2,"method":"zgs_getFileInfo","params":["0xab",true]}',
    ]);
    expect(route.headers[0]?.get("content-type")).toBe("application/json");
  });

  test("sends custom headers", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    const client = createRpcClient({ url, headers: { authorization: "Bearer app-sk-secret" } });
    await client.request({ method: "kv_getValue" });
    expect(route.headers[0]?.get("authorization")).toBe("Bearer app-sk-secret");
  });

  test("writes bigint params as exact JSON integers", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    await createRpcClient({ url }).request({ method: "zgs_getFileInfoByTxSeq", params: [2n ** 64n] });
    expect(route.bodies[0]).toContain('"params":[18446744073709551616]');
  });

  test("rejects unserializable params and bad arguments with InvalidParameterError, without sending", async () => {
    const client = createRpcClient({ url });
    const circular: unknown[] = [];
    circular.push(circular);
    await expect(client.request({ method: "x", params: circular })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(client.request({ method: "" })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(client.request({ method: "x", params: 5 as never })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  test("validates its configuration", () => {
    expect(() => createRpcClient({ url: "ftp://x" })).toThrow(InvalidParameterError);
    expect(() => createRpcClient({ url, timeout: 0 })).toThrow(InvalidParameterError);
    expect(() => createRpcClient({ url, retryCount: -1 })).toThrow(InvalidParameterError);
    expect(() => createRpcClient({ url, retryCount: 1.5 })).toThrow(InvalidParameterError);
    expect(() => createRpcClient({ url, batch: { batchSize: 0 } })).toThrow(InvalidParameterError);
    expect(() => createRpcClient({ url, idStart: 0.5 })).toThrow(InvalidParameterError);
  });

  test("uses a custom fetch", async () => {
    const calls: string[] = [];
    const client = createRpcClient({
      url,
      fetch: async (input, init) => {
        calls.push(`${input} ${String(init.body)}`);
        return jsonBody(respond(String(init.body), (r) => result(r.id, 7)));
      },
    });
    await expect(client.request({ method: "a" })).resolves.toBe(7);
    expect(calls).toEqual([`${url} {"jsonrpc":"2.0","id":1,"method":"a"}`]);
  });
});

describe("batching", () => {
  test("coalesces requests issued in the same tick into one batch, matched by id", async () => {
    // The server answers in reverse order: matching must go by id, not by position.
    const route = rpcRoute(url, (body) => {
      const { requests } = parseRequests(body);
      return jsonBody(`[${requests.reverse().map((r) => result(r.id, r.method)).join(",")}]`);
    });
    server.use(route.handler);
    const client = createRpcClient({ url });
    const results = await Promise.all([client.request({ method: "a" }), client.request({ method: "b" }), client.request({ method: "c" })]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(route.bodies).toHaveLength(1);
    expect(parseRequests(route.bodies[0] ?? "").batch).toBe(true);
  });

  test("splits batches larger than batchSize", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    const client = createRpcClient({ url, batch: { batchSize: 2 } });
    const results = await Promise.all(["a", "b", "c", "d", "e"].map((method) => client.request({ method })));
    expect(results.map((r) => (r as { method: string }).method)).toEqual(["a", "b", "c", "d", "e"]);
    expect(route.bodies.map((b) => parseRequests(b).requests.length)).toEqual([2, 2, 1]);
  });

  test("batch: false sends one HTTP request per call", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    const client = createRpcClient({ url, batch: false });
    await Promise.all([client.request({ method: "a" }), client.request({ method: "b" })]);
    expect(route.bodies.map((b) => parseRequests(b).batch)).toEqual([false, false]);
  });

  test("wait gathers requests issued within the window", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    const client = createRpcClient({ url, batch: { wait: 30 } });
    const first = client.request({ method: "a" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([first, client.request({ method: "b" })]);
    expect(route.bodies).toHaveLength(1);
  });

  test("a partial batch error rejects exactly the failed request", async () => {
    server.use(
      rpcRoute(url, (body) =>
        jsonBody(
          respond(body, (r) =>
            r.method === "bad" ? rpcError(r.id, -32602, "Invalid params: root", "already uploaded and finalized") : result(r.id, r.method),
          ),
        ),
      ).handler,
    );
    const client = createRpcClient({ url });
    const [a, bad, c] = await Promise.allSettled([
      client.request({ method: "a" }),
      client.request({ method: "bad" }),
      client.request({ method: "c" }),
    ]);
    expect(a).toEqual({ status: "fulfilled", value: "a" });
    expect(c).toEqual({ status: "fulfilled", value: "c" });
    expect(bad.status).toBe("rejected");
    const error = (bad as PromiseRejectedResult).reason as RpcResponseError;
    expect(error).toBeInstanceOf(RpcResponseError);
    expect(error.rpcError).toEqual({ code: -32602, message: "Invalid params: root", data: "already uploaded and finalized" });
    expect(error.method).toBe("bad");
  });

  test("a batch answer missing an entry rejects that request only; extra entries are ignored", async () => {
    server.use(
      rpcRoute(url, (body) => {
        const { requests } = parseRequests(body);
        const answers = requests.filter((r) => r.method !== "lost").map((r) => result(r.id, r.method));
        return jsonBody(`[${[...answers, result("999", "stranger")].join(",")}]`);
      }).handler,
    );
    const client = createRpcClient({ url });
    const settled = await Promise.allSettled([client.request({ method: "a" }), client.request({ method: "lost" })]);
    expect(settled[0]).toEqual({ status: "fulfilled", value: "a" });
    const error = (settled[1] as PromiseRejectedResult).reason as MalformedResponseError;
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.details).toContain("no entry for request id 2");
  });

  test("a batch answered with an object rejects every request with MalformedResponseError", async () => {
    server.use(rpcRoute(url, () => jsonBody(result("1", "only one"))).handler);
    const client = createRpcClient({ url });
    const settled = await Promise.allSettled([client.request({ method: "a" }), client.request({ method: "b" })]);
    for (const s of settled) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(MalformedResponseError);
  });

  test("an error with a null id answers every request in the HTTP request", async () => {
    server.use(rpcRoute(url, () => jsonBody(rpcError("null", -32600, "batch too large"))).handler);
    const client = createRpcClient({ url });
    const settled = await Promise.allSettled([client.request({ method: "a" }), client.request({ method: "b" })]);
    for (const s of settled) {
      const error = (s as PromiseRejectedResult).reason as RpcResponseError;
      expect(error).toBeInstanceOf(RpcResponseError);
      expect(error.rpcError.code).toBe(-32600);
    }
  });
});

describe("requestBatch", () => {
  test("settles each request on its own", async () => {
    server.use(
      rpcRoute(url, (body) => jsonBody(respond(body, (r) => (r.method === "bad" ? rpcError(r.id, -32601, "Method not found") : result(r.id, 1))))).handler,
    );
    const client = createRpcClient({ url, batch: false });
    const results = await client.requestBatch([{ method: "a" }, { method: "bad" }, { method: "" }]);
    expect(results[0]).toEqual({ status: "success", result: 1 });
    expect(results[1]?.status).toBe("failure");
    expect(results[1]?.error).toBeInstanceOf(RpcResponseError);
    expect(results[2]?.error).toBeInstanceOf(InvalidParameterError);
    await expect(client.requestBatch([])).resolves.toEqual([]);
  });

  test("sends an array even for one request", async () => {
    const route = rpcRoute(url, echo);
    server.use(route.handler);
    await createRpcClient({ url }).requestBatch([{ method: "a" }]);
    expect(route.bodies[0]).toBe('[{"jsonrpc":"2.0","id":1,"method":"a"}]');
  });
});

describe("ids", () => {
  test("ids above 2^53 are sent exactly and matched exactly when echoed", async () => {
    const route = rpcRoute(url, (body) => {
      const { requests } = parseRequests(body);
      // Reverse order, so that a lossy parse (both ids become 9007199254740992) would mismatch.
      return jsonBody(`[${requests.reverse().map((r) => result(r.id, r.id)).join(",")}]`);
    });
    server.use(route.handler);
    const client = createRpcClient({ url, idStart: 9_007_199_254_740_992n });
    const results = await Promise.all([client.request({ method: "a" }), client.request({ method: "b" })]);
    // Each request got the answer carrying its own exact id, though the server answered in reverse order.
    expect(results).toEqual(["9007199254740992", "9007199254740993"]);
    expect(route.bodies[0]).toContain('"id":9007199254740992,');
    expect(route.bodies[0]).toContain('"id":9007199254740993,');
    const single = rpcRoute(url, (body) => jsonBody(respond(body, (r) => result(r.id, `id ${r.id}`))));
    server.use(single.handler);
    const big = createRpcClient({ url, idStart: 2n ** 64n + 1n, batch: false });
    await expect(big.request({ method: "c" })).resolves.toBe("id 18446744073709551617");
  });

  test("an echoed id that lost precision does not match", async () => {
    server.use(rpcRoute(url, () => jsonBody('{"jsonrpc":"2.0","id":9007199254740992,"result":1}')).handler);
    const client = createRpcClient({ url, idStart: 9_007_199_254_740_993n, batch: false });
    const error = await client.request({ method: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).details).toContain("does not match the request id 9007199254740993");
  });

  test("ids echoed as strings are accepted", async () => {
    server.use(rpcRoute(url, (body) => jsonBody(respond(body, (r) => result(`"${r.id}"`, "ok")))).handler);
    await expect(createRpcClient({ url }).request({ method: "a" })).resolves.toBe("ok");
  });
});

describe("types", () => {
  type Status = { connectedPeers: number };
  type Schema = [
    { Method: "zgs_getStatus"; Parameters?: []; ReturnType: Status },
    { Method: "zgs_getFileInfo"; Parameters: [root: `0x${string}`, needAvailable: boolean]; ReturnType: { finalized: boolean } | null },
  ];

  test("a schema types methods, params and results (type-level only: nothing is sent)", () => {
    const client = createRpcClient<Schema>({ url });
    expectTypeOf(() => client.request({ method: "zgs_getStatus" })).returns.toEqualTypeOf<Promise<Status>>();
    expectTypeOf(() => client.request({ method: "zgs_getFileInfo", params: ["0x01", true] })).returns.toEqualTypeOf<
      Promise<{ finalized: boolean } | null>
    >();
    expectTypeOf(() =>
      client.requestBatch([{ method: "zgs_getStatus" }, { method: "zgs_getFileInfo", params: ["0x01", false] }]),
    ).returns.toEqualTypeOf<Promise<[RpcBatchResult<Status>, RpcBatchResult<{ finalized: boolean } | null>]>>();
    // @ts-expect-error unknown method
    expectTypeOf(() => client.request({ method: "zgs_nope" })).toBeFunction();
    // @ts-expect-error params are required
    expectTypeOf(() => client.request({ method: "zgs_getFileInfo" })).toBeFunction();
    const untyped = createRpcClient({ url });
    expectTypeOf(() => untyped.request<number>({ method: "anything" })).returns.toEqualTypeOf<Promise<number>>();
  });
});
