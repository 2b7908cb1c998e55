import { readStreamUsage, readUsage } from "@0g/compute";
import { describe, expect, it } from "vitest";
import { DevnetOptionError } from "../errors.js";
import { builtinAnswer } from "./model/builtin.js";
import { completionEvents, completionJson } from "./model/format.js";
import { countPromptTokens, countTokens, splitTokens, truncateTokens } from "./model/tokens.js";
import type { ChatRequest } from "./model/types.js";
import { builtinModelName, resolveComputeOptions } from "./options.js";

const request = (content: string, extra: Partial<ChatRequest["body"]> = {}): ChatRequest => ({
  body: { model: builtinModelName, messages: [{ role: "system", content: "Be brief." }, { role: "user", content }], ...extra },
  rawBody: new Uint8Array(),
  stream: extra.stream === true,
  id: "chatcmpl-test",
  created: 1_700_000_000,
  model: builtinModelName,
  signal: new AbortController().signal,
});

describe("the built-in model", () => {
  it("answers the same messages with the same text, and other messages with other text", () => {
    const messages = [{ role: "user", content: "What is 0G?" }];
    expect(builtinAnswer(messages)).toBe(builtinAnswer([{ role: "user", content: "What is 0G?" }]));
    expect(builtinAnswer(messages)).toMatch(/^You asked: "What is 0G\?"\. [A-Z]/);
    expect(builtinAnswer([{ role: "user", content: "What is 0G storage?" }])).not.toBe(builtinAnswer(messages));
    expect(builtinAnswer([])).toMatch(/^You sent no question\./);
  });

  it("counts tokens like a BPE tokenizer would, roughly", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("Hello, world!")).toBe(4); // as OpenAI's tokenizers count it
    expect(countTokens("decentralized")).toBe(3);
    expect(countTokens("the cat sat")).toBe(3);
    expect(countTokens("1234567")).toBe(3);
    // OpenAI's chat framing: 3 per message and 3 to prime the reply
    expect(countPromptTokens([{ role: "user", content: "the cat sat" }])).toBe(3 + 3 + 3);
    const prose = builtinAnswer([{ role: "user", content: "Tell me about decentralized storage networks." }]);
    expect(countTokens(prose)).toBeGreaterThan(prose.length / 8);
    expect(countTokens(prose)).toBeLessThan(prose.length / 2);
    expect(splitTokens(prose, 4).join("")).toBe(prose);
    expect(countTokens(truncateTokens(prose, 10))).toBeLessThanOrEqual(10);
  });

  it("formats a completion with usage that 0G's readers bill from", () => {
    const text = completionJson(request("What is 0G?"), "Zero gravity, a chain for AI.");
    const completion = JSON.parse(text);
    expect(completion).toMatchObject({ id: "chatcmpl-test", object: "chat.completion", model: builtinModelName, created: 1_700_000_000 });
    expect(completion.choices[0]).toMatchObject({ index: 0, message: { role: "assistant", content: "Zero gravity, a chain for AI." }, finish_reason: "stop" });
    expect(readUsage(text)).toEqual({
      promptTokens: countPromptTokens(request("What is 0G?").body.messages),
      completionTokens: countTokens("Zero gravity, a chain for AI."),
      totalTokens: countPromptTokens(request("What is 0G?").body.messages) + countTokens("Zero gravity, a chain for AI."),
    });
  });

  it("streams several chunks, then finish_reason, then usage, then [DONE]", () => {
    const answer = builtinAnswer([{ role: "user", content: "Stream please" }]);
    const events = [...completionEvents(request("Stream please", { stream: true }), answer)];
    expect(events.length).toBeGreaterThan(5);
    expect(events.at(-1)).toBe("data: [DONE]\n\n");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe(answer);
    expect(chunks.at(-2).choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: countTokens(answer) } });
    expect(readStreamUsage(events.join(""))?.completionTokens).toBe(countTokens(answer));
  });

  it("stops at max_tokens with finish_reason length", () => {
    const completion = JSON.parse(completionJson(request("Long answer", { max_tokens: 5 }), builtinAnswer([{ role: "user", content: "x" }])));
    expect(completion.choices[0].finish_reason).toBe("length");
    expect(completion.usage.completion_tokens).toBeLessThanOrEqual(5);
  });
});

describe("compute options", () => {
  it("defaults to 2 built-in providers at 0G-like prices", () => {
    const o = resolveComputeOptions(undefined)!;
    expect(o.models).toEqual([
      { kind: "builtin", name: builtinModelName },
      { kind: "builtin", name: builtinModelName },
    ]);
    expect(o.threshold).toBe((o.inputPrice + o.outputPrice) * 1_000_000n);
    expect(o.minLockedBalance).toBe(10n ** 18n);
    expect(o.autoSettle).toBe(true);
    expect(resolveComputeOptions(false)).toBeUndefined();
  });

  it("cycles per-provider models and resolves proxies and handlers", () => {
    const handler = () => ({ content: "hi" });
    const o = resolveComputeOptions({ providers: 3, model: ["a", { url: "http://127.0.0.1:1/v1/", upstreamModel: "llama3" }] })!;
    expect(o.models.map((m) => m.kind)).toEqual(["builtin", "proxy", "builtin"]);
    expect(o.models[1]).toMatchObject({ name: "llama3", url: "http://127.0.0.1:1/v1", upstreamModel: "llama3" });
    expect(resolveComputeOptions({ model: { handler, name: "mine" } })!.models[0]).toEqual({ kind: "handler", name: "mine", handler });
  });

  it.each([
    [{ providers: 0 }, "compute.providers"],
    [{ providers: 1.5 }, "compute.providers"],
    [{ inputPrice: -1n }, "compute.inputPrice"],
    [{ model: [] }, "compute.model"],
    [{ model: { url: "ftp://x" } }, "compute.model.url"],
    [{ model: { handler: 1 } }, "compute.model.handler"],
    [{ settlement: { threshold: 5 } }, "compute.settlement.threshold"],
  ])("rejects bad values: %#", (options, option) => {
    expect(() => resolveComputeOptions(options as never)).toThrow(DevnetOptionError);
    try {
      resolveComputeOptions(options as never);
    } catch (e) {
      expect((e as DevnetOptionError).option).toBe(option);
    }
  });
});
