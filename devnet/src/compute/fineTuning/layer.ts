import { fineTuningServingAbi } from "@0g/contracts";
import { defineZgDevnet } from "@0g/core";
import { createWalletClient, custom, type Address, type Hex } from "viem";
import type { ChainBackend } from "../../chain/backend.js";
import { toRequestFn } from "../../chain/backend.js";
import {
  DevnetNotServedError,
  DevnetOptionError,
  DevnetStoppedError,
  FineTuningTaskStateError,
  UnknownFineTuningProviderError,
  UnknownFineTuningTaskError,
} from "../../errors.js";
import type { HttpPrefixRoute } from "../../server/http.js";
import type { ComputeChain } from "../chain.js";
import { computeContractAddresses } from "../contracts.js";
import { providerRoute } from "../routes.js";
import type { DevnetFineTuning, DevnetFineTuningProvider, DevnetFineTuningTask, FineTuningSettlement } from "./api.js";
import { fineTunedModelBytes } from "./model.js";
import type { ResolvedFineTuningOptions } from "./options.js";
import { deliverTask, settleDue, setupTask, startTraining, trainingTick, type FineTuningContext } from "./pipeline.js";
import { fineTuningEndpoints, type FineTuningRouteContext } from "./routes.js";
import { fineTuningPath, fineTuningServiceArgs, registerFineTuningService, updateFineTuningService } from "./service.js";
import { FineTuningProviderState, type FineTuningProviderSnapshot, type TaskRecord } from "./state.js";

/** What `complete()` hurries: these tasks skip the pick-up delay and the rest of their training. */
type Force = { skip: ReadonlySet<string> };

export type FineTuningLayer = {
  readonly api: DevnetFineTuning;
  routes(): HttpPrefixRoute[];
  endpoints(origin: string): { computeFineTuningProviders: string[] };
  /** The first served origin changed: the services' URLs on chain follow it. */
  served(origin: string): Promise<void>;
  snapshot(): FineTuningProviderSnapshot[];
  restore(saved: FineTuningProviderSnapshot[] | undefined): Promise<void>;
  /** A block was mined (time may have moved): look at the tasks now. */
  onMined(): void;
  stop(): void;
};

/**
 * Starts the fine-tuning providers: each registered on `FineTuningServing` (100 0G stake, the
 * owner's acknowledgement of its TEE signer), serving 0G's fine-tuning broker API at
 * `/compute/fine-tuning/<i>`, and moving its tasks on by chain time: a timer every `pollInterval`
 * ms, and after every mined block, runs what is due (set-up, training, delivery, settlement).
 */
