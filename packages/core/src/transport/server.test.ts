// Against real node:http servers on 127.0.0.1 (no msw in this file).
import { afterEach, describe, expect, test } from "vitest";
import { startServer } from "../../test/http-server.js";
import { parseRequests, respond, result } from "../../test/jsonrpc.js";
import { HttpRequestError, TimeoutError } from "../errors/transport.js";
import { createRpcClient } from "./createRpcClient.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function server(answer: Parameters<typeof startServer>[0]) {
  const started = await startServer(answer);
  cleanups.push(started.close);
  return started;
}

describe("over real HTTP", () => {
  test("requests issued in the same tick reach the server as one batch", async () => {
    const { url, bodies } = await server((body) => respond(body, (r) => result(r.id, `${r.method}:${JSON.stringify(r.params)}`)));
    const client = createRpcClient({ url });
    const results = await Promise.all([
      client.request({ method: "zgs_getStatus" }),
      client.request({ method: "zgs_getShardConfig" }),
      client.request({ method: "zgs_getFileInfo", params: ["0x01", false] }),
    ]);
    expect(results).toEqual(["zgs_getStatus:undefined", "zgs_getShardConfig:undefined", 'zgs_getFileInfo:["0x01",false]']);
    expect(bodies).toHaveLength(1);
    const { batch, requests } = parseRequests(bodies[0] ?? "");
    expect(batch).toBe(true);
    expect(requests.map((r) => r.method)).toEqual(["zgs_getStatus", "zgs_getShardConfig", "zgs_getFileInfo"]);
  });

  test("ids above 2^53 round-trip through a real server", async () => {
    const { url } = await server((body) => {
      const { requests } = parseRequests(body);
      return `[${requests.reverse().map((r) => result(r.id, r.id)).join(",")}]`;
    });
    const client = createRpcClient({ url, idStart: 9_007_199_254_740_993n });
    await expect(Promise.all([client.request({ method: "a" }), client.request({ method: "b" })])).resolves.toEqual([
      "9007199254740993",
      "9007199254740994",
    ]);
  });

  test("a slow server times out and the next attempt succeeds", async () => {
    const { url, bodies } = await server((body, n) => ({ body: respond(body, (r) => result(r.id, "late ok")), delay: n === 0 ? 2_000 : 0 }));
    const client = createRpcClient({ url, timeout: 50, retryDelay: 1 });
    await expect(client.request({ method: "a" })).resolves.toBe("late ok");
    expect(bodies).toHaveLength(2);
  });

  test("a server that always stalls rejects with TimeoutError", async () => {
    const { url } = await server(() => ({ body: "{}", delay: 2_000 }));
    await expect(createRpcClient({ url, timeout: 30, retryCount: 1, retryDelay: 1 }).request({ method: "a" })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  test("a refused connection is retried, then rejects with HttpRequestError", async () => {
    const { url, close } = await startServer(() => "{}");
    await close();
    const error = await createRpcClient({ url, retryCount: 2, retryDelay: 1 })
      .request({ method: "a" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).status).toBeUndefined();
    expect((error as HttpRequestError).details).toMatch(/ECONNREFUSED/);
  });
});
