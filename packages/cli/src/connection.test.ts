import { InvalidDevnetInfoError, networks } from "@0g/core";
import { createDevnet, type Devnet } from "@0g/devnet";
import { parseEther } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { occupyPort, stubRpc } from "../test/helpers.js";
import { requireWallet, resolveConnection, resolvePrivateKey } from "./connection.js";
import { ConflictingOptionsError, InvalidPrivateKeyError, MissingPrivateKeyError, RpcUnreachableError } from "./errors.js";

const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // devnet account 1
const otherKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"; // devnet account 2
const secp256k1Order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

let devnet: Devnet;
let url: string;
beforeAll(async () => {
  devnet = await createDevnet({ accounts: 3 });
  url = (await devnet.serve({ port: 0 })).endpoints.rpc;
});
afterAll(() => devnet.stop());

describe("resolvePrivateKey", () => {
  it("takes --key before ZG_PRIVATE_KEY, with or without 0x, in any case", () => {
    expect(resolvePrivateKey({ key, env: { ZG_PRIVATE_KEY: otherKey } })).toEqual({ privateKey: key, source: "--key" });
    expect(resolvePrivateKey({ env: { ZG_PRIVATE_KEY: otherKey } })).toEqual({ privateKey: otherKey, source: "ZG_PRIVATE_KEY" });
    expect(resolvePrivateKey({ key: key.slice(2).toUpperCase(), env: {} })).toEqual({ privateKey: key, source: "--key" });
    expect(resolvePrivateKey({ key: ` ${key}\n`, env: {} })).toEqual({ privateKey: key, source: "--key" });
    expect(resolvePrivateKey({ env: {} })).toBeUndefined();
    expect(resolvePrivateKey({ env: { ZG_PRIVATE_KEY: "" } })).toBeUndefined();
  });

  it("rejects anything but 32 bytes of hex in range, naming the source and never the value", () => {
    const cases: [string, string][] = [
      [key.slice(0, 42), "expected 64 hex digits, got 40."],
      [`${key}00`, "expected 64 hex digits, got 66."],
      [`0x${"zz".repeat(32)}`, "it is not hexadecimal."],
      ["", "expected 64 hex digits, got 0."],
      [`0x${"0".repeat(64)}`, "it is not a valid secp256k1 private key (zero or out of range)."],
      [`0x${secp256k1Order}`, "it is not a valid secp256k1 private key (zero or out of range)."],
    ];
    for (const [value, reason] of cases) {
      for (const [parameters, source] of [
        [{ key: value, env: {} }, "--key"],
        [{ env: { ZG_PRIVATE_KEY: value || " " } }, "ZG_PRIVATE_KEY"],
      ] as const) {
        let error: unknown;
        try {
          resolvePrivateKey({ ...parameters, command: "network" });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidPrivateKeyError);
        const e = error as InvalidPrivateKeyError;
        expect(e.source).toBe(source);
        if (value !== "") expect(e.shortMessage).toBe(`Invalid private key in ${source}: ${reason}`);
        if (value.length > 8) expect(e.message).not.toContain(value.slice(2, 12));
        expect(e.hint).toBe("Run `0g network --help` for usage.");
      }
    }
  });
});

