import { defineZgDevnet } from "@0g/core";
import { createWalletClient, custom, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { toRequestFn, type ChainBackend } from "../chain/backend.js";
import { computeChain } from "../compute/chain.js";
import { DevnetNotServedError, DevnetOptionError, DevnetStoppedError } from "../errors.js";
import type { HttpPrefixRoute } from "../server/http.js";
import type { DevnetInft, DevnetInftContracts, InftOracleLie, InftOracleRequest } from "./api.js";
import { oracleKeys } from "./keys.js";
import type { ResolvedInftOptions } from "./options.js";
import { oracleRoute, type OracleContext, type OracleState } from "./routes.js";

/** Where the oracle is mounted on every served HTTP server. */
export const oraclePath = "/inft/oracle";
/** What the oracle's payer account is funded with at start: 1,000 0G. */
const payerFunds = 1000n * 10n ** 18n;

export type InftLayer = {
  readonly api: DevnetInft;
  routes(): HttpPrefixRoute[];
  endpoints(origin: string): { inftOracle: string };
  stop(): void;
};

/**
 * Starts the INFT layer on a chain where the INFT contracts are deployed and set up (the Verifier
 * names the oracle's key): funds the oracle's payer account and serves the oracle at
 * `<rpc>/inft/oracle`. The oracle reaches 0G Storage through the first served server's indexer.
 */
export async function startInftLayer({
  chain: backend,
  options,
  chainId,
  contracts,
  flow,
  origin,
}: {
  /** The chain the oracle reads and pays uploads on (storage's wrapper included, so the nodes follow its uploads). */
  chain: ChainBackend;
  options: ResolvedInftOptions;
  chainId: number;
  contracts: DevnetInftContracts;
  /** The storage layer's Flow contract (the oracle's uploads go through it). */
  flow: Address;
  /** Origin of the first served HTTP server, if any. */
  origin: () => string | undefined;
}): Promise<InftLayer> {
  const chain = computeChain(backend);
  const tee = privateKeyToAccount(options.oracleKey);
  const payer = privateKeyToAccount(oracleKeys().payer);
  const liar = privateKeyToAccount(oracleKeys().liar);
  await chain.setBalance(payer.address, payerFunds);

  const request = toRequestFn(backend);
  // Uploads pay from the payer's own key; on a chain that does not mine by itself, mine them.
  const mining = custom({
    async request(args: { method: string; params?: unknown }) {
      const result = await request(args as never);
      if (args.method === "eth_sendRawTransaction") {
        const receipt = await request({ method: "eth_getTransactionReceipt", params: [result as Hex] } as never);
        if (!receipt) await request({ method: "evm_mine", params: [] } as never);
      }
      return result;
    },
  });
  const client = createWalletClient({ account: payer, chain: defineZgDevnet({ id: chainId }), transport: mining, pollingInterval: 50 });

  let stopped = false;
  const state: OracleState = { running: true, lying: undefined, requests: [] };
  const ctx: OracleContext = {
    chain,
    chainId,
    contracts,
    tee,
    teeKey: options.oracleKey,
    liar,
    state,
    storage: {
      client,
      flow,
      queue: Promise.resolve(),
      indexer: () => {
        const o = origin();
        return o === undefined ? undefined : `${o}/storage/indexer`;
      },
    },
  };
  const live = (method: string) => {
    if (stopped) throw new DevnetStoppedError({ method: `inft.oracle.${method}` });
  };

  const api: DevnetInft = {
    enabled: true,
    contracts,
    oracle: {
      get url() {
        const o = origin();
        if (o === undefined) throw new DevnetNotServedError();
        return `${o}${oraclePath}`;
      },
      path: oraclePath,
      address: tee.address,
      publicKey: tee.publicKey,
      payer: payer.address,
      get running() {
        return state.running;
      },
      get lying() {
        return state.lying;
      },
      get requests(): readonly InftOracleRequest[] {
        return [...state.requests];
      },
      stop() {
        live("stop");
        state.running = false;
      },
      start() {
        live("start");
        state.running = true;
      },
      lie(on: boolean | InftOracleLie = true) {
        live("lie");
        if (on !== true && on !== false && on !== "wrongKey" && on !== "garbage")
          throw new DevnetOptionError({ option: "lie", reason: 'Expected true, false, "wrongKey" or "garbage".' });
        state.lying = on === true ? "wrongKey" : on === false ? undefined : on;
      },
      clearFaults() {
        state.running = true;
        state.lying = undefined;
      },
    },
  };

  return {
    api,
    routes: () => [oracleRoute(ctx, oraclePath)],
    endpoints: (o) => ({ inftOracle: `${o}${oraclePath}` }),
    stop() {
      stopped = true;
    },
  };
}

