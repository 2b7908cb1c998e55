import { inferenceServingAbi } from "@0g/contracts";
import type { Address } from "viem";
import type { ChainBackend } from "../chain/backend.js";
import { DevnetNotServedError, DevnetOptionError, DevnetStoppedError, UnknownComputeProviderError } from "../errors.js";
import type { HttpPrefixRoute } from "../server/http.js";
import type { ComputeSettlement, DevnetCompute, DevnetComputeProvider } from "./api.js";
import { computeContractAddresses } from "./contracts.js";
import { disabledFineTuning } from "./fineTuning/api.js";
import { startFineTuning, type FineTuningLayer } from "./fineTuning/layer.js";
import type { FineTuningProviderSnapshot } from "./fineTuning/state.js";
import { computeChain } from "./chain.js";
import type { ChatContext } from "./chat.js";
import { builtinHandler } from "./model/builtin.js";
import { proxyHandler } from "./model/proxy.js";
import type { ChatHandler } from "./model/types.js";
import type { ResolvedComputeModel, ResolvedComputeOptions } from "./options.js";
import { ProviderState, type ProviderSnapshot } from "./provider.js";
import { inferenceEndpoints, providerRoute } from "./routes.js";
import { providerPath, registerService, serviceParams, unservedOrigin, updateService } from "./service.js";
import { settleProvider } from "./settlement.js";

export type ComputeLayer = {
  readonly api: DevnetCompute;
  /** Wraps the chain so that snapshots and reverts cover the providers' books. */
  wrap(chain: ChainBackend): ChainBackend;
  /** The providers' HTTP routes (`/compute/<i>`, and `/compute/fine-tuning/<i>`). */
  routes(): HttpPrefixRoute[];
  endpoints(origin: string): { computeProviders: string[]; computeFineTuningProviders?: string[] };
  /** The first served origin changed: the services' URLs on chain follow it. */
  served(origin: string): Promise<void>;
  stop(): void;
};

/**
 * Starts the compute layer on a chain where the compute contracts are deployed: K providers with
 * their own funded accounts and TEE keys, registered on chain (`addOrUpdateService`, 100 0G stake,
 * the owner's acknowledgement of the TEE signer), each serving 0G's provider API from its model.
 *
 * Service URLs: before `serve()` a service's URL is `http://127.0.0.1:8545/compute/<i>`; the first
 * `serve()` (and a revert to a snapshot taken before it) sends `addOrUpdateService` with the served
 * origin when it differs, which mines a block. Serving on port 8545 keeps the URLs as they are.
 */
