import { describe, expect, it } from "vitest";
import { handleJsonRpcBody, type RpcDispatch } from "./jsonrpc.js";

const echo: RpcDispatch = async (method, params) =>
  method === "fail" ? { error: { code: -32000, message: "boom", data: "0x01" } } : method === "throw" ? Promise.reject(new Error("kaput")) : { result: { method, params } };

describe("handleJsonRpcBody", () => {
  it("passes params through and keeps string ids", async () => {
    const reply = await handleJsonRpcBody('{"jsonrpc":"2.0","id":"a","method":"m","params":{"x":1}}', echo);
    expect(JSON.parse(reply.body!)).toEqual({ jsonrpc: "2.0", id: "a", result: { method: "m", params: { x: 1 } } });
  });

  it("forwards error objects with their data", async () => {
    const reply = await handleJsonRpcBody('{"jsonrpc":"2.0","id":null,"method":"fail"}', echo);
    expect(JSON.parse(reply.body!)).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "boom", data: "0x01" } });
  });

  it("turns a throwing handler into -32603", async () => {
    const reply = await handleJsonRpcBody('{"jsonrpc":"2.0","id":1,"method":"throw"}', echo);
    expect(JSON.parse(reply.body!)).toMatchObject({ id: 1, error: { code: -32603, message: "kaput" } });
  });

  it("keeps negative, fractional and huge ids exactly", async () => {
    for (const id of ["-5", "1.5", "18446744073709551617", "1e400"]) {
      const reply = await handleJsonRpcBody(`{"jsonrpc":"2.0","id":${id},"method":"m"}`, echo);
      expect(reply.body!.startsWith(`{"jsonrpc":"2.0","id":${id},`)).toBe(true);
    }
  });
});
