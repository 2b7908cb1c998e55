import { describe, expect, test } from "vitest";
import { InvalidParameterError } from "../errors/general.js";
import { RpcResponseError } from "../errors/transport.js";
import { createRpcClient } from "./createRpcClient.js";
import { parseBodyBytes, rawJson, serializeRequest } from "./json.js";

// Large payloads as bytes: RawJson values spliced into request bodies, and `largeStrings` results.

const utf8 = new TextEncoder();
const text = (body: string | Uint8Array) => (typeof body === "string" ? body : new TextDecoder().decode(body));

describe("RawJson in params", () => {
  test("is written as is, and the body becomes UTF-8 bytes", () => {
    const body = serializeRequest({ id: 7n, method: "m", params: [[{ data: rawJson(utf8.encode('"QUJD"')), index: 1 }, { data: rawJson(utf8.encode("[1,2]")) }], "é"] });
    expect(body).toBeInstanceOf(Uint8Array);
    expect(text(body)).toBe('{"jsonrpc":"2.0","id":7,"method":"m","params":[[{"data":"QUJD","index":1},{"data":[1,2]}],"é"]}');
    expect(JSON.parse(text(body))).toEqual({ jsonrpc: "2.0", id: 7, method: "m", params: [[{ data: "QUJD", index: 1 }, { data: [1, 2] }], "é"] });
  });

  test("with bigints beside it", () => {
    const body = serializeRequest({ id: 1n, method: "m", params: [2n ** 64n, rawJson(utf8.encode('"x"'))] });
    expect(text(body)).toBe('{"jsonrpc":"2.0","id":1,"method":"m","params":[18446744073709551616,"x"]}');
  });

  test("only inside params", () => {
    expect(() => JSON.stringify({ a: rawJson(utf8.encode("1")) })).toThrow(InvalidParameterError);
  });

  test("is sent as bytes, in batches too", async () => {
    const bodies: string[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      const body = init.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : String(init.body);
      bodies.push(body);
      const requests = JSON.parse(body) as { id: number } | { id: number }[];
      const answer = (r: { id: number }) => ({ jsonrpc: "2.0", id: r.id, result: "ok" });
      return Response.json(Array.isArray(requests) ? requests.map(answer) : answer(requests));
    };
    const client = createRpcClient({ url: "http://node.test", fetch });
    const data = rawJson(utf8.encode('"QUJD"'));
    await expect(Promise.all([client.request({ method: "a", params: [data] }), client.request({ method: "b", params: [] })])).resolves.toEqual(["ok", "ok"]);
    expect(bodies).toEqual(['[{"jsonrpc":"2.0","id":1,"method":"a","params":["QUJD"]},{"jsonrpc":"2.0","id":2,"method":"b","params":[]}]']);
  });
});

describe("largeStrings", () => {
  const long = "QUJD".repeat(300); // 1200 characters

  test("long strings under result come back as views of their raw text; the rest as usual", () => {
    const body = utf8.encode(`{"jsonrpc":"2.0","id":1,"result":{"root":"0xab","data":"${long}","quoted":"a\\"${long}","list":["${long}"],"${long}":1}}`);
    const { parsed, text } = parseBodyBytes(body, 1000);
    const result = (parsed?.value as { result: Record<string, unknown> }).result;
    expect(result.root).toBe("0xab");
    expect(result.data).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(result.data as Uint8Array)).toBe(long);
    expect((result.data as Uint8Array).buffer).toBe(body.buffer); // a view: no copy
    expect(result.quoted).toBe(`a"${long}`); // escapes: a string, decoded
    expect(new TextDecoder().decode((result.list as Uint8Array[])[0])).toBe(long);
    expect(result[long]).toBe(1); // keys stay strings
    expect(text.length).toBeLessThan(body.length - 2000);
  });

  test("outside result (an error's data) they stay strings", () => {
    const { parsed } = parseBodyBytes(utf8.encode(`{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"m","data":"${long}"}}`), 10);
    expect(parsed?.value).toEqual({ jsonrpc: "2.0", id: 1, error: { code: -32000, message: "m", data: long } });
  });

  test("malformed bodies are undefined", () => {
    expect(parseBodyBytes(utf8.encode(`{"result":"${long}`), 10).parsed).toBeUndefined();
    expect(parseBodyBytes(utf8.encode("<html>"), 10).parsed).toBeUndefined();
  });

  test("through the client: per request, errors typed as usual", async () => {
    let answer = `{"jsonrpc":"2.0","id":1,"result":{"data":"${long}"}}`;
    const client = createRpcClient({ url: "http://node.test", batch: false, fetch: async () => new Response(answer) });
    const bytes = await client.request<{ data: Uint8Array }>({ method: "m" }, { largeStrings: 1000 });
    expect(new TextDecoder().decode(bytes.data)).toBe(long);
    answer = `{"jsonrpc":"2.0","id":2,"result":{"data":"${long}"}}`;
    await expect(client.request({ method: "m" })).resolves.toEqual({ data: long });
    answer = `{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Invalid params","data":"${long}"}}`;
    const error = await client.request({ method: "m" }, { largeStrings: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcResponseError);
    expect((error as RpcResponseError).rpcError.data).toBe(long);
    await expect(client.request({ method: "m" }, { largeStrings: 0 })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});
