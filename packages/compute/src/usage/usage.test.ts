import { InvalidParameterError } from "@0g/core";
import { describe, expect, it } from "vitest";
import { InvalidUsageError } from "../errors.js";
import { computeFee } from "./fee.js";
import { readStreamUsage, readUsage } from "./usage.js";

describe("readUsage", () => {
  it("reads OpenAI usage from a completion object or its JSON text", () => {
    const completion = { id: "x", usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 } };
    expect(readUsage(completion)).toEqual({ promptTokens: 12, completionTokens: 30, totalTokens: 42 });
    expect(readUsage(JSON.stringify(completion))).toEqual({ promptTokens: 12, completionTokens: 30, totalTokens: 42 });
    expect(readUsage({ usage: { prompt_tokens: 3, completion_tokens: 4 } })).toEqual({ promptTokens: 3, completionTokens: 4, totalTokens: 7 });
    expect(readUsage({ usage: { completion_tokens: 4, prompt_tokens_details: { cached_tokens: 0 } } })).toEqual({ promptTokens: 0, completionTokens: 4, totalTokens: 4 });
  });

  it("is undefined without usage", () => {
    expect(readUsage({ id: "x" })).toBeUndefined();
    expect(readUsage({ usage: null })).toBeUndefined();
    expect(readUsage("not json")).toBeUndefined();
    expect(readUsage(undefined)).toBeUndefined();
  });

  it("malformed counts: InvalidUsageError (4030)", () => {
    for (const [usage, field] of [
      [{ prompt_tokens: -1, completion_tokens: 1 }, "prompt_tokens"],
      [{ prompt_tokens: 1.5, completion_tokens: 1 }, "prompt_tokens"],
      [{ prompt_tokens: 1, completion_tokens: "2" }, "completion_tokens"],
      [{ prompt_tokens: 1, completion_tokens: 2, total_tokens: -3 }, "total_tokens"],
      ["12", undefined],
      [[1, 2], undefined],
    ] as const) {
      let error: unknown;
      try {
        readUsage({ usage });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(usage)).toBeInstanceOf(InvalidUsageError);
      expect(error).toMatchObject({ code: 4030, field });
    }
  });
});

describe("readStreamUsage", () => {
  it("takes the final chunk's usage (stream_options.include_usage)", () => {
    const sse = [
      'data: {"id":"c","choices":[{"delta":{"content":"he"}}],"usage":null}',
      "",
      'data: {"id":"c","choices":[{"delta":{"content":"llo"}}],"usage":null}',
      "",
      'data: {"id":"c","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}',
      "",
      "data: [DONE]",
      "",
    ].join("\n");
    expect(readStreamUsage(sse)).toEqual({ promptTokens: 9, completionTokens: 2, totalTokens: 11 });
  });

  it("ignores empty usages, lines after [DONE], comments and non-JSON lines, as the broker does", () => {
    const sse = [
      ": keep-alive",
      'data: {"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}',
      'data: {"usage":{}}',
      'data: {"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}',
      "data: garbage",
      "data: [DONE]",
      'data: {"usage":{"prompt_tokens":100,"completion_tokens":100}}',
    ].join("\r\n");
    expect(readStreamUsage(sse)).toEqual({ promptTokens: 9, completionTokens: 2, totalTokens: 11 });
    expect(readStreamUsage('data: {"choices":[]}\n\ndata: [DONE]\n')).toBeUndefined();
    expect(readStreamUsage("")).toBeUndefined();
  });
});

describe("computeFee", () => {
  it("is promptTokens × inputPrice + completionTokens × outputPrice, in bigint", () => {
    expect(computeFee({ usage: { promptTokens: 12, completionTokens: 30 }, inputPrice: 100n, outputPrice: 1000n })).toBe(31_200n);
    const big = 10n ** 30n;
    expect(computeFee({ usage: { promptTokens: 2 ** 40, completionTokens: 1 }, inputPrice: big, outputPrice: big })).toBe(BigInt(2 ** 40) * big + big);
    expect(computeFee({ usage: readUsage({ usage: { prompt_tokens: 1, completion_tokens: 0 } })!, inputPrice: 7n, outputPrice: 9n })).toBe(7n);
  });

  it("refuses negative prices and counts", () => {
    expect(() => computeFee({ usage: { promptTokens: 1, completionTokens: 1 }, inputPrice: -1n, outputPrice: 1n })).toThrow(InvalidParameterError);
    expect(() => computeFee({ usage: { promptTokens: -1, completionTokens: 1 }, inputPrice: 1n, outputPrice: 1n })).toThrow(InvalidParameterError);
    // @ts-expect-error: prices are bigints
    expect(() => computeFee({ usage: { promptTokens: 1, completionTokens: 1 }, inputPrice: 1, outputPrice: 1n })).toThrow(InvalidParameterError);
  });
});