describe("resolveConnection", () => {
  it("a devnet URL: chain, contracts, endpoints and accounts come from devnet_info; the first account signs", async () => {
    const connection = await resolveConnection({ rpc: url, env: {} });
    expect(connection.network).toBe("devnet");
    expect(connection.chain.id).toBe(31337);
    expect(connection.rpcUrl).toBe(url);
    expect(connection.contracts).toEqual(devnet.contracts);
    expect(connection.endpoints).toEqual(devnet.info().endpoints);
    expect(connection.endpoints).toMatchObject({ rpc: url, indexer: `${url}/storage/indexer` });
    expect(connection.devnet).toEqual(devnet.info());
    expect(connection.accountSource).toBe("devnet");
    expect(connection.account?.address).toBe(devnet.accounts[0]?.address);

    // The clients are real: send 1 0G from account 0 to account 2, signed locally.
    const to = devnet.accounts[2]?.address as `0x${string}`;
    const before = await connection.publicClient.getBalance({ address: to });
    const hash = await requireWallet(connection).sendTransaction({ to, value: parseEther("1") });
    expect((await connection.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })).status).toBe("success");
    expect(await connection.publicClient.getBalance({ address: to })).toBe(before + parseEther("1"));
  });

  it("--key and ZG_PRIVATE_KEY replace the devnet's default account", async () => {
    const withKey = await resolveConnection({ rpc: url, key, env: { ZG_PRIVATE_KEY: otherKey } });
    expect(withKey.account?.address).toBe(privateKeyToAddress(key));
    expect(withKey.accountSource).toBe("--key");
    const withEnv = await resolveConnection({ rpc: url, env: { ZG_PRIVATE_KEY: otherKey } });
    expect(withEnv.account?.address).toBe(privateKeyToAddress(otherKey));
    expect(withEnv.accountSource).toBe("ZG_PRIVATE_KEY");
  });

  it("galileo and mainnet come from the registry without a request; no key, no wallet", async () => {
    for (const name of ["galileo", "mainnet"] as const) {
      const connection = await resolveConnection({ network: name, env: {} });
      expect(connection.network).toBe(name);
      expect(connection.chain.id).toBe(networks[name].chain.id);
      expect(connection.rpcUrl).toBe(networks[name].endpoints.rpc);
      expect(connection.contracts).toEqual(networks[name].contracts);
      expect(connection.endpoints).toEqual(networks[name].endpoints);
      expect(connection.account).toBeUndefined();
      expect(connection.walletClient).toBeUndefined();
      expect(() => requireWallet(connection)).toThrow(MissingPrivateKeyError);
      expect(() => requireWallet(connection)).toThrow(`A private key is needed to sign on ${name}.`);
    }
    const signed = await resolveConnection({ network: "galileo", env: { ZG_PRIVATE_KEY: key } });
    expect(requireWallet(signed).account.address).toBe(privateKeyToAddress(key));
  });

  it("a plain EVM RPC (no devnet_info): chain id from eth_chainId, matched in the registry", async () => {
    const galileoLike = await stubRpc({ answer: (method) => (method === "eth_chainId" ? { result: "0x40da" } : undefined) });
    try {
      const connection = await resolveConnection({ rpc: galileoLike.url, env: {} });
      expect(galileoLike.methods).toEqual(["devnet_info", "eth_chainId"]);
      expect(connection.network).toBe("galileo");
      expect(connection.chain.id).toBe(16602);
      expect(connection.rpcUrl).toBe(galileoLike.url);
      expect(connection.endpoints.rpc).toBe(galileoLike.url);
      expect(connection.contracts).toEqual(networks.galileo.contracts);
      expect(connection.devnet).toBeUndefined();
      expect(connection.account).toBeUndefined();
    } finally {
      await galileoLike.close();
    }
  });

  it("a plain EVM RPC with an unregistered chain id is `custom`, with no contracts and no default account", async () => {
    const plain = await stubRpc({
      answer: (method) => (method === "devnet_info" ? { error: { code: -32601, message: "not found" } } : undefined),
      forward: url,
    });
    try {
      const connection = await resolveConnection({ rpc: plain.url, env: {} });
      expect(connection.network).toBe("custom");
      expect(connection.chain.id).toBe(31337);
      expect(connection.contracts).toEqual({});
      expect(connection.endpoints).toEqual({ rpc: plain.url });
      expect(connection.account).toBeUndefined();
      expect(() => requireWallet(connection)).toThrow("A private key is needed to sign on custom.");
      expect(await connection.publicClient.getChainId()).toBe(31337);
    } finally {
      await plain.close();
    }
  });

  it("a malformed devnet_info answer is an error, not a plain RPC", async () => {
    const broken = await stubRpc({ answer: (method) => (method === "devnet_info" ? { result: { chainId: "x" } } : undefined) });
    try {
      await expect(resolveConnection({ rpc: broken.url, env: {} })).rejects.toThrow(InvalidDevnetInfoError);
    } finally {
      await broken.close();
    }
  });

  it("nothing listening: RpcUnreachableError with the URL", async () => {
    const port = await occupyPort();
    await port.close(); // a port that was free a moment ago: most likely nothing listens there now
    const dead = `http://127.0.0.1:${port.port}`;
    const error = await resolveConnection({ rpc: dead, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcUnreachableError);
    expect((error as RpcUnreachableError).shortMessage).toBe(`No JSON-RPC server answered at ${dead}.`);
  });

  it("--network and --rpc together, or a bad key, are usage errors", async () => {
    await expect(resolveConnection({ network: "galileo", rpc: url, env: {} })).rejects.toThrow(ConflictingOptionsError);
    await expect(resolveConnection({ network: "galileo", key: "0x1234", env: {} })).rejects.toThrow(InvalidPrivateKeyError);
    await expect(resolveConnection({ network: "galileo", env: { ZG_PRIVATE_KEY: "nope" } })).rejects.toThrow(
      "Invalid private key in ZG_PRIVATE_KEY: it is not hexadecimal.",
    );
  });
});
