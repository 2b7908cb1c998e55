import { type Chain, type ChainContract, defineChain } from "viem";
import { InvalidParameterError } from "../errors/general.js";
import { isHttpUrl } from "../utils/url.js";

// Sources: 0g-protocol.md §5 (chain ids, RPC URLs, explorers, token). Galileo is 16602 since about
// Oct 2025; 16601 (still in 0g-doc) and 16600 (Newton) are stale.

const nativeCurrency = { name: "0G", symbol: "0G", decimals: 18 } as const;

/** A 0G chain: a viem `Chain` with its literal id. */
export type ZgChain<id extends number = number> = Chain<undefined> & { id: id };

/** A 0G devnet chain: it always has Multicall3. */
export type ZgDevnetChain<id extends number = number> = ZgChain<id> & { contracts: { multicall3: ChainContract } };

/**
 * 0G mainnet (chain id 16661).
 *
 * @example
 * import { createPublicClient, http } from "viem";
 * import { zgMainnet } from "@0g/core";
 * const client = createPublicClient({ chain: zgMainnet, transport: http() });
 */
export const zgMainnet: ZgChain<16_661> = /*#__PURE__*/ defineChain({
  id: 16_661,
  name: "0G Mainnet",
  nativeCurrency,
  rpcUrls: { default: { http: ["https://evmrpc.0g.ai"] } },
  blockExplorers: {
    default: { name: "0G Chainscan", url: "https://chainscan.0g.ai", apiUrl: "https://chainscan.0g.ai/open/api" },
  },
  testnet: false,
});

/**
 * 0G Galileo testnet (chain id 16602). Its public RPC is meant for development only.
 *
 * @example
 * import { createPublicClient, http } from "viem";
 * import { zgGalileo } from "@0g/core";
 * const client = createPublicClient({ chain: zgGalileo, transport: http() });
 */
export const zgGalileo: ZgChain<16_602> = /*#__PURE__*/ defineChain({
  id: 16_602,
  name: "0G Galileo Testnet",
  nativeCurrency,
  rpcUrls: { default: { http: ["https://evmrpc-testnet.0g.ai"] } },
  blockExplorers: { default: { name: "0G Chainscan", url: "https://chainscan-galileo.0g.ai" } },
  testnet: true,
});

/** The devnet's defaults: Hardhat's chain id and port, so existing tooling finds it unchanged. */
export const zgDevnetDefaults = { id: 31_337, rpcUrl: "http://127.0.0.1:8545" } as const;

const multicall3 = { address: "0xcA11bde05977b3631167028862bE2a173976CA11", blockCreated: 0 } as const;

export type DefineZgDevnetParameters = {
  /** Chain id; defaults to 31337. */
  id?: number | undefined;
  /** HTTP JSON-RPC URL of the served devnet; defaults to `http://127.0.0.1:8545`. */
  rpcUrl?: string | undefined;
};

/**
 * Defines the chain of a local 0G devnet with a custom chain id or RPC URL (the devnet is configurable;
 * {@link zgDevnet} is this with the defaults).
 *
 * @example
 * import { defineZgDevnet } from "@0g/core";
 * const chain = defineZgDevnet({ id: 1337, rpcUrl: "http://127.0.0.1:9545" });
 */
export function defineZgDevnet({ id = zgDevnetDefaults.id, rpcUrl = zgDevnetDefaults.rpcUrl }: DefineZgDevnetParameters = {}): ZgDevnetChain {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new InvalidParameterError({ name: "id", value: id, expected: "a positive integer chain id" });
  }
  if (!isHttpUrl(rpcUrl)) {
    throw new InvalidParameterError({ name: "rpcUrl", value: rpcUrl, expected: "an http(s) URL" });
  }
  return defineChain({
    id,
    name: "0G Devnet",
    nativeCurrency,
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3 },
    testnet: true,
  });
}

/**
 * The local 0G devnet with its defaults: chain id 31337 at `http://127.0.0.1:8545`, with Multicall3
 * deployed at its canonical address.
 *
 * @example
 * import { createPublicClient, http } from "viem";
 * import { zgDevnet } from "@0g/core";
 * const client = createPublicClient({ chain: zgDevnet, transport: http() });
 */
export const zgDevnet: ZgDevnetChain<31_337> = /*#__PURE__*/ defineChain({
  id: zgDevnetDefaults.id,
  name: "0G Devnet",
  nativeCurrency,
  rpcUrls: { default: { http: [zgDevnetDefaults.rpcUrl] } },
  contracts: { multicall3 },
  testnet: true,
});
