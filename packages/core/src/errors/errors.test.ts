import { describe, expect, test } from "vitest";
import * as core from "../index.js";
import { BaseError, isBaseError } from "./base.js";
import { coreErrors } from "./catalogue.js";
import { errorCodeRanges } from "./codes.js";
import { InvalidParameterError } from "./general.js";
import { InvalidDevnetInfoError, NotADevnetError, UnknownNetworkError } from "./network.js";
import { HttpRequestError, MalformedResponseError, RequestAbortedError, RpcResponseError, TimeoutError } from "./transport.js";

const url = "https://indexer-storage-testnet-turbo.0g.ai";

describe("message format", () => {
  test("short message, meta messages, details, code and docs link", () => {
    const error = new RpcResponseError({
      url,
      method: "indexer_getFileLocations",
      error: { code: -32000, message: "file not found", data: { root: "0x01" } },
    });
    expect(error.message).toMatchInlineSnapshot(`
      "RPC error -32000: file not found

      RPC code: -32000
      Data: {"root":"0x01"}
      URL: https://indexer-storage-testnet-turbo.0g.ai
      Method: indexer_getFileLocations

      Details: file not found
      Code: 1103
      Docs: https://0g-devkit.dev/errors#e1103"
    `);
    expect(error.name).toBe("RpcResponseError");
    expect(error.code).toBe(1103);
    expect(error.shortMessage).toBe("RPC error -32000: file not found");
    expect(error.docsPath).toBe("/errors#e1103");
    expect(String(error.stack)).toMatch(/^RpcResponseError: RPC error -32000/);
  });

  test("each transport error names the URL and the method", () => {
    const context = { url, method: "zgs_getStatus" };
    const errors = [
      new HttpRequestError({ ...context, status: 500, body: "oops" }),
      new TimeoutError({ ...context, timeout: 10 }),
      new RpcResponseError({ ...context, error: { code: 1, message: "m" } }),
      new MalformedResponseError({ ...context, reason: "The body is not valid JSON." }),
      new RequestAbortedError(context),
    ];
    for (const error of errors) {
      expect(error.metaMessages).toContain(`URL: ${url}`);
      expect(error.metaMessages).toContain("Method: zgs_getStatus");
      expect(error.message).toContain(`Docs: https://0g-devkit.dev/errors#e${error.code}`);
    }
  });

  test("a timeout", () => {
    expect(new TimeoutError({ url, method: "a", timeout: 30_000 }).message).toMatchInlineSnapshot(`
      "The request took too long to respond.

      URL: https://indexer-storage-testnet-turbo.0g.ai
      Method: a

      Details: No response within 30000 ms.
      Code: 1102
      Docs: https://0g-devkit.dev/errors#e1102"
    `);
  });
});

describe("walk", () => {
  test("finds the root cause, or the first match", () => {
    const root = new TypeError("fetch failed");
    const http = new HttpRequestError({ url, method: "devnet_info", cause: root });
    const outer = new NotADevnetError({ url, cause: http });
    expect(outer.walk()).toBe(root);
    expect(outer.walk((e) => e instanceof HttpRequestError)).toBe(http);
    expect(outer.walk((e) => e instanceof TimeoutError)).toBeNull();
    expect(http.details).toBe("fetch failed");
  });

  test("stops on cycles", () => {
    const a = new BaseError("a");
    const b = new BaseError("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(b.walk((e) => e === a)).toBe(a);
    expect(() => b.walk()).not.toThrow();
  });

  test("isBaseError narrows by code", () => {
    const error: unknown = new TimeoutError({ url, method: "a", timeout: 1 });
    expect(isBaseError(error)).toBe(true);
    expect(isBaseError(error, TimeoutError.code)).toBe(true);
    expect(isBaseError(error, HttpRequestError.code)).toBe(false);
    expect(isBaseError(new Error("x"))).toBe(false);
  });
});

describe("codes", () => {
  const classes = [
    BaseError,
    InvalidParameterError,
    HttpRequestError,
    TimeoutError,
    RpcResponseError,
    MalformedResponseError,
    RequestAbortedError,
    UnknownNetworkError,
    InvalidDevnetInfoError,
    NotADevnetError,
  ];

  test("the catalogue lists every error class of the package, with unique codes in the core range", () => {
    const exported = Object.values(core).filter(
      (value): value is typeof BaseError => typeof value === "function" && (value === BaseError || value.prototype instanceof BaseError),
    );
    expect(coreErrors.map((e) => e.name).sort()).toEqual(exported.map((c) => c.name).sort());
    const codes = coreErrors.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const [min, max] = errorCodeRanges.core;
    for (const code of codes) {
      expect(code).toBeGreaterThanOrEqual(min);
      expect(code).toBeLessThanOrEqual(max);
    }
    for (const { description } of coreErrors) expect(description.length).toBeGreaterThan(10);
  });

  test("transport errors are in 1100-1199, registry errors in 1200-1299", () => {
    for (const c of [HttpRequestError, TimeoutError, RpcResponseError, MalformedResponseError, RequestAbortedError]) {
      expect(Math.floor(c.code / 100)).toBe(11);
    }
    for (const c of [UnknownNetworkError, InvalidDevnetInfoError, NotADevnetError]) expect(Math.floor(c.code / 100)).toBe(12);
  });

  test("instances carry the static code and name of their class", () => {
    const instances = [
      new InvalidParameterError({ name: "x", value: 1, expected: "y" }),
      new HttpRequestError({ url, method: "m" }),
      new TimeoutError({ url, method: "m", timeout: 1 }),
      new RpcResponseError({ url, method: "m", error: { code: 1, message: "x" } }),
      new MalformedResponseError({ url, method: "m", reason: "r" }),
      new RequestAbortedError({ url, method: "m" }),
      new UnknownNetworkError({ network: "x", known: [] }),
      new InvalidDevnetInfoError({ path: "chainId", expected: "a number" }),
      new NotADevnetError({ url }),
    ];
    for (const instance of instances) {
      const cls = classes.find((c) => c.name === instance.name);
      expect(cls, instance.name).toBeDefined();
      expect(instance.code).toBe(cls?.code);
      expect(instance).toBeInstanceOf(BaseError);
    }
  });
});
