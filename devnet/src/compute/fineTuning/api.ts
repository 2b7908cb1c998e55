import type { FineTuningProgress } from "@0g/compute";
import type { Address, Hex } from "viem";
import { FineTuningDisabledError } from "../../errors.js";

/** A fine-tuning provider of the devnet as `devnet.compute.fineTuning.providers` lists it. */
export type DevnetFineTuningProvider = {
  readonly index: number;
  /** The provider's account (`Service.provider`): it staked, delivers, settles, is paid. */
  readonly address: Address;
  /** Its URL (`<rpc>/compute/fine-tuning/<index>`, also `Service.url`); throws `DevnetNotServedError` before `serve()`. */
  readonly url: string;
  /** Its path on every served HTTP server. */
  readonly path: string;
  /** The TEE signer: signs encrypted models and settlements (`Service.teeSignerAddress`). */
  readonly teeSigner: Address;
  readonly pricePerToken: bigint;
  /** Names of the models it trains (`Service.models`). */
  readonly models: readonly string[];
  /** False after `stopProvider(index)`: its endpoint drops connections and its tasks stand still. */
  readonly running: boolean;
  readonly latency: number;
  /** `Service.occupied` as the provider last set it (true while it trains). */
  readonly occupied: boolean;
};

/** One settled deliverable: what was signed and sent, and what the contract took. */
export type FineTuningSettlement = {
  /** Index of the provider that settled. */
  provider: number;
  taskId: string;
  user: Address;
  /** True when the user had acknowledged: the whole fee, and the key sealed to the user. False: the penalty share, no key. */
  acknowledged: boolean;
  /** The task's fee, as signed (`VerifierInput.taskFee`). */
  taskFee: bigint;
  /** What the contract took from the sub-account (`FeesSettled.fee`): the fee, or its penalty share. */
  fee: bigint;
  nonce: bigint;
  /** `0x` for a penalty settlement. */
  encryptedSecret: Hex;
  transactionHash: Hex;
};

/** A task, as the devnet shows it (more than the provider's API: the dataset's counts, the key, the log). */
export type DevnetFineTuningTask = {
  id: string;
  provider: number;
  user: Address;
  progress: FineTuningProgress;
  /** The pre-trained model's name and root hash. */
  model: string;
  preTrainedModelHash: Hex;
  datasetHash: string;
  trainingParams: string;
  /** Neuron; 0 until set-up. */
  fee: bigint;
  nonce: bigint;
  /** Set-up's count of the dataset: records, tokens of one pass, epochs. */
  records: number;
  tokens: number;
  epochs: number;
  createdAt: Date;
  /** When training ends (chain time), once it started. */
  trainingEndsAt: Date | undefined;
  deliverTime: Date | undefined;
  /** The encrypted model's file root on 0G Storage, once delivered. */
  modelRootHash: Hex | undefined;
  /** The model key (the devnet shows it; a real provider keeps it in its TEE). */
  secret: Hex | undefined;
  /** The key sealed to the user (ECIES), once delivered. */
  encryptedSecret: Hex | undefined;
  /** The task's `progress.log`. */
  log: string;
  settlement: FineTuningSettlement | undefined;
  /** Why its last delivery or settlement attempt failed, if it did. */
  lastError: string | undefined;
};

export type FineTuningSettleOptions = {
  provider?: number;
  task?: string;
  /**
   * Also settle deliverables the user has not acknowledged, as if their acknowledgement window
   * had passed: the penalty share of the fee, no key. @default false
   */
  unacknowledged?: boolean;
};

/**
 * The fine-tuning providers of a devnet (`createDevnet({ compute: { fineTuning: true } })`): each
 * registered on `FineTuningServing`, serving 0G's fine-tuning broker API at
 * `<rpc>/compute/fine-tuning/<i>`. A task is set up (the dataset fetched from the devnet's 0G
 * Storage and counted, the fee set and checked), trained for a while of chain time, delivered (a
 * deterministic LoRA zip, encrypted with a fresh key, uploaded to 0G Storage, `addDeliverable`),
 * then settled with a TEE-signed `settleFees` once the user acknowledges it, or with the penalty
 * after the acknowledgement window. Tasks are part of snapshots; `increaseTime` moves them on.
 *
 * @example
 * const devnet = await createDevnet({ compute: { fineTuning: true } });
 * await devnet.serve({ port: 0 });
 * const [provider] = devnet.compute.fineTuning.providers;
 * // ...a client funds it, uploads a dataset and creates a task at provider.url...
 * await devnet.compute.fineTuning.complete(taskId); // trained and delivered now
 */
export type DevnetFineTuning = {
  /** False when the devnet has no fine-tuning providers; every method then throws `FineTuningDisabledError`. */
  readonly enabled: boolean;
  readonly providers: readonly DevnetFineTuningProvider[];
  /** Every task, oldest first (with `provider` / `user`: theirs only). */
  tasks(filter?: { provider?: number; user?: Address }): DevnetFineTuningTask[];
  /** One task, by id. */
  task(id: string): DevnetFineTuningTask;
  /** Every settlement, oldest first (restored by `revert`). */
  readonly settlements: readonly FineTuningSettlement[];
  /** Runs every step that is due now (by chain time) until nothing more is; resolves when done. */
  advance(): Promise<void>;
  /**
   * Moves a task on now, skipping what is left of its training time, until it is `Delivered` (or
   * `until`); rejects with `FineTuningTaskStateError` if it fails or cannot get there.
   */
  complete(id: string, options?: { until?: "Delivered" | "Finished" }): Promise<DevnetFineTuningTask>;
  /** Settles now what is due: acknowledged deliverables (and, with `unacknowledged`, the others with the penalty). */
  settle(options?: FineTuningSettleOptions): Promise<FineTuningSettlement[]>;
  /** The model bytes a provider delivers for this base model, dataset and parameters (before encryption). */
  expectedModel(parameters: { model: string; dataset: Uint8Array; trainingParams: string | Record<string, unknown> }): Uint8Array;
  /** Stops provider `index`: its endpoint drops connections and its tasks stand still. */
  stopProvider(index: number): void;
  startProvider(index: number): void;
  /** Delays every answer of provider `index` by `ms` milliseconds. */
  setLatency(index: number, ms: number): void;
  clearFaults(index?: number): void;
};

/** `devnet.compute.fineTuning` without fine-tuning providers. */
export function disabledFineTuning(): DevnetFineTuning {
  const off = (method: string) => () => {
    throw new FineTuningDisabledError({ method });
  };
  return {
    enabled: false,
    providers: [],
    tasks: off("tasks"),
    task: off("task"),
    settlements: [],
    advance: () => Promise.reject(new FineTuningDisabledError({ method: "advance" })),
    complete: () => Promise.reject(new FineTuningDisabledError({ method: "complete" })),
    settle: () => Promise.reject(new FineTuningDisabledError({ method: "settle" })),
    expectedModel: off("expectedModel"),
    stopProvider: off("stopProvider"),
    startProvider: off("startProvider"),
    setLatency: off("setLatency"),
    clearFaults: off("clearFaults"),
  };
}
