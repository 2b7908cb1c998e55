import { isAddress } from "viem";
import { InvalidParameterError } from "../errors/general.js";
import { UnknownNetworkError } from "../errors/network.js";
import { isHttpUrl } from "../utils/url.js";
import { networks } from "./definitions.js";
import type { NetworkInfo } from "./types.js";

type BuiltinNetworks = typeof networks;
type BuiltinName = keyof BuiltinNetworks;

const builtinNames: ReadonlySet<string> = new Set(Object.keys(networks));
const registry = new Map<string, NetworkInfo>(Object.entries(networks));

/**
 * Looks a network up by name or by chain id. Networks registered at runtime are found before the
 * built-in ones when they share a chain id (the newest registration wins).
 *
 * @throws {UnknownNetworkError} when nothing is registered under that name or chain id.
 *
 * @example
 * import { getNetwork } from "@0g/core";
 * const galileo = getNetwork("galileo");
 * const { contracts } = getNetwork(16602); // the same entry
 */
export function getNetwork<name extends BuiltinName>(name: name): BuiltinNetworks[name];
export function getNetwork(nameOrChainId: string | number): NetworkInfo;
export function getNetwork(nameOrChainId: string | number): NetworkInfo {
  if (typeof nameOrChainId === "number") {
    const found = [...registry.values()].reverse().find((n) => n.chain.id === nameOrChainId);
    if (found) return found;
  } else {
    const found = registry.get(nameOrChainId);
    if (found) return found;
  }
  throw new UnknownNetworkError({ network: nameOrChainId, known: [...registry.keys()] });
}

/**
 * Adds a network to the registry (or replaces a runtime-registered one of the same name), e.g. a
 * devnet discovered with {@link getDevnetInfo}. The built-in `mainnet` and `galileo` cannot be
 * replaced. Returns the stored entry, whose `contracts` and `endpoints` are frozen copies.
 *
 * @example
 * import { getDevnetInfo, networkFromDevnetInfo, registerNetwork } from "@0g/core";
 * const devnet = registerNetwork(networkFromDevnetInfo(await getDevnetInfo("http://127.0.0.1:8545")));
 */
export function registerNetwork<const info extends NetworkInfo>(info: info): info {
  checkNetwork(info);
  if (builtinNames.has(info.name)) {
    throw new InvalidParameterError({ name: "info.name", value: info.name, expected: "a name other than a built-in network" });
  }
  const stored = {
    ...info,
    contracts: Object.freeze({ ...info.contracts }),
    endpoints: Object.freeze({ ...info.endpoints }),
  } as info;
  registry.delete(info.name); // re-inserting makes it the newest for chain id lookups
  registry.set(info.name, stored);
  return stored;
}

/**
 * Removes a runtime-registered network. Returns false when there was none (built-ins stay).
 *
 * @example
 * import { unregisterNetwork } from "@0g/core";
 * unregisterNetwork("devnet");
 */
export function unregisterNetwork(name: string): boolean {
  if (builtinNames.has(name)) return false;
  return registry.delete(name);
}

/**
 * Every registered network, built-ins first.
 *
 * @example
 * import { listNetworks } from "@0g/core";
 * for (const { name, chain } of listNetworks()) console.log(name, chain.id);
 */
export function listNetworks(): NetworkInfo[] {
  return [...registry.values()];
}

function checkNetwork(info: NetworkInfo): void {
  if (typeof info !== "object" || info === null) {
    throw new InvalidParameterError({ name: "info", value: info, expected: "a NetworkInfo object" });
  }
  if (typeof info.name !== "string" || info.name === "") {
    throw new InvalidParameterError({ name: "info.name", value: info.name, expected: "a non-empty string" });
  }
  if (typeof info.chain !== "object" || info.chain === null || !Number.isSafeInteger(info.chain.id) || info.chain.id <= 0) {
    throw new InvalidParameterError({ name: "info.chain", value: info.chain?.id, expected: "a viem chain with a positive integer id" });
  }
  for (const [key, address] of Object.entries(info.contracts ?? {})) {
    if (!isAddress(address, { strict: false })) {
      throw new InvalidParameterError({ name: `info.contracts.${key}`, value: address, expected: "a 20-byte hex address" });
    }
  }
  if (!isHttpUrl(info.endpoints?.rpc)) {
    throw new InvalidParameterError({ name: "info.endpoints.rpc", value: info.endpoints?.rpc, expected: "an http(s) URL" });
  }
}
