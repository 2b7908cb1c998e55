import { defineZgDevnet, type DevnetInfo } from "@0g/core";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  type Account,
  type Address,
  type Chain,
  type CustomTransport,
  type EIP1193RequestFn,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from "viem";
import { deriveAccounts, type DevnetAccount } from "./accounts.js";
import { disabledCompute, type DevnetCompute } from "./compute/api.js";
import { startComputeLayer, type ComputeLayer } from "./compute/layer.js";
import { eip1193Backend, edrBackend, toRequestFn, type ChainBackend } from "./chain/backend.js";
import { createChainControls } from "./chain/controls.js";
import { createEdrChain } from "./chain/edr.js";
import { deploySystemContracts, type SystemContracts } from "./chain/system-contracts.js";
import { DevnetNotServedError, DevnetOptionError, DevnetStoppedError } from "./errors.js";
import { buildDevnetInfo } from "./info.js";
import { disabledInft, type DevnetInft } from "./oracle/api.js";
import { startInftLayer, type InftLayer } from "./oracle/layer.js";
import { resolveOptions, validateMining, type CreateDevnetOptions, type MiningMode } from "./options.js";
import { startHttpServer, type RunningHttpServer } from "./server/http.js";
import { handleJsonRpcBody, type RpcDispatch } from "./server/jsonrpc.js";
import { disabledStorage, type DevnetStorage } from "./storage/api.js";
import { startStorageLayer, type StorageLayer } from "./storage/layer.js";

export type ServeOptions = {
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** TCP port; 0 picks a free one. @default 8545 */
  port?: number;
  /** Largest accepted request body in bytes. @default 32 MiB */
  bodyLimit?: number;
  /** Largest accepted JSON-RPC batch. @default 1000 */
  maxBatchSize?: number;
};

export type ServedDevnet = {
  /** Every service's URL; `rpc` is the chain's JSON-RPC endpoint (which also answers `devnet_info`). */
  readonly endpoints: DevnetInfo["endpoints"];
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
};

export type Devnet = {
  readonly chain: Chain;
  readonly chainId: number;
  /** EVM hardfork of a created chain; undefined when attached to a provider. */
  readonly hardfork: string | undefined;
  readonly mnemonic: string;
  readonly accounts: readonly DevnetAccount[];
  /** Addresses of the system contracts, deployed at start. */
  readonly contracts: SystemContracts;
  /** EIP-1193 request function of the chain, in-process. */
  readonly request: EIP1193RequestFn;
  /** A viem transport over `request`, for clients of your own. */
  readonly transport: CustomTransport;
  readonly publicClient: PublicClient<CustomTransport, Chain>;
  /** Sends as the first account (signed by the chain, like anvil's unlocked accounts). */
  readonly walletClient: WalletClient<CustomTransport, Chain, Account>;
  readonly testClient: TestClient<"hardhat", CustomTransport, Chain>;
  /**
   * The storage layer: nodes speaking 0G's `zgs_*` JSON-RPC and an indexer, following Flow on this
   * chain, with run-time faults. `enabled` is false with `createDevnet({ storage: false })`.
   */
  readonly storage: DevnetStorage;
  /**
   * The compute layer: inference providers registered on chain, serving 0G's provider API at
   * `<rpc>/compute/<i>` with TEE-signed responses, settling fees, with run-time faults. `enabled`
   * is false with `createDevnet({ compute: false })`.
   */
  readonly compute: DevnetCompute;
  /**
   * The INFT layer: 0G's ERC-7857 agent-nft contracts (`contracts`) and the re-encryption oracle
   * (a TEE stand-in whose key is the Verifier's `teeOracleAddress`) at `<rpc>/inft/oracle`, with
   * run-time faults. `enabled` is false with `createDevnet({ inft: false })` or `storage: false`.
   */
  readonly inft: DevnetInft;
  /** Takes a snapshot of the chain and of every layer; its id stays usable after `revert`. */
  snapshot(): Promise<string>;
  /**
   * Restores a snapshot (chain, storage and the compute providers' books); snapshots taken after it
   * become invalid. Reverting to a snapshot from before `serve()` also sends the compute services'
   * served URLs again (a block), so clients keep finding the providers.
   */
  revert(id: string): Promise<void>;
  /** Mines `blocks` blocks (default 1), `interval` seconds apart. */
  mine(blocks?: number, options?: { interval?: number }): Promise<void>;
  /** Moves chain time forward by `seconds` and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  setNextBlockTimestamp(timestamp: number): Promise<void>;
  setMining(mining: MiningMode): Promise<void>;
  impersonate(address: Address): Promise<void>;
  stopImpersonating(address: Address): Promise<void>;
  setBalance(address: Address, wei: bigint): Promise<void>;
  /** Serves every service over HTTP JSON-RPC (CORS on) and returns their URLs. */
  serve(options?: ServeOptions): Promise<ServedDevnet>;
  /** What `devnet_info` answers: chain id, accounts, contracts and every endpoint. Needs `serve()`. */
  info(): DevnetInfo;
  /** Closes the servers and releases the chain. */
  stop(): Promise<void>;
};

