import { keccak256, toHex } from "viem";
import { DevnetOptionError } from "../errors.js";
import { resolveFineTuningOptions, type FineTuningOptions, type ResolvedFineTuningOptions } from "./fineTuning/options.js";
import type { ChatHandler } from "./model/types.js";

/**
 * What a provider serves. A string names the deterministic built-in model (same prompt, same
 * answer); `{ url }` proxies to any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio);
 * `{ handler }` is your own code.
 */
export type ComputeModel =
  | string
  | {
      /** The model name registered on chain (`Service.model`). @default "0g-devnet/deterministic-chat" */
      name?: string;
    }
  | {
      /**
       * The OpenAI-compatible base URL, up to and including its version path, e.g.
       * `http://127.0.0.1:11434/v1`: chat goes to `{url}/chat/completions`, models to `{url}/models`.
       */
      url: string;
      /** The model name registered on chain. @default `upstreamModel`, else "proxy" */
      name?: string;
      /** Replaces the request's `model` before it is forwarded (the upstream's name for it). */
      upstreamModel?: string;
      /** Sent upstream as `Authorization: Bearer <apiKey>`. */
      apiKey?: string;
    }
  | {
      /** Answers chat completions; see {@link ChatHandler}. */
      handler: ChatHandler;
      /** The model name registered on chain. @default "custom" */
      name?: string;
    };

/** When providers settle their users' fees on chain. */
export type ComputeSettlementOptions = {
  /**
   * Settle a user's fees on their own: when they reach `threshold`, or when the user's balance left
   * after them falls below it (0G's low-balance rule). `false`: only `devnet.compute.settle()`.
   * @default true
   */
  auto?: boolean;
  /**
   * In neuron. @default (inputPrice + outputPrice) × 10^6, 0G's `SettleTriggerThreshold`
   */
  threshold?: bigint;
  /**
   * Seconds: a user's fees are settled once one of their pending refunds (`retrieveFund`) is this
   * close to unlocking, so the refund cannot carry off what the provider is owed (0G's
   * `AutoSettleBufferTime`). Checked after every mined block (time travel included) and every
   * minute. Part of automatic settlement (`auto: false` turns it off too). @default 60
   */
  lockTimeBuffer?: number;
};

/** Options of the compute layer (`createDevnet({ compute })`); `compute: false` leaves it out. */
export type ComputeOptions = {
  /** How many inference providers. @default 2 */
  providers?: number;
  /** What they serve: one for all, or one per provider (cycled). @default the built-in model */
  model?: ComputeModel | readonly ComputeModel[];
  /** `Service.inputPrice`, neuron (wei) per prompt token. @default 50_000_000_000n (0.05 0G per million tokens) */
  inputPrice?: bigint;
  /** `Service.outputPrice`, neuron per completion token. @default 100_000_000_000n */
  outputPrice?: bigint;
  /**
   * What a request must leave in the user's sub-account on top of its fees: the provider answers
   * only when `balance - pendingRefund >= unsettled fees + this request's input fee + minLockedBalance`
   * (0G's broker `MinimumLockedBalance`, which 0G's SDK tops up for). `0n` checks the fees alone.
   * @default 1 0G
   */
  minLockedBalance?: bigint;
  settlement?: ComputeSettlementOptions;
  /**
   * Fine-tuning providers, registered on `FineTuningServing` and serving 0G's fine-tuning broker
   * API at `<rpc>/compute/fine-tuning/<i>`: `true` for one with the defaults, or options. They
   * fetch datasets from and deliver models to the devnet's 0G Storage, so they need the storage
   * layer. @default false
   */
  fineTuning?: FineTuningOptions | boolean;
};

/** A provider's model, resolved. */
export type ResolvedComputeModel =
  | { kind: "builtin"; name: string }
  | { kind: "proxy"; name: string; url: string; upstreamModel: string | undefined; apiKey: string | undefined }
  | { kind: "handler"; name: string; handler: ChatHandler };

export type ResolvedComputeOptions = {
  /** One model per provider. */
  models: readonly ResolvedComputeModel[];
  inputPrice: bigint;
  outputPrice: bigint;
  minLockedBalance: bigint;
  autoSettle: boolean;
  /** Settlement trigger, neuron. */
  threshold: bigint;
  /**
   * Seconds before a user's pending refund unlocks within which providers settle that user's fees
   * (0G's `AutoSettleBufferTime`), so the refund cannot take what the provider is owed.
   */
  lockTimeBuffer: number;
  fineTuning: ResolvedFineTuningOptions | undefined;
};

