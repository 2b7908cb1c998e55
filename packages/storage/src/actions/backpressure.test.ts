import { http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bytesOf, startDevnet, type TestDevnet } from "../test/devnet.js";
import { download } from "./download.js";
import { upload } from "./upload.js";

// What a devnet cannot show, injected with msw in front of a real devnet: a storage node's chunk
// pool answering "too many data writing" (0G's back-pressure) and an indexer answering 503.

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let env: TestDevnet;
const server = setupServer();
beforeAll(async () => {
  env = await startDevnet();
  server.listen({ onUnhandledFrame: "bypass" });
});
afterAll(async () => {
  server.close();
  await env.devnet.stop();
});

describe("transient node errors", () => {
  it("retries back-pressure and 5xx with backoff, then succeeds", async () => {
    let uploads = 0;
    let refused = 0;
    let indexerCalls = 0;
    server.use(
      http.post(`${env.devnet.storage.indexerUrl}`, () => (indexerCalls++ === 0 ? new HttpResponse("busy", { status: 503 }) : passthrough())),
      http.post(/\/storage\/\d+$/, async ({ request }) => {
        const body = (await request.clone().json()) as { id: number; method: string };
        if (body.method !== "zgs_uploadSegmentsByTxSeq") return passthrough();
        if (uploads++ < 2) {
          refused++;
          return HttpResponse.json({ jsonrpc: "2.0", id: body.id, error: { code: -32000, message: "too many data writing: 8" } });
        }
        return passthrough();
      }),
    );
    const data = bytesOf(600_000, 71);
    const result = await upload(env.wallet(1), { data, retry: { count: 3, delay: 10 } });
    expect(refused).toBe(2);
    expect(indexerCalls).toBeGreaterThan(1);
    expect(result.status).toBe("uploaded");
    server.resetHandlers();
    expect((await download(env.wallet(1), { root: result.root })).data).toEqual(data);
  });
});
