import { describe, expect, test } from "vitest";
import { InvalidParameterError } from "../errors/general.js";
import { parseBody, serializeRequest } from "./json.js";

describe("serializeRequest", () => {
  test("writes ids as exact integers and omits absent params", () => {
    expect(serializeRequest({ id: 2n ** 70n, method: "m", params: undefined })).toBe(
      '{"jsonrpc":"2.0","id":1180591620717411303424,"method":"m"}',
    );
    expect(serializeRequest({ id: 1n, method: "m", params: { a: 1n } })).toBe('{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":1}}');
  });

  test("rejects what JSON cannot carry", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serializeRequest({ id: 1n, method: "m", params: cyclic })).toThrow(InvalidParameterError);
  });
});

describe("parseBody", () => {
  test("reads ids exactly, also beyond 2^53 and inside batches", () => {
    const parsed = parseBody('[{"id":9007199254740993,"result":{"id":9007199254740995}},{"id":7,"result":null},{"id":"12","result":1}]');
    const [a, b, c] = parsed?.value as object[];
    expect(parsed?.idOf(a as object)).toBe(9_007_199_254_740_993n);
    expect(parsed?.idOf(b as object)).toBe(7n);
    expect(parsed?.idOf(c as object)).toBe(12n);
  });

  test("null ids are null; fractional or missing ids are unknown", () => {
    const parsed = parseBody('[{"id":null},{"id":1.5},{}]');
    const envelopes = parsed?.value as object[];
    expect(envelopes.map((e) => parsed?.idOf(e))).toEqual([null, undefined, undefined]);
  });

  test("returns undefined for non-JSON", () => {
    expect(parseBody("<html>")).toBeUndefined();
    expect(parseBody("")).toBeUndefined();
  });
});