/**
 * Starts a local 0G devnet in this process: an EVM chain (EDR) with prefunded accounts and the 0G
 * system contracts deployed, or those contracts deployed into an existing EIP-1193 provider.
 *
 * @example
 * const devnet = await createDevnet();
 * const { endpoints } = await devnet.serve({ port: 8545 });
 * const hash = await devnet.walletClient.sendTransaction({ to: devnet.accounts[1].address, value: 1n });
 * await devnet.stop();
 */
export async function createDevnet(options: CreateDevnetOptions = {}): Promise<Devnet> {
  const resolved = resolveOptions(options);
  const accounts = deriveAccounts({ mnemonic: resolved.mnemonic, count: resolved.accounts, balance: resolved.balance });

  let backend: ChainBackend;
  let hardfork: string | undefined;
  let chainId = resolved.chainId;
  if (resolved.provider) {
    backend = eip1193Backend(resolved.provider);
    const id = await backend.call("eth_chainId", []);
    if (id.error || typeof id.result !== "string")
      throw new DevnetOptionError({ option: "provider", reason: "The provider did not answer eth_chainId." });
    chainId = Number(id.result);
    for (const a of accounts) {
      const funded = await backend.call("hardhat_setBalance", [a.address, `0x${a.balance.toString(16)}`]);
      if (funded.error) throw new DevnetOptionError({ option: "provider", reason: `hardhat_setBalance failed: ${funded.error.message}` });
    }
  } else {
    const edr = await createEdrChain({
      chainId,
      hardfork: resolved.hardfork,
      blockGasLimit: resolved.blockGasLimit,
      initialBaseFeePerGas: resolved.initialBaseFeePerGas,
      genesisTimestamp: resolved.genesisTimestamp,
      accounts,
      autoMine: true, // the system deployment mines; the requested mode is applied after it
      interval: undefined,
    });
    backend = edrBackend(edr.handle, chainId);
    hardfork = edr.hardfork;
  }

  const contracts = await deploySystemContracts(backend, { storage: resolved.storage, compute: resolved.compute, inft: resolved.inft });
  const servers: RunningHttpServer[] = [];
  let storageLayer: StorageLayer | undefined;
  if (resolved.storage)
    storageLayer = await startStorageLayer({
      chain: backend,
      options: resolved.storage,
      chainId,
      flow: contracts.flow!,
      mine: contracts.mine!,
      origin: () => servers[0]?.origin,
    });
  // Snapshots, reverts and mined blocks reach the storage nodes through this wrapper.
  const storageBackend = storageLayer ? storageLayer.wrap(backend) : backend;
  let computeLayer: ComputeLayer | undefined;
  if (resolved.compute)
    computeLayer = await startComputeLayer({
      chain: storageBackend,
      options: resolved.compute,
      chainId,
      origin: () => servers[0]?.origin,
      flow: contracts.flow,
    });
  // ...and to the compute providers' books through this one.
  const chainBackend = computeLayer ? computeLayer.wrap(storageBackend) : storageBackend;
  let inftLayer: InftLayer | undefined;
  if (resolved.inft)
    inftLayer = await startInftLayer({
      chain: chainBackend,
      options: resolved.inft,
      chainId,
      contracts: { agentNft: contracts.agentNft!, verifier: contracts.agentNftVerifier!, accountRegistry: contracts.agentAccountRegistry! },
      flow: contracts.flow!,
      origin: () => servers[0]?.origin,
    });
  const controls = createChainControls(chainBackend);
  if (!resolved.provider && resolved.mining.mode !== "auto") await controls.setMining(resolved.mining);

  let stopped = false;
  const endpointsOf = new Map<RunningHttpServer, DevnetInfo["endpoints"]>();
  const guard = <Args extends unknown[], R>(name: string, fn: (...args: Args) => Promise<R>) =>
    (...args: Args): Promise<R> => {
      if (stopped) return Promise.reject(new DevnetStoppedError({ method: name }));
      return fn(...args);
    };

  const liveBackend: ChainBackend = {
    call: (method, params) => {
      if (stopped) return Promise.reject(new DevnetStoppedError({ method: "request" }));
      return chainBackend.call(method, params);
    },
  };
  const request = toRequestFn(liveBackend);
  const transport = custom({ request }, { retryCount: 0 });
  const chain = defineZgDevnet({ id: chainId });
  const firstAccount = accounts[0] as DevnetAccount;
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 }) as PublicClient<CustomTransport, Chain>;
  const walletClient = createWalletClient({ chain, transport, account: firstAccount.address, pollingInterval: 50 });
  const testClient = createTestClient({ chain, transport, mode: "hardhat", pollingInterval: 50 });

  const info = (): DevnetInfo => {
    const first = servers[0];
    if (!first) throw new DevnetNotServedError();
    return buildDevnetInfo({ chainId, mnemonic: resolved.mnemonic, accounts, contracts, endpoints: endpointsOf.get(first)! });
  };

  const dispatch: RpcDispatch = async (method, params) => {
    if (method === "devnet_info") return { result: info() };
    return liveBackend.call(method, params);
  };

  const devnet: Devnet = {
    chain,
    chainId,
    hardfork,
    mnemonic: resolved.mnemonic,
    accounts,
    contracts,
    request,
    transport,
    publicClient,
    walletClient: walletClient as WalletClient<CustomTransport, Chain, Account>,
    testClient: testClient as TestClient<"hardhat", CustomTransport, Chain>,
    storage: storageLayer?.api ?? disabledStorage(),
    compute: computeLayer?.api ?? disabledCompute(),
    inft: inftLayer?.api ?? disabledInft(),
    snapshot: guard("snapshot", controls.snapshot),
    revert: guard("revert", controls.revert),
    mine: guard("mine", controls.mine),
    increaseTime: guard("increaseTime", controls.increaseTime),
    setNextBlockTimestamp: guard("setNextBlockTimestamp", controls.setNextBlockTimestamp),
    setMining: guard("setMining", async (mining: MiningMode) => {
      validateMining(mining);
      await controls.setMining(mining);
    }),
    impersonate: guard("impersonate", controls.impersonate),
    stopImpersonating: guard("stopImpersonating", controls.stopImpersonating),
    setBalance: guard("setBalance", controls.setBalance),
    serve: guard("serve", async (serveOptions: ServeOptions = {}) => {
      const host = serveOptions.host ?? "127.0.0.1";
      const port = serveOptions.port ?? 8545;
      const bodyLimit = serveOptions.bodyLimit ?? 32 * 1024 * 1024;
      const maxBatchSize = serveOptions.maxBatchSize ?? 1000;
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new DevnetOptionError({ option: "port", reason: `Expected an integer from 0 to 65535, got ${String(port)}.` });
      if (!Number.isInteger(bodyLimit) || bodyLimit < 1024)
        throw new DevnetOptionError({ option: "bodyLimit", reason: "Expected an integer number of bytes, at least 1024." });
      let origin = "";
      const server = await startHttpServer({
        host,
        port,
        bodyLimit,
        routes: [
          { path: "/", handle: (body) => handleJsonRpcBody(body, dispatch, { maxBatchSize }) },
          ...(storageLayer?.routes(() => origin, { maxBatchSize }) ?? []),
        ],
        prefixRoutes: [...(computeLayer?.routes() ?? []), ...(inftLayer?.routes() ?? [])],
      });
      origin = server.origin;
      const endpoints: DevnetInfo["endpoints"] = {
        rpc: server.origin,
        ...storageLayer?.endpoints(server.origin),
        ...computeLayer?.endpoints(server.origin),
        ...inftLayer?.endpoints(server.origin),
      };
      servers.push(server);
      endpointsOf.set(server, endpoints);
      // The services on chain name the first server's URLs.
      if (computeLayer && servers[0] === server) {
        try {
          await computeLayer.served(server.origin);
        } catch (error) {
          servers.pop();
          await server.close();
          throw error;
        }
      }
      return {
        endpoints,
        host: server.host,
        port: server.port,
        close: async () => {
          const i = servers.indexOf(server);
          if (i >= 0) servers.splice(i, 1);
          await server.close();
          if (i === 0 && servers[0] && computeLayer && !stopped) await computeLayer.served(servers[0].origin);
        },
      };
    }),
    info: () => {
      if (stopped) throw new DevnetStoppedError({ method: "info" });
      return info();
    },
    async stop() {
      if (stopped) return;
      // Stop the interval miner first: a timer left running would keep mining into a released chain.
      if (!resolved.provider) await backend.call("evm_setIntervalMining", [0]);
      stopped = true;
      storageLayer?.stop();
      computeLayer?.stop();
      inftLayer?.stop();
      await Promise.all(servers.splice(0).map((s) => s.close()));
    },
  };
  return devnet;
}
