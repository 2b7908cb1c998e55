import type { FineTuningProgress, FineTuningTaskJson } from "@0g/compute";
import { keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { FineTuningSettlement } from "./api.js";
import type { ResolvedFineTuningModel } from "./options.js";

/** A task as a fine-tuning provider keeps it (0G's broker's `db.Task`, plus the devnet's bookkeeping). */
export type TaskRecord = {
  id: string;
  /** The user, checksummed. */
  user: Address;
  /** `userAddress` as the request spelled it (echoed back, as 0G's broker does). */
  userAddress: string;
  /** Recovered from the request's signature at set-up: the model key is sealed to it. */
  userPublicKey: Hex | undefined;
  model: ResolvedFineTuningModel;
  datasetHash: string;
  trainingParams: string;
  /** Neuron; 0 until set-up counted the tokens. */
  fee: bigint;
  nonce: bigint;
  signature: string;
  wait: boolean;
  progress: FineTuningProgress;
  /** Chain time, Unix ms. */
  createdAt: number;
  updatedAt: number;
  /** Unix seconds of the delivery; 0 before. */
  deliverTime: number;
  /** `progress.log`, one `[time] message` line per entry (each ends with a newline). */
  log: string[];
  /** Set up: the dataset and what was counted. */
  dataset: Uint8Array | undefined;
  records: number;
  tokens: number;
  epochs: number;
  /** Training, in chain time (Unix ms). */
  trainingStartedAt: number;
  trainingEndsAt: number;
  trainingSteps: number;
  loggedSteps: number;
  /** Delivered: the encrypted model file (also on 0G Storage). */
  encrypted: Uint8Array | undefined;
  secret: Hex | undefined;
  encryptedSecret: Hex | undefined;
  modelRootHash: Hex | undefined;
  /** Failed delivery or settlement attempts in a row. */
  attempts: number;
  /** Why the last delivery or settlement attempt failed (logged once per distinct reason). */
  lastError: string | undefined;
  settlement: FineTuningSettlement | undefined;
};

/** The states in which a task is still waiting for, or in, set-up or training (0G's `PendingTrainingTaskCount`). */
export const pendingStates: readonly FineTuningProgress[] = ["Init", "SettingUp", "SetUp", "Training"];
/** The states before training, in which a task can be cancelled. */
export const cancellableStates: readonly FineTuningProgress[] = ["Init", "SettingUp", "SetUp"];
/** The states of a task the provider is still working on (set-up to delivery). */
export const activeStates: readonly FineTuningProgress[] = ["Init", "SettingUp", "SetUp", "Training", "Trained", "Delivering"];

/** RFC 3339 with seconds, as Go's `time.RFC3339` (0G's log lines). */
export const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The task as 0G's broker answers it (`schema.Task`). */
export function taskJson(task: TaskRecord): FineTuningTaskJson {
  return {
    id: task.id,
    createdAt: new Date(task.createdAt).toISOString(),
    updatedAt: new Date(task.updatedAt).toISOString(),
    userAddress: task.userAddress,
    preTrainedModelHash: task.model.hash,
    datasetHash: task.datasetHash,
    trainingParams: task.trainingParams,
    fee: task.fee.toString(),
    nonce: task.nonce.toString(),
    signature: task.signature,
    progress: task.progress,
    deliverIndex: 0,
    deliverTime: task.deliverTime,
    modelType: 1,
    wait: task.wait,
  };
}

/** A task id: UUID v4 layout, derived from the provider, user and nonce (so runs repeat). */
export function taskId(provider: Address, user: Address, nonce: bigint, datasetHash: string): string {
  const h = keccak256(toHex(`@0g/devnet:fine-tuning:task:${provider}:${user.toLowerCase()}:${nonce}:${datasetHash.toLowerCase()}`)).slice(2);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The keys of fine-tuning provider `index`, from fixed labels (never a user account, never an inference provider's). */
export function fineTuningProviderKeys(index: number): { account: PrivateKeyAccount; tee: PrivateKeyAccount } {
  const key = (role: string) => keccak256(toHex(`@0g/devnet:compute:fine-tuning:${role}:${index}`));
  return { account: privateKeyToAccount(key("provider")), tee: privateKeyToAccount(key("tee")) };
}

export type FineTuningProviderSnapshot = { tasks: TaskRecord[]; settlements: FineTuningSettlement[] };

/** A fine-tuning provider: keys, tasks in creation order, settlements, faults. */
export class FineTuningProviderState {
  readonly index: number;
  readonly keys: { account: PrivateKeyAccount; tee: PrivateKeyAccount };
  running = true;
  latency = 0;
  tasks = new Map<string, TaskRecord>();
  settlements: FineTuningSettlement[] = [];
  /** What `Service.occupied` is on chain, as the provider last set it. */
  occupied = false;
  /** Serializes the provider's transactions. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(index: number) {
    this.index = index;
    this.keys = fineTuningProviderKeys(index);
  }

  get address(): Address {
    return this.keys.account.address;
  }

  /** Runs `task` after the provider's earlier transactions, one at a time. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Appends `[time] message` lines to a task's log. */
  log(task: TaskRecord, now: number, message: string): void {
    for (const line of message.replace(/\n$/, "").split("\n")) task.log.push(`[${rfc3339(now)}] ${line}\n`);
  }

  /** Moves a task to `progress`. */
  set(task: TaskRecord, now: number, progress: FineTuningProgress): void {
    task.progress = progress;
    task.updatedAt = now;
  }

  tasksOf(user: string): TaskRecord[] {
    const key = user.toLowerCase();
    return [...this.tasks.values()].filter((t) => t.user.toLowerCase() === key);
  }

  clearFaults(): void {
    this.running = true;
    this.latency = 0;
  }

  snapshot(): FineTuningProviderSnapshot {
    return { tasks: [...this.tasks.values()].map((t) => ({ ...t, log: [...t.log] })), settlements: [...this.settlements] };
  }

  /**
   * Restores a snapshot. A task caught mid-step (downloading its dataset, uploading its model) goes
   * back to the step's start, as 0G's broker retries an interrupted step.
   */
  restore(saved: FineTuningProviderSnapshot): void {
    this.tasks = new Map(
      saved.tasks.map((t) => {
        const task: TaskRecord = { ...t, log: [...t.log] };
        if (task.progress === "SettingUp") task.progress = "Init";
        if (task.progress === "Delivering") {
          // Its upload may be newer than the snapshot's storage: upload again (a finalized file is skipped).
          task.progress = "Trained";
          task.modelRootHash = undefined;
        }
        return [task.id, task];
      }),
    );
    this.settlements = [...saved.settlements];
  }
}
