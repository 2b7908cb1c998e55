import { fineTuningMockModel, fineTuningPredefinedModels } from "@0g/compute";
import { isHex, type Hex } from "viem";
import { DevnetOptionError } from "../../errors.js";

/**
 * A pre-trained model a fine-tuning provider trains. A string names one of 0G's known models
 * (`"mock-model"`, `"Qwen2.5-0.5B-Instruct"`, `"Qwen3-32B"`) or a new one (its root hash derived from
 * the name); an object sets the fields `GET /v1/model` lists.
 */
export type FineTuningModelOption =
  | string
  | {
      name: string;
      /** Its root hash (what tasks name as `preTrainedModelHash`). @default 0G's for known names, else keccak256("0g-devnet/model/<name>") */
      hash?: Hex;
      /** @default "Devnet model <name>: trained deterministically, no GPU." */
      description?: string;
      /** @default "text" */
      dataType?: "text" | "image";
      /** @default the name */
      tokenizer?: string;
      /** Multiplies the training fee of this model (0G's `PriceCoefficient`). @default 1 */
      priceCoefficient?: bigint;
      /** Added to the fee of every task of this model, in neuron (0G's storage reserve `StorageFee`). @default 0n */
      storageFee?: bigint;
    };

/** Options of the fine-tuning providers (`createDevnet({ compute: { fineTuning } })`). */
export type FineTuningOptions = {
  /** How many fine-tuning providers. @default 1 */
  providers?: number;
  /** The pre-trained models every provider trains. @default ["mock-model", "Qwen2.5-0.5B-Instruct"] */
  models?: readonly FineTuningModelOption[];
  /** `Service.pricePerToken`, neuron per training token per epoch. @default 1_000_000_000n (1 gwei) */
  pricePerToken?: bigint;
  /**
   * Milliseconds of chain time a new task waits before its provider picks it up (0G's broker polls
   * its queue once a minute); it can be cancelled meanwhile. `complete()` skips the wait. @default 0
   */
  pickupDelay?: number;
  /** Milliseconds of chain time a task trains (when `speed` is not given). @default 1000 */
  trainingTime?: number;
  /** Training tokens per second of chain time: a task trains tokens × epochs / speed seconds (at least 1 ms). */
  speed?: number;
  /** Bytes of the LoRA weights in each delivered model (the zip is a little larger). @default 65_536 */
  modelSize?: number;
  /**
   * Seconds after delivery an unacknowledged deliverable is settled with the penalty fee and no key
   * (0G's `DeliveredTaskAckTimeoutSecs`, capped at half the contract's lock time). @default 21_600
   */
  ackTimeout?: number;
  /** Settle acknowledged and timed-out deliverables on their own; `false`: only `fineTuning.settle()`. @default true */
  autoSettle?: boolean;
  /** Milliseconds between the providers' checks of their tasks (chain time decides what is due). @default 100 */
  pollInterval?: number;
};

/** A resolved model. */
export type ResolvedFineTuningModel = {
  name: string;
  hash: Hex;
  description: string;
  dataType: "text" | "image";
  tokenizer: string;
  priceCoefficient: bigint;
  storageFee: bigint;
};

export type ResolvedFineTuningOptions = {
  providers: number;
  models: readonly ResolvedFineTuningModel[];
  pricePerToken: bigint;
  pickupDelay: number;
  trainingTime: number;
  speed: number | undefined;
  modelSize: number;
  ackTimeout: number;
  autoSettle: boolean;
  pollInterval: number;
};

const known: Record<string, { hash: Hex; tokenizer: string; description: string }> = {
  [fineTuningMockModel.name]: {
    hash: fineTuningMockModel.hash,
    tokenizer: fineTuningMockModel.tokenizer,
    description: "Mock model for local development and testing (0G's `mock-model`): the devnet trains it deterministically, no GPU.",
  },
  "Qwen2.5-0.5B-Instruct": {
    hash: fineTuningPredefinedModels["Qwen2.5-0.5B-Instruct"],
    tokenizer: "Qwen/Qwen2.5-0.5B-Instruct",
    description: "Qwen2.5-0.5B-Instruct (0G's predefined hash); on the devnet a deterministic stand-in, no weights are trained.",
  },
  "Qwen3-32B": {
    hash: fineTuningPredefinedModels["Qwen3-32B"],
    tokenizer: "Qwen/Qwen3-32B",
    description: "Qwen3-32B (0G's predefined hash); on the devnet a deterministic stand-in, no weights are trained.",
  },
};

