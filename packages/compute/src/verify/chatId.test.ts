import { describe, expect, it } from "vitest";
import { chatIdHeader, getChatId } from "./chatId.js";

describe("getChatId", () => {
  it("prefers the ZG-Res-Key header, in any case, from fetch Headers or a plain object", () => {
    const body = { id: "chatcmpl-1" };
    expect(chatIdHeader).toBe("ZG-Res-Key");
    expect(getChatId({ headers: new Headers({ "ZG-Res-Key": "key-1" }), body })).toBe("key-1");
    expect(getChatId({ headers: { "zg-res-key": "key-2" }, body })).toBe("key-2");
    expect(getChatId({ headers: { "ZG-RES-KEY": ["key-3", "x"] }, body })).toBe("key-3");
  });

  it("falls back to the completion id (object, JSON text, or the first SSE chunk with one)", () => {
    expect(getChatId({ headers: new Headers(), body: { id: "chatcmpl-1" } })).toBe("chatcmpl-1");
    expect(getChatId({ headers: { "zg-res-key": "" }, body: '{"id":"chatcmpl-2"}' })).toBe("chatcmpl-2");
    expect(getChatId({ body: 'data: {"choices":[]}\n\ndata: {"id":"chatcmpl-3","choices":[]}\n\ndata: [DONE]\n\n' })).toBe("chatcmpl-3");
    expect(getChatId({ body: 'data:{"id":"chatcmpl-4"}\r\n' })).toBe("chatcmpl-4");
  });

  it("is undefined when there is neither", () => {
    expect(getChatId({})).toBeUndefined();
    expect(getChatId({ body: { id: 5 } })).toBeUndefined();
    expect(getChatId({ body: "data: [DONE]\n" })).toBeUndefined();
    expect(getChatId({ body: "not json" })).toBeUndefined();
    expect(getChatId({ body: null })).toBeUndefined();
  });
});
