import { describe, expect, it } from "vitest";

describe("@0g/cli exports", () => {
  it("has exactly these named exports", async () => {
    expect(Object.keys(await import("./index.js")).sort()).toMatchInlineSnapshot(`
      [
        "ConflictingOptionsError",
        "InvalidOptionValueError",
        "InvalidPrivateKeyError",
        "MissingOptionValueError",
        "MissingPrivateKeyError",
        "RpcUnreachableError",
        "UnexpectedArgumentError",
        "UnknownCommandError",
        "UnknownOptionError",
        "UsageError",
        "cliErrors",
        "commands",
        "connectionOptions",
        "createProgress",
        "decimalAmount",
        "defineCommand",
        "devnetCommand",
        "errorToJson",
        "exitCodes",
        "flag",
        "formatBytes",
        "formatCommandHelp",
        "formatDevnetBanner",
        "formatDuration",
        "formatMainHelp",
        "formatNetworkReport",
        "httpUrl",
        "integer",
        "jsonOption",
        "networkCommand",
        "networkNames",
        "networkReport",
        "oneOf",
        "option",
        "parseCommandLine",
        "positiveNumber",
        "privateKeyEnvVar",
        "processIo",
        "requireWallet",
        "resolveConnection",
        "resolvePrivateKey",
        "run",
        "text",
        "version",
      ]
    `);
  });

  it("lists every error class with a unique code in the CLI's range", async () => {
    const { cliErrors } = await import("./index.js");
    const codes = cliErrors.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { code, description } of cliErrors) {
      expect(code).toBeGreaterThanOrEqual(8000);
      expect(code).toBeLessThanOrEqual(8999);
      expect(description.length).toBeGreaterThan(10);
    }
  });
});