export const defaultFineTuningModels = [fineTuningMockModel.name, "Qwen2.5-0.5B-Instruct"] as const;

/** Resolves `compute.fineTuning`; `undefined` and `false` mean no fine-tuning providers, `true` the defaults. */
export function resolveFineTuningOptions(options: FineTuningOptions | boolean | undefined, hashOf: (name: string) => Hex): ResolvedFineTuningOptions | undefined {
  if (options === undefined || options === false) return undefined;
  if (options !== true && (typeof options !== "object" || options === null || Array.isArray(options)))
    throw new DevnetOptionError({ option: "compute.fineTuning", reason: "Expected true, false or an options object." });
  const o: FineTuningOptions = options === true ? {} : options;
  const fail = (option: string, reason: string): never => {
    throw new DevnetOptionError({ option: `compute.fineTuning.${option}`, reason });
  };
  const integer = (name: string, value: unknown, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) return fail(name, `Expected an integer from ${min} to ${max}, got ${String(value)}.`);
    return value;
  };
  const wei = (name: string, value: unknown, fallback: bigint): bigint => {
    if (value === undefined) return fallback;
    if (typeof value !== "bigint" || value < 0n || value >= 2n ** 255n) return fail(name, "Expected a non-negative bigint (neuron).");
    return value;
  };
  if (o.speed !== undefined && (typeof o.speed !== "number" || !Number.isFinite(o.speed) || o.speed <= 0)) fail("speed", "Expected a positive number of tokens per second.");
  if (o.autoSettle !== undefined && typeof o.autoSettle !== "boolean") fail("autoSettle", "Expected a boolean.");

  const given = o.models ?? defaultFineTuningModels;
  if (!Array.isArray(given) || given.length === 0) fail("models", "Expected a non-empty array of model names or { name, ... }.");
  const models = given.map((m, i): ResolvedFineTuningModel => {
    const at = `models[${i}]`;
    const spec = typeof m === "string" ? { name: m } : m;
    if (typeof spec !== "object" || spec === null || typeof spec.name !== "string" || spec.name.trim() === "" || spec.name.length > 256 || /[/\s]/.test(spec.name))
      return fail(at, "Expected a model name (no spaces or slashes, at most 256 characters) or { name, ... }.");
    const base = known[spec.name];
    const hash = "hash" in spec && spec.hash !== undefined ? spec.hash : (base?.hash ?? hashOf(spec.name));
    if (!isHex(hash, { strict: true }) || hash.length !== 66) fail(`${at}.hash`, "Expected a 32-byte hex root hash.");
    const dataType = ("dataType" in spec ? spec.dataType : undefined) ?? "text";
    if (dataType !== "text" && dataType !== "image") fail(`${at}.dataType`, 'Expected "text" or "image".');
    return {
      name: spec.name,
      hash: hash.toLowerCase() as Hex,
      description: ("description" in spec ? spec.description : undefined) ?? base?.description ?? `Devnet model ${spec.name}: trained deterministically, no GPU.`,
      dataType,
      tokenizer: ("tokenizer" in spec ? spec.tokenizer : undefined) ?? base?.tokenizer ?? spec.name,
      priceCoefficient: wei(`${at}.priceCoefficient`, "priceCoefficient" in spec ? spec.priceCoefficient : undefined, 1n),
      storageFee: wei(`${at}.storageFee`, "storageFee" in spec ? spec.storageFee : undefined, 0n),
    };
  });
  const names = new Set(models.map((m) => m.name));
  if (names.size !== models.length) fail("models", "Model names must be unique.");
  if (new Set(models.map((m) => m.hash)).size !== models.length) fail("models", "Model hashes must be unique.");

  return {
    providers: integer("providers", o.providers, 1, 1, 16),
    models,
    pricePerToken: wei("pricePerToken", o.pricePerToken, 1_000_000_000n),
    pickupDelay: integer("pickupDelay", o.pickupDelay, 0, 0, 7 * 86_400_000),
    trainingTime: integer("trainingTime", o.trainingTime, 1000, 0, 7 * 86_400_000),
    speed: o.speed,
    modelSize: integer("modelSize", o.modelSize, 65_536, 0, 2 ** 31),
    ackTimeout: integer("ackTimeout", o.ackTimeout, 21_600, 0, 30 * 86_400),
    autoSettle: o.autoSettle ?? true,
    pollInterval: integer("pollInterval", o.pollInterval, 100, 5, 60_000),
  };
}