/** The built-in model's on-chain name. */
export const builtinModelName = "0g-devnet/deterministic-chat";
export const defaultInputPrice = 50_000_000_000n;
export const defaultOutputPrice = 100_000_000_000n;
/** 0G's `SettleTriggerThreshold` factor: a user is settled at (inputPrice + outputPrice) × 10^6. */
export const settleTriggerFactor = 1_000_000n;

/** Resolves `createDevnet({ compute })`; `undefined` means the default layer, `false` none. */
export function resolveComputeOptions(options: ComputeOptions | false | undefined): ResolvedComputeOptions | undefined {
  if (options === false) return undefined;
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options)))
    throw new DevnetOptionError({ option: "compute", reason: "Expected an options object or false." });
  const o = options ?? {};
  const fail = (option: string, reason: string): never => {
    throw new DevnetOptionError({ option: `compute.${option}`, reason });
  };
  const providers = o.providers ?? 2;
  if (typeof providers !== "number" || !Number.isInteger(providers) || providers < 1 || providers > 32)
    fail("providers", `Expected an integer from 1 to 32, got ${String(providers)}.`);
  const wei = (name: string, value: unknown, fallback: bigint): bigint => {
    if (value === undefined) return fallback;
    if (typeof value !== "bigint" || value < 0n || value >= 2n ** 256n) return fail(name, "Expected a non-negative bigint (neuron).");
    return value;
  };
  const inputPrice = wei("inputPrice", o.inputPrice, defaultInputPrice);
  const outputPrice = wei("outputPrice", o.outputPrice, defaultOutputPrice);
  const minLockedBalance = wei("minLockedBalance", o.minLockedBalance, 10n ** 18n);

  const given = o.model === undefined ? [builtinModelName] : Array.isArray(o.model) ? (o.model as readonly ComputeModel[]) : [o.model as ComputeModel];
  if (given.length === 0) fail("model", "Expected a model or a non-empty array of models.");
  const resolved = given.map((m, i) => resolveModel(m, given.length === 1 ? "model" : `model[${i}]`, fail));
  const models = Array.from({ length: providers }, (_, i) => resolved[i % resolved.length]!);

  const s = o.settlement ?? {};
  if (typeof s !== "object" || s === null) fail("settlement", "Expected { auto?, threshold? }.");
  if (s.auto !== undefined && typeof s.auto !== "boolean") fail("settlement.auto", "Expected a boolean.");
  const lockTimeBuffer = s.lockTimeBuffer ?? 60;
  if (typeof lockTimeBuffer !== "number" || !Number.isInteger(lockTimeBuffer) || lockTimeBuffer < 0 || lockTimeBuffer > 7 * 86_400)
    fail("settlement.lockTimeBuffer", "Expected a whole number of seconds from 0 to 604800.");
  return {
    models,
    inputPrice,
    outputPrice,
    minLockedBalance,
    autoSettle: s.auto ?? true,
    threshold: wei("settlement.threshold", s.threshold, (inputPrice + outputPrice) * settleTriggerFactor),
    lockTimeBuffer,
    fineTuning: resolveFineTuningOptions(o.fineTuning, (name) => keccak256(toHex(`0g-devnet/model/${name}`))),
  };
}

function resolveModel(model: ComputeModel, option: string, fail: (option: string, reason: string) => never): ResolvedComputeModel {
  const name = (value: unknown, fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== "string" || value.trim() === "" || value.length > 256) return fail(`${option}.name`, "Expected a non-empty string.");
    return value;
  };
  if (typeof model === "string") return { kind: "builtin", name: name(model, builtinModelName) };
  if (typeof model !== "object" || model === null) return fail(option, "Expected a model name, { name }, { url } or { handler }.");
  if ("handler" in model) {
    if (typeof model.handler !== "function") return fail(`${option}.handler`, "Expected a function.");
    return { kind: "handler", name: name(model.name, "custom"), handler: model.handler };
  }
  if ("url" in model) {
    let url: URL;
    try {
      url = new URL(model.url);
    } catch {
      return fail(`${option}.url`, `Expected an http(s) URL, got ${JSON.stringify(model.url)}.`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return fail(`${option}.url`, "Expected an http(s) URL.");
    for (const key of ["upstreamModel", "apiKey"] as const)
      if (model[key] !== undefined && typeof model[key] !== "string") fail(`${option}.${key}`, "Expected a string.");
    return {
      kind: "proxy",
      name: name(model.name, model.upstreamModel ?? "proxy"),
      url: model.url.replace(/\/+$/, ""),
      upstreamModel: model.upstreamModel,
      apiKey: model.apiKey,
    };
  }
  return { kind: "builtin", name: name(model.name, builtinModelName) };
}
