import { describe, expect, it } from "vitest";
import { Base64Bytes, cutLongStrings, handleJsonRpcBody, plainResult, type RpcDispatch } from "./jsonrpc.js";

const echo: RpcDispatch = async (method, params) =>
  method === "fail" ? { error: { code: -32000, message: "boom", data: "0x01" } } : method === "throw" ? Promise.reject(new Error("kaput")) : { result: { method, params } };

describe("handleJsonRpcBody", () => {
  it("passes params through and keeps string ids", async () => {
    const reply = await handleJsonRpcBody('{"jsonrpc":"2.0","id":"a","method":"m","params":{"x":1}}', echo);
    expect(JSON.parse(String(reply.body))).toEqual({ jsonrpc: "2.0", id: "a", result: { method: "m", params: { x: 1 } } });
  });

  it("forwards error objects with their data", async () => {
    const reply = await handleJsonRpcBody('{"jsonrpc":"2.0","id":null,"method":"fail"}', echo);
    expect(JSON.parse(String(reply.body))).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "boom", data: "0x01" } });
  });

  it("turns a throwing handler into -32603", async () => {
    const reply = await handleJsonRpcBody('{"jsonrpc":"2.0","id":1,"method":"throw"}', echo);
    expect(JSON.parse(String(reply.body))).toMatchObject({ id: 1, error: { code: -32603, message: "kaput" } });
  });

  it("keeps negative, fractional and huge ids exactly", async () => {
    for (const id of ["-5", "1.5", "18446744073709551617", "1e400"]) {
      const reply = await handleJsonRpcBody(`{"jsonrpc":"2.0","id":${id},"method":"m"}`, echo);
      expect(String(reply.body).startsWith(`{"jsonrpc":"2.0","id":${id},`)).toBe(true);
    }
  });
});

describe("bodies as bytes: long strings reach dispatch as their bytes", () => {
  const long = "QUJD".repeat(2000);
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("cuts long strings (not keys, not escaped ones) and restores them as byte views", () => {
    const body = utf8(`{"a":"${long}","b":["x","${long}"],"${long}":1,"c":"\\"${long}","é":"ü"}`);
    const { text, restore } = cutLongStrings(body, 4096);
    expect(text.length).toBeLessThan(body.length - 15_000); // two of the four long strings are cut
    const value = restore!(JSON.parse(text)) as Record<string, unknown>;
    expect(new TextDecoder().decode(value.a as Uint8Array)).toBe(long);
    expect(new TextDecoder().decode((value.b as Uint8Array[])[1])).toBe(long);
    expect((value.b as string[])[0]).toBe("x");
    expect(value[long]).toBe(1);
    expect(value.c).toBe(`"${long}`);
    expect(value["é"]).toBe("ü");
    expect(cutLongStrings(utf8('{"a":"short"}'), 4096).restore).toBeUndefined();
  });

  it("handleJsonRpcBody of bytes: same answers, ids byte for byte, long params as bytes", async () => {
    let seen: unknown;
    const reply = await handleJsonRpcBody(utf8(`{"jsonrpc":"2.0","id":1e400,"method":"m","params":["${long}",2]}`), async (method, params) => {
      seen = params;
      return { result: method };
    });
    expect(reply.body).toBe('{"jsonrpc":"2.0","id":1e400,"result":"m"}');
    expect((seen as unknown[])[0]).toBeInstanceOf(Uint8Array);
    expect((seen as unknown[])[1]).toBe(2);
    expect(JSON.parse(String((await handleJsonRpcBody(utf8("{nope"), echo)).body))).toMatchObject({ error: { code: -32700 } });
  });
});

describe("results carrying Base64Bytes (segment data)", () => {
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff);
  const base64 = Buffer.from(bytes).toString("base64");
  const segments: RpcDispatch = async (method) =>
    method === "bare" ? { result: new Base64Bytes(bytes) } : { result: { root: "0xab", data: new Base64Bytes(bytes.subarray(1)), index: 1, note: "é" } };

  it("are written as bytes: the same JSON as with the base64 string", async () => {
    const one = await handleJsonRpcBody('{"jsonrpc":"2.0","id":7,"method":"m"}', segments);
    expect(Buffer.isBuffer(one.body)).toBe(true);
    expect(JSON.parse(String(one.body))).toEqual({ jsonrpc: "2.0", id: 7, result: { root: "0xab", data: Buffer.from(bytes.subarray(1)).toString("base64"), index: 1, note: "é" } });
    const batch = await handleJsonRpcBody('[{"jsonrpc":"2.0","id":1,"method":"bare"},{"jsonrpc":"2.0","id":2,"method":"m"},{"jsonrpc":"2.0","id":3}]', segments);
    const answers = JSON.parse(String(batch.body)) as { id: number; result?: unknown }[];
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(answers[0]!.result).toBe(base64);
  });

  it("in-process callers get the base64 string", () => {
    expect(plainResult(new Base64Bytes(bytes))).toBe(base64);
    expect(plainResult({ data: new Base64Bytes(bytes), index: 2 })).toEqual({ data: base64, index: 2 });
    const other = { a: 1 };
    expect(plainResult(other)).toBe(other);
  });
});