export async function startFineTuning({
  chain,
  backend,
  chainId,
  options,
  origin,
  flow,
  unservedOrigin,
}: {
  chain: ComputeChain;
  /** The chain backend the providers' storage uploads go through (storage's wrapper, so its nodes follow). */
  backend: ChainBackend;
  chainId: number;
  options: ResolvedFineTuningOptions;
  /** Origin of the first served HTTP server, if any. */
  origin: () => string | undefined;
  /** The devnet's Flow contract, for uploads. */
  flow: Address;
  unservedOrigin: string;
}): Promise<FineTuningLayer> {
  const providers = Array.from({ length: options.providers }, (_, i) => new FineTuningProviderState(i));
  for (const provider of providers) await registerFineTuningService(chain, provider, options, unservedOrigin);

  let stopped = false;
  let epoch = 0;
  let currentOrigin = unservedOrigin;
  const request = toRequestFn(backend);
  const devnetChain = defineZgDevnet({ id: chainId });
  // Uploads pay from the provider's own key; on a chain that does not mine by itself, mine them.
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

  const contexts: FineTuningRouteContext[] = providers.map((provider) => ({
    chain,
    chainId,
    options,
    provider,
    storage: {
      indexer: () => {
        const o = origin();
        return o === undefined ? undefined : `${o}/storage/indexer`;
      },
      flow,
      client: createWalletClient({ account: provider.keys.account, chain: devnetChain, transport: mining, pollingInterval: 50 }),
    },
    serviceOrigin: () => currentOrigin,
    epoch: () => epoch,
    wake: () => wake(),
  }));

  const live = (method: string) => {
    if (stopped) throw new DevnetStoppedError({ method: `compute.fineTuning.${method}` });
  };
  const providerAt = (index: number): FineTuningProviderState => {
    const provider = Number.isInteger(index) ? providers[index] : undefined;
    if (!provider) throw new UnknownFineTuningProviderError({ index, providers: providers.length });
    return provider;
  };
  const findTask = (id: string): { ctx: FineTuningContext; task: TaskRecord } => {
    for (const ctx of contexts) {
      const task = ctx.provider.tasks.get(String(id).toLowerCase());
      if (task) return { ctx, task };
    }
    throw new UnknownFineTuningTaskError({ taskId: String(id) });
  };

  /**
   * One pass over a provider's tasks at the current chain time: delivered tasks are checked for the
   * user's acknowledgement (and settled), then the oldest active task takes its next step.
   * Returns true when something moved.
   */
  const step = async (ctx: FineTuningContext, force?: Force): Promise<boolean> => {
    const { provider } = ctx;
    if (!provider.running || stopped) return false;
    const now = await chain.now();
    let moved = false;
    for (const task of [...provider.tasks.values()])
      if (task.progress === "Delivered" || task.progress === "UserAcknowledged") {
        const before = task.progress;
        await settleDue(ctx, task, now);
        if (task.progress !== before) moved = true;
      }
    const active = [...provider.tasks.values()].find((t) => ["Init", "SetUp", "Training", "Trained"].includes(t.progress));
    if (!active) return moved;
    if (active.progress === "Init") {
      if (now < active.createdAt + options.pickupDelay && !force?.skip.has(active.id)) return moved;
      await setupTask(ctx, active);
    }
    else if (active.progress === "SetUp") await startTraining(ctx, active, now);
    else if (active.progress === "Training") {
      if (force?.skip.has(active.id) && now < active.trainingEndsAt) active.trainingEndsAt = now;
      return (await trainingTick(ctx, active, now)) || moved;
    } else await deliverTask(ctx, active);
    return true;
  };

  // Passes are serialized: a timer tick, a mined block and an API call never run steps at once.
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const pass = (force?: Force): Promise<void> => {
    const next = running.then(async () => {
      queued = false;
      for (const ctx of contexts) await step(ctx, force).catch(() => {});
    });
    running = next.catch(() => {});
    return next;
  };
  const wake = () => {
    if (stopped || queued) return;
    queued = true;
    void pass();
  };
  /** `"active"`: a task is in set-up, training or delivery; `"waiting"`: only deliveries wait for their user. */
  const busy = (): "active" | "waiting" | undefined => {
    let waiting = false;
    for (const p of providers) {
      if (!p.running) continue;
      for (const t of p.tasks.values()) {
        if (t.progress === "Delivered" || t.progress === "UserAcknowledged") waiting = true;
        else if (t.progress !== "Finished" && t.progress !== "Failed") return "active";
      }
    }
    return waiting ? "waiting" : undefined;
  };
  // Active tasks are looked at every `pollInterval`; deliveries waiting for their user once a second
  // (and after every block: the user's acknowledgement arrives in one).
  let ticks = 0;
  const timer = setInterval(() => {
    const state = busy();
    ticks++;
    if (state === "active" || (state === "waiting" && ticks * options.pollInterval >= 1000)) {
      ticks = 0;
      wake();
    }
  }, options.pollInterval);
  timer.unref?.();

  /** Runs passes until nothing moves (at most `limit`). */
  const settleDown = async (force?: Force, limit = 200) => {
    for (let i = 0; i < limit; i++) {
      let moved = false;
      const next = running.then(async () => {
        for (const ctx of contexts) if (await step(ctx, force).catch(() => false)) moved = true;
      });
      running = next.catch(() => {});
      await next;
      if (!moved) return;
    }
  };

  const requireOrigin = () => {
    const o = origin();
    if (o === undefined) throw new DevnetNotServedError();
    return o;
  };

  const describeTask = (ctx: FineTuningContext, t: TaskRecord): DevnetFineTuningTask => ({
    id: t.id,
    provider: ctx.provider.index,
    user: t.user,
    progress: t.progress,
    model: t.model.name,
    preTrainedModelHash: t.model.hash,
    datasetHash: t.datasetHash,
    trainingParams: t.trainingParams,
    fee: t.fee,
    nonce: t.nonce,
    records: t.records,
    tokens: t.tokens,
    epochs: t.epochs,
    createdAt: new Date(t.createdAt),
    trainingEndsAt: t.trainingEndsAt > 0 ? new Date(t.trainingEndsAt) : undefined,
    deliverTime: t.deliverTime > 0 ? new Date(t.deliverTime * 1000) : undefined,
    modelRootHash: t.modelRootHash,
    secret: t.secret,
    encryptedSecret: t.encryptedSecret,
    log: t.log.join(""),
    settlement: t.settlement,
    lastError: t.lastError,
  });

  const describe = (p: FineTuningProviderState): DevnetFineTuningProvider => ({
    index: p.index,
    address: p.address,
    get url() {
      return `${requireOrigin()}${fineTuningPath(p.index)}`;
    },
    path: fineTuningPath(p.index),
    teeSigner: p.keys.tee.address,
    pricePerToken: options.pricePerToken,
    models: options.models.map((m) => m.name),
    running: p.running,
    latency: p.latency,
    occupied: p.occupied,
  });

  const api: DevnetFineTuning = {
    enabled: true,
    get providers() {
      return providers.map(describe);
    },
    tasks(filter = {}) {
      const out: DevnetFineTuningTask[] = [];
      for (const ctx of contexts) {
        if (filter.provider !== undefined && ctx.provider.index !== filter.provider) continue;
        for (const t of ctx.provider.tasks.values())
          if (filter.user === undefined || t.user.toLowerCase() === filter.user.toLowerCase()) out.push(describeTask(ctx, t));
      }
      return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    task(id) {
      const { ctx, task } = findTask(id);
      return describeTask(ctx, task);
    },
    get settlements() {
      return providers.flatMap((p) => p.settlements);
    },
    async advance() {
      live("advance");
      await settleDown();
    },
    async complete(id, { until = "Delivered" } = {}) {
      live("complete");
      const { ctx, task } = findTask(id);
      if (until !== "Delivered" && until !== "Finished") throw new DevnetOptionError({ option: "until", reason: 'Expected "Delivered" or "Finished".' });
      const reached = () => (until === "Delivered" ? ["Delivered", "UserAcknowledged", "Finished"] : ["Finished"]).includes(task.progress);
      for (let i = 0; i < 50 && !reached(); i++) {
        if (task.progress === "Failed")
          throw new FineTuningTaskStateError({ taskId: task.id, progress: task.progress, until, reason: task.log.filter((l) => /failed|cancel/i.test(l)).at(-1)?.trim() ?? "it failed" });
        if (!ctx.provider.running) throw new FineTuningTaskStateError({ taskId: task.id, progress: task.progress, until, reason: "its provider is stopped" });
        // This task and the ones ahead of it at its provider skip their waits.
        const skip = new Set([...ctx.provider.tasks.values()].filter((t) => t.createdAt <= task.createdAt).map((t) => t.id));
        await settleDown({ skip });
        if (until === "Finished" && (task.progress === "Delivered" || task.progress === "UserAcknowledged")) {
          await settleDue(ctx, task, await chain.now(), { force: true });
          if ((task.progress as string) !== "Finished")
            throw new FineTuningTaskStateError({
              taskId: task.id,
              progress: task.progress,
              until,
              reason: task.lastError ?? "the user has not acknowledged the deliverable (settle({ unacknowledged: true }) settles it with the penalty)",
            });
        }
      }
      if (!reached()) throw new FineTuningTaskStateError({ taskId: task.id, progress: task.progress, until, reason: task.lastError ?? "it did not move" });
      return describeTask(ctx, task);
    },
    async settle({ provider, task, unacknowledged = false } = {}) {
      live("settle");
      if (provider !== undefined) providerAt(provider);
      if (task !== undefined) findTask(task);
      const out: FineTuningSettlement[] = [];
      const next = running.then(async () => {
        for (const ctx of contexts) {
          if (provider !== undefined && ctx.provider.index !== provider) continue;
          const now = await chain.now();
          for (const t of [...ctx.provider.tasks.values()]) {
            if (task !== undefined && t.id !== task.toLowerCase()) continue;
            if (t.progress !== "Delivered" && t.progress !== "UserAcknowledged") continue;
            const settled = await settleDue(ctx, t, now, { force: true, unacknowledged });
            if (settled) out.push(settled);
          }
        }
      });
      running = next.catch(() => {});
      await next;
      return out;
    },
    expectedModel({ model, dataset, trainingParams }) {
      const found = options.models.find((m) => m.name === model || m.hash === String(model).toLowerCase());
      if (!found) throw new DevnetOptionError({ option: "model", reason: `Not a model of the fine-tuning providers: ${model}` });
      const params = typeof trainingParams === "string" ? trainingParams : JSON.stringify(trainingParams);
      return fineTunedModelBytes({ baseModel: found, dataset, trainingParams: params, size: options.modelSize });
    },
    stopProvider(index) {
      live("stopProvider");
      providerAt(index).running = false;
    },
    startProvider(index) {
      live("startProvider");
      providerAt(index).running = true;
      wake();
    },
    setLatency(index, ms) {
      live("setLatency");
      if (!Number.isFinite(ms) || ms < 0)
        throw new DevnetOptionError({ option: "latency", reason: `Expected a non-negative number of milliseconds, got ${String(ms)}.` });
      providerAt(index).latency = ms;
    },
    clearFaults(index) {
      if (index === undefined) for (const p of providers) p.clearFaults();
      else providerAt(index).clearFaults();
      wake();
    },
  };

  /** Brings every service's URL on chain to `to`, keeping `occupied` as it is. */
  const syncUrls = async (to: string) => {
    currentOrigin = to;
    for (const p of providers) await p.enqueue(() => updateFineTuningService(chain, p, fineTuningServiceArgs(p, options, to, p.occupied)));
  };

  return {
    api,
    routes: () => contexts.map((ctx) => providerRoute(ctx, fineTuningEndpoints, fineTuningPath(ctx.provider.index))),
    endpoints: (o) => ({ computeFineTuningProviders: providers.map((p) => `${o}${fineTuningPath(p.index)}`) }),
    served: (o) => syncUrls(o),
    snapshot: () => providers.map((p) => p.snapshot()),
    async restore(saved) {
      epoch++;
      if (saved) providers.forEach((p, i) => p.restore(saved[i]!));
      // `occupied` is as the snapshot's chain has it: read it back.
      for (const p of providers) {
        const service = await chain
          .read({ address: computeContractAddresses.fineTuningServing, abi: fineTuningServingAbi, functionName: "getService", args: [p.address] })
          .catch(() => undefined);
        if (service) p.occupied = service.occupied;
      }
      wake();
    },
    onMined: () => {
      if (busy()) wake();
    },
    stop() {
      stopped = true;
      epoch++;
      clearInterval(timer);
    },
  };
}