export async function startComputeLayer({
  chain: backend,
  options,
  chainId,
  origin,
  flow,
}: {
  /** The chain the providers transact on (storage's wrapper included, so its nodes follow). */
  chain: ChainBackend;
  options: ResolvedComputeOptions;
  chainId: number;
  /** Origin of the first served HTTP server, if any. */
  origin: () => string | undefined;
  /** The storage layer's Flow contract (fine-tuning providers upload models through it). */
  flow?: Address | undefined;
}): Promise<ComputeLayer> {
  const chain = computeChain(backend);
  const providers = options.models.map((model, i) => new ProviderState(i, model));
  for (const provider of providers) await registerService(chain, provider, options, unservedOrigin);
  let fineTuning: FineTuningLayer | undefined;
  if (options.fineTuning) {
    if (flow === undefined) throw new DevnetOptionError({ option: "compute.fineTuning", reason: "Fine-tuning providers need the storage layer." });
    fineTuning = await startFineTuning({ chain, backend, chainId, options: options.fineTuning, origin, flow, unservedOrigin });
  }

  let stopped = false;
  let currentOrigin = unservedOrigin;
  const live = (method: string) => {
    if (stopped) throw new DevnetStoppedError({ method: `compute.${method}` });
  };
  const providerAt = (index: number): ProviderState => {
    const provider = Number.isInteger(index) ? providers[index] : undefined;
    if (!provider) throw new UnknownComputeProviderError({ index, providers: providers.length });
    return provider;
  };
  const requireOrigin = () => {
    const o = origin();
    if (o === undefined) throw new DevnetNotServedError();
    return o;
  };

  const settle = (provider: ProviderState, users?: ReadonlySet<string>) =>
    provider.enqueue(async () => (stopped ? [] : settleProvider({ chain, chainId, provider, users })));
  /** Automatic settlement (0G's trigger): the user's unsettled fees reach the threshold, or what is left falls below it. */
  const onBilled = (provider: ProviderState) => (user: Address, left: bigint) => {
    if (!options.autoSettle || stopped) return;
    if (provider.unsettledFee(user) < options.threshold && left >= options.threshold) return;
    settle(provider, new Set([user.toLowerCase()])).then(
      () => (provider.lastSettlementError = undefined),
      (error: unknown) => (provider.lastSettlementError = error),
    );
  };
  const contexts: ChatContext[] = providers.map((provider) => ({
    chain,
    options,
    provider,
    handler: handlerOf(provider.model),
    onBilled: onBilled(provider),
  }));

  /** Brings every service's URL on chain to `origin` (a block per provider that changes). */
  const syncUrls = async (to: string) => {
    currentOrigin = to;
    for (const provider of providers) await provider.enqueue(() => updateService(chain, provider, serviceParams(provider, options, to)));
    await fineTuning?.served(to);
  };

  /**
   * 0G's lock-time trigger (the broker's `LowBalanceRisk` with `AutoSettleBufferTime`): a user
   * with unsettled fees whose pending refund unlocks within `lockTimeBuffer` seconds is settled
   * now, before the refund can take the funds out of the sub-account.
   */
  const settleRefundRisks = async () => {
    if (!options.autoSettle || stopped) return;
    const owing = providers.filter((p) => [...p.unsettled.values()].some((list) => list.some((r) => r.fee > 0n)));
    if (owing.length === 0) return;
    const [now, lockTime] = await Promise.all([
      chain.now(),
      chain.read({ address: computeContractAddresses.inferenceServing, abi: inferenceServingAbi, functionName: "lockTime", args: [] }),
    ]);
    const horizon = BigInt(Math.floor(now / 1000) + options.lockTimeBuffer) - lockTime;
    for (const provider of owing) {
      const atRisk = new Set<string>();
      for (const [user, requests] of provider.unsettled) {
        if (!requests.some((r) => r.fee > 0n)) continue;
        const account = await chain
          .read({ address: computeContractAddresses.inferenceServing, abi: inferenceServingAbi, functionName: "getAccount", args: [user as Address, provider.address] })
          .catch(() => undefined);
        if (!account) continue;
        const valid = Number(account.validRefundsLength);
        if (account.refunds.slice(0, valid).some((r) => r.amount > 0n && r.createdAt <= horizon)) atRisk.add(user);
      }
      if (atRisk.size > 0)
        await settle(provider, atRisk).then(
          () => (provider.lastSettlementError = undefined),
          (error: unknown) => (provider.lastSettlementError = error),
        );
    }
  };
  const riskTimer = setInterval(() => void settleRefundRisks().catch(() => {}), 60_000);
  riskTimer.unref?.();

  // Snapshots, keyed by the chain's snapshot ids (EDR's evm_revert drops the id and every later one).
  const snapshots = new Map<bigint, { inference: ProviderSnapshot[]; fineTuning: FineTuningProviderSnapshot[] | undefined }>();
  const snapshotId = (value: unknown): bigint | undefined => {
    try {
      return typeof value === "string" || typeof value === "number" ? BigInt(value) : undefined;
    } catch {
      return undefined;
    }
  };

  const describe = (p: ProviderState): DevnetComputeProvider => ({
    index: p.index,
    address: p.address,
    get url() {
      return `${requireOrigin()}${providerPath(p.index)}`;
    },
    path: providerPath(p.index),
    model: p.model.name,
    modelKind: p.model.kind,
    inputPrice: options.inputPrice,
    outputPrice: options.outputPrice,
    teeSigner: p.keys.tee.address,
    running: p.running,
    lying: p.lying,
    latency: p.latency,
    lastSettlementError: p.lastSettlementError,
  });

  const api: DevnetCompute = {
    enabled: true,
    fineTuning: fineTuning?.api ?? disabledFineTuning(),
    get providers() {
      return providers.map(describe);
    },
    get settlements() {
      return providers.flatMap((p) => p.settlements);
    },
    unsettledFee(index, user) {
      return providerAt(index).unsettledFee(user);
    },
    async settle({ provider, user } = {}) {
      live("settle");
      const targets = provider === undefined ? providers : [providerAt(provider)];
      const users = user === undefined ? undefined : new Set([user.toLowerCase()]);
      const out: ComputeSettlement[] = [];
      for (const p of targets) out.push(...(await settle(p, users)));
      return out;
    },
    lie(index, on = true) {
      live("lie");
      providerAt(index).lying = on;
    },
    setLatency(index, ms) {
      live("setLatency");
      const provider = providerAt(index);
      if (!Number.isFinite(ms) || ms < 0)
        throw new DevnetOptionError({ option: "latency", reason: `Expected a non-negative number of milliseconds, got ${String(ms)}.` });
      provider.latency = ms;
    },
    stopProvider(index) {
      live("stopProvider");
      providerAt(index).running = false;
    },
    startProvider(index) {
      live("startProvider");
      providerAt(index).running = true;
    },
    clearFaults(index) {
      if (index === undefined) for (const p of providers) p.clearFaults();
      else providerAt(index).clearFaults();
    },
  };

  return {
    api,
    wrap(inner) {
      return {
        async call(method, params) {
          if (method === "evm_revert") {
            const id = snapshotId(Array.isArray(params) ? params[0] : undefined);
            const outcome = await inner.call(method, params);
            if (outcome.result === true && id !== undefined) {
              const saved = snapshots.get(id);
              for (const other of [...snapshots.keys()]) if (other >= id) snapshots.delete(other);
              if (saved) providers.forEach((p, i) => p.restore(saved.inference[i]!));
              await fineTuning?.restore(saved?.fineTuning);
              // A snapshot from before serve() has the old URLs on chain: bring them back to the served origin.
              if (!stopped) await syncUrls(currentOrigin);
            }
            return outcome;
          }
          const outcome = await inner.call(method, params);
          if (outcome.error) return outcome;
          if (method === "evm_snapshot") {
            const id = snapshotId(outcome.result);
            if (id !== undefined) snapshots.set(id, { inference: providers.map((p) => p.snapshot()), fineTuning: fineTuning?.snapshot() });
          } else if (blockMethods.has(method)) {
            fineTuning?.onMined();
            // Time may have moved (time travel): settle users whose refunds are about to unlock,
            // before this call returns, so the user's next transaction cannot beat the provider.
            if (method === "evm_mine" || method === "hardhat_mine") await settleRefundRisks().catch(() => {});
          }
          return outcome;
        },
      };
    },
    routes: () => [...contexts.map((ctx) => providerRoute(ctx, inferenceEndpoints)), ...(fineTuning?.routes() ?? [])],
    endpoints: (o) => ({ computeProviders: providers.map((p) => `${o}${providerPath(p.index)}`), ...fineTuning?.endpoints(o) }),
    served: (o) => syncUrls(o),
    stop() {
      stopped = true;
      clearInterval(riskTimer);
      fineTuning?.stop();
    },
  };
}

/** Methods after which a block may have been mined. */
const blockMethods = new Set(["eth_sendRawTransaction", "eth_sendTransaction", "evm_mine", "hardhat_mine"]);

function handlerOf(model: ResolvedComputeModel): ChatHandler {
  if (model.kind === "handler") return model.handler;
  if (model.kind === "proxy") return proxyHandler(model);
  return builtinHandler;
}
