import { expect, test } from "vitest";

test("exports", async () => {
  expect(Object.keys(await import("./index.js")).sort()).toMatchInlineSnapshot(`
    [
      "BaseError",
      "HttpRequestError",
      "InvalidDevnetInfoError",
      "InvalidParameterError",
      "MalformedResponseError",
      "NotADevnetError",
      "RequestAbortedError",
      "RpcResponseError",
      "TimeoutError",
      "UnknownNetworkError",
      "coreErrors",
      "createRpcClient",
      "cutLongJsonStrings",
      "defineZgDevnet",
      "describeErrors",
      "devnetInfoMethod",
      "docsBaseUrl",
      "errorCodeRanges",
      "getDevnetInfo",
      "getNetwork",
      "isBaseError",
      "listNetworks",
      "networkFromDevnetInfo",
      "networks",
      "parseDevnetInfo",
      "rawJson",
      "registerNetwork",
      "revertOf",
      "unregisterNetwork",
      "zgDevnet",
      "zgDevnetDefaults",
      "zgGalileo",
      "zgMainnet",
    ]
  `);
});
