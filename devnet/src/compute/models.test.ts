import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { computeFee, readStreamUsage, readUsage, verifyResponseSignature } from "@0g/compute";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../create-devnet.js";
import type { ChatHandler } from "./model/types.js";
import { computeUser, type ComputeTestUser } from "./test-helpers.js";

/** A tiny OpenAI-compatible server: `/v1/chat/completions` (JSON or SSE with usage) and `/v1/models`. */
function startUpstream() {
  const received: { body: Record<string, unknown>; authorization: string | undefined }[] = [];
  let failNext = false;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "tiny-llm", object: "model", owned_by: "test" }] }));
      return;
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return void res.writeHead(404).end();
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { stream?: boolean; stream_options?: { include_usage?: boolean } };
    received.push({ body, authorization: req.headers.authorization });
    if (failNext) {
      failNext = false;
      res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"message":"model is loading"}}');
      return;
    }
    const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ id: "chatcmpl-UPSTREAM1", object: "chat.completion", created: 1, model: "tiny-llm", choices: [{ index: 0, message: { role: "assistant", content: "Hi from upstream" }, finish_reason: "stop" }], usage }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const piece of ["Hi ", "from ", "upstream"]) {
      res.write(`data: ${JSON.stringify({ id: "chatcmpl-UPSTREAM2", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: piece } }] })}\n\n`);
      await new Promise((r) => setTimeout(r, 5));
    }
    if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id: "chatcmpl-UPSTREAM2", object: "chat.completion.chunk", choices: [], usage })}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  return {
    received,
    failNextRequest: () => void (failNext = true),
    start: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const upstream = startUpstream();
let devnet: Devnet;
let served: ServedDevnet;
let user: ComputeTestUser;

const shout: ChatHandler = ({ body }) => ({ content: String(body.messages.at(-1)?.content ?? "").toUpperCase() });

beforeAll(async () => {
  const url = await upstream.start();
  devnet = await createDevnet({
    storage: false,
    compute: {
      providers: 3,
      model: [{ url, name: "tiny", upstreamModel: "tiny-llm", apiKey: "sk-upstream" }, { name: "shout", handler: shout }, { url: "http://127.0.0.1:9/v1", name: "gone" }],
      settlement: { auto: false },
    },
  });
  served = await devnet.serve({ port: 0 });
  user = computeUser(devnet, served.endpoints.rpc, devnet.accounts[1]!.privateKey);
  for (const p of devnet.compute.providers) await user.fund(p.address);
});
afterAll(async () => {
  await devnet.stop();
  await upstream.close();
});

describe("a provider proxying to an OpenAI-compatible server", () => {
  it("forwards the request with the upstream's model name and key, and passes the answer back signed and billed", async () => {
    const p = devnet.compute.providers[0]!;
    expect(p.modelKind).toBe("proxy");
    const service = await user.service(p.address);
    expect(service.model).toBe("tiny");
    expect(JSON.parse(service.additionalInfo)).toMatchObject({ ProviderType: "centralized" });
    const { res, request, response, chatId } = await user.chat(p.url, await user.token(p.address), { model: "tiny", messages: [{ role: "user", content: "hello" }] });
    expect(res.status).toBe(200);
    expect(upstream.received.at(-1)).toMatchObject({ body: { model: "tiny-llm" }, authorization: "Bearer sk-upstream" });
    expect(JSON.parse(response)).toMatchObject({ id: "chatcmpl-UPSTREAM1", choices: [{ message: { content: "Hi from upstream" } }] });
    // ZG-Res-Key names the provider's own key; the upstream's id finds the same signature.
    expect(chatId).toBe(res.headers.get("ZG-Res-Key"));
    for (const id of [chatId!, "chatcmpl-UPSTREAM1"])
      await verifyResponseSignature({ signature: (await user.signature(p.url, id)).body, signer: p.teeSigner, request, response });
    expect(devnet.compute.unsettledFee(0, user.address)).toBe(computeFee({ usage: readUsage(response)!, inputPrice: p.inputPrice, outputPrice: p.outputPrice }));
  });

  it("streams the upstream's events as they come, asking it for usage", async () => {
    const p = devnet.compute.providers[0]!;
    const before = devnet.compute.unsettledFee(0, user.address);
    const { request, response, chatId } = await user.chat(p.url, await user.token(p.address), {
      model: "tiny",
      stream: true,
      messages: [{ role: "user", content: "stream" }],
    });
    expect(upstream.received.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(readStreamUsage(response)).toEqual({ promptTokens: 11, completionTokens: 7, totalTokens: 18 });
    await verifyResponseSignature({ signature: (await user.signature(p.url, chatId!)).body, signer: p.teeSigner, request, response });
    expect(devnet.compute.unsettledFee(0, user.address) - before).toBe(11n * p.inputPrice + 7n * p.outputPrice);
  });

  it("passes upstream errors through unbilled, and answers 0G's error when the upstream is down", async () => {
    const p = devnet.compute.providers[0]!;
    const before = devnet.compute.unsettledFee(0, user.address);
    upstream.failNextRequest();
    const failed = await user.chat(p.url, await user.token(p.address), { model: "tiny", messages: [{ role: "user", content: "x" }] });
    expect(failed.res.status).toBe(503);
    expect(JSON.parse(failed.response)).toEqual({ error: { message: "model is loading" } });
    expect(devnet.compute.unsettledFee(0, user.address)).toBe(before);

    const gone = devnet.compute.providers[2]!;
    const down = await user.chat(gone.url, await user.token(gone.address), { model: "gone", messages: [{ role: "user", content: "x" }] });
    expect(down.res.status).toBe(400);
    expect(JSON.parse(down.response).error).toMatch(/^Provider proxy: handle proxied service response, call proxied service: fetch failed/);
  });

  it("lists the upstream's models", async () => {
    const p = devnet.compute.providers[0]!;
    expect(await (await fetch(`${p.url}/v1/proxy/models`)).json()).toMatchObject({ data: [{ id: "tiny-llm" }] });
    expect(await (await fetch(`${p.url}/v1/models`)).json()).toMatchObject({ object: "list", data: [{ id: "tiny", pricing: { prompt: String(p.inputPrice) } }] });
  });
});

describe("a provider with a handler of its own", () => {
  it("formats its text as a completion or a stream, with usage", async () => {
    const p = devnet.compute.providers[1]!;
    const token = await user.token(p.address);
    const plain = await user.chat(p.url, token, { model: "shout", messages: [{ role: "user", content: "quiet please" }] });
    expect(JSON.parse(plain.response)).toMatchObject({ model: "shout", choices: [{ message: { content: "QUIET PLEASE" } }], usage: { completion_tokens: 2 } });
    const streamed = await user.chat(p.url, token, { model: "shout", stream: true, messages: [{ role: "user", content: "quiet please" }] });
    expect(readStreamUsage(streamed.response)?.completionTokens).toBe(2);
    await verifyResponseSignature({ signature: (await user.signature(p.url, streamed.chatId!)).body, signer: p.teeSigner, request: streamed.request, response: streamed.response });
  });
});
