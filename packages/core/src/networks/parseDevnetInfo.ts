import { type Address, getAddress, type Hex, isAddress } from "viem";
import { InvalidDevnetInfoError } from "../errors/network.js";
import { isHttpUrl } from "../utils/url.js";
import type { DevnetAccount, DevnetInfo } from "./types.js";

/**
 * Checks that `value` has the {@link DevnetInfo} shape and returns it with addresses checksummed and
 * only the documented fields. The devnet uses it to check what it serves, clients to check what
 * they received.
 *
 * @throws {InvalidDevnetInfoError} naming the first field that is missing or malformed.
 *
 * @example
 * import { parseDevnetInfo } from "@0g/core";
 * const info = parseDevnetInfo(JSON.parse(text));
 */
export function parseDevnetInfo(value: unknown, { url }: { url?: string | undefined } = {}): DevnetInfo {
  const fail = (path: string, expected: string): never => {
    throw new InvalidDevnetInfoError({ path, expected, url });
  };
  const info = record(value, "", "an object", fail);
  const { chainId, rpcUrl, mnemonic } = info;
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) fail("chainId", "a positive integer");
  if (!isHttpUrl(rpcUrl)) fail("rpcUrl", "an http(s) URL");
  if (typeof mnemonic !== "string" || mnemonic.trim() === "") fail("mnemonic", "a non-empty string");

  if (!Array.isArray(info.accounts)) fail("accounts", "an array");
  const accounts = (info.accounts as unknown[]).map((account, i): DevnetAccount => {
    const path = `accounts[${i}]`;
    const { address, privateKey, balance } = record(account, path, "an object", fail);
    return {
      address: checkAddress(address, `${path}.address`, fail),
      privateKey: /^0x[0-9a-fA-F]{64}$/.test(String(privateKey)) ? (privateKey as Hex) : fail(`${path}.privateKey`, "a 32-byte 0x-hex string"),
      balance: typeof balance === "string" && /^\d+$/.test(balance) ? balance : fail(`${path}.balance`, "a decimal string (wei)"),
    };
  });

  const contracts: Record<string, Address> = {};
  for (const [name, address] of Object.entries(record(info.contracts, "contracts", "an object", fail))) {
    contracts[name] = checkAddress(address, `contracts.${name}`, fail);
  }

  const rawEndpoints = record(info.endpoints, "endpoints", "an object", fail);
  if (!isHttpUrl(rawEndpoints.rpc)) fail("endpoints.rpc", "an http(s) URL");
  const endpoints: Record<string, string | readonly string[]> = {};
  for (const [name, endpoint] of Object.entries(rawEndpoints)) {
    const ok = typeof endpoint === "string" || (Array.isArray(endpoint) && endpoint.every((e) => typeof e === "string"));
    if (!ok) fail(`endpoints.${name}`, "a string or an array of strings");
    endpoints[name] = endpoint as string | string[];
  }

  return {
    chainId: chainId as number,
    rpcUrl: rpcUrl as string,
    mnemonic: mnemonic as string,
    accounts,
    contracts,
    endpoints: endpoints as DevnetInfo["endpoints"],
  };
}

type Fail = (path: string, expected: string) => never;

function record(value: unknown, path: string, expected: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(path, expected);
  return value as Record<string, unknown>;
}

function checkAddress(value: unknown, path: string, fail: Fail): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) return fail(path, "a 20-byte 0x-hex address");
  return getAddress(value);
}
