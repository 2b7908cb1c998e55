import type { ComputeContracts, ComputeService, FineTuningService } from "@0g/compute";
import { formatEther, getAddress, isAddress, type Address, type Chain, type Client, type HttpTransport, type LocalAccount, type WalletClient } from "viem";
import { requireWallet, resolveConnection, type Connection } from "../connection.js";
import { UnknownComputeProviderError, UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { oneOf, option, text, type ValueParser } from "../options.js";

/** Which serving contract: inference (`InferenceServing`) or fine-tuning (`FineTuningServing`). */
export type ComputeServiceType = "inference" | "fine-tuning";

export const serviceTypes = ["inference", "fine-tuning"] as const;

/** `--service inference|fine-tuning`. */
export const serviceOption = option({
  description: "Which compute service: inference or fine-tuning",
  valueName: "<service>",
  parse: oneOf(serviceTypes),
  default: "inference" as ComputeServiceType,
});

/** `--provider <address|index>`. */
export function providerOption(description = "Provider: its 0x address, or its index in `0g compute services` (0, 1, ...)") {
  return option({ description, valueName: "<provider>", parse: text({ expected: "a 0x address or a service index" }) });
}

export type ComputeConnectionOptions = {
  network?: "devnet" | "galileo" | "mainnet" | undefined;
  rpc?: string | undefined;
  key?: string | undefined;
};

/** A resolved connection with what the compute actions need. */
export type ComputeTarget = {
  connection: Connection;
  /** The compute contracts the connection knows (the registry's, or a devnet's `devnet_info`). */
  contracts: ComputeContracts;
  /** The client that reads: the wallet client when there is an account (actions default to its address). */
  reader: Client;
};

/** Resolves `--network` / `--rpc` / `--key` for a compute command. */
export async function computeTarget(options: ComputeConnectionOptions, io: CliIo, command: string): Promise<ComputeTarget> {
  const connection = await resolveConnection({ network: options.network, rpc: options.rpc, key: options.key, env: io.env, command });
  const { computeLedger, computeInference, computeFineTuning } = connection.contracts;
  const contracts: ComputeContracts = {
    ...(computeLedger === undefined ? {} : { ledger: computeLedger }),
    ...(computeInference === undefined ? {} : { inference: computeInference }),
    ...(computeFineTuning === undefined ? {} : { fineTuning: computeFineTuning }),
  };
  return { connection, contracts, reader: connection.walletClient ?? connection.publicClient };
}

/** The wallet of a compute target; `MissingPrivateKeyError` without an account. */
export function computeWallet(target: ComputeTarget): WalletClient<HttpTransport, Chain, LocalAccount> {
  return requireWallet(target.connection);
}

/** What `<provider>` / `--provider` says: an address, or an index into the list of services. */
export type ProviderRef = { readonly address: Address; readonly index?: undefined } | { readonly index: number; readonly address?: undefined };

/** Reads `<provider>`: a 0x address or a decimal index. */
export function parseProviderRef(value: string | undefined, { command, name = "<provider>", type = "inference" }: { command: string; name?: string; type?: ComputeServiceType }): ProviderRef {
  if (value === undefined || value.trim() === "") throw new UsageError(`Missing argument ${name}.`, { command, details: "A provider's 0x address, or its index in `0g compute services`." });
  const trimmed = value.trim();
  if (/^\d{1,6}$/.test(trimmed)) return { index: Number(trimmed) };
  if (isAddress(trimmed, { strict: false })) return { address: getAddress(trimmed) };
  throw new UnknownComputeProviderError({ provider: value, type, command });
}

/**
 * The inference service a `<provider>` names: by index in `listServices` order (what `0g compute
 * services` prints), or by address (`getService`, `ServiceNotFoundError` when it has none).
 */
export async function resolveInferenceService(target: ComputeTarget, ref: ProviderRef, command: string): Promise<ComputeService & { index: number | undefined }> {
  const { getService, listServices } = await import("@0g/compute");
  if (ref.address !== undefined) {
    const service = await getService(target.reader, { provider: ref.address, contracts: target.contracts });
    return { ...service, index: undefined };
  }
  const services = await listServices(target.reader, { contracts: target.contracts });
  const service = services[ref.index];
  if (service === undefined) throw new UnknownComputeProviderError({ provider: String(ref.index), count: services.length, type: "inference", command });
  return { ...service, index: ref.index };
}

/** The fine-tuning services, in `listFineTuningServices` order (what `0g compute services --type fine-tuning` prints). */
export async function fineTuningServices(target: ComputeTarget): Promise<FineTuningService[]> {
  const { listFineTuningServices } = await import("@0g/compute");
  return listFineTuningServices(target.reader, { contracts: target.contracts });
}

/**
 * The fine-tuning service a `--provider` names; without one, the only registered service (several
 * are bad usage: the user must choose).
 */
export async function resolveFineTuningService(target: ComputeTarget, ref: ProviderRef | undefined, command: string): Promise<FineTuningService> {
  const services = await fineTuningServices(target);
  if (ref === undefined) {
    if (services.length === 1) return services[0]!;
    throw new UsageError(
      services.length === 0 ? "No fine-tuning provider is registered on this network." : `${services.length} fine-tuning providers are registered: choose one with --provider.`,
      { command, details: "`0g compute services --type fine-tuning` lists them." },
    );
  }
  if (ref.index !== undefined) {
    const service = services[ref.index];
    if (service === undefined) throw new UnknownComputeProviderError({ provider: String(ref.index), count: services.length, type: "fine-tuning", command });
    return service;
  }
  const found = services.find((s) => s.provider.toLowerCase() === ref.address.toLowerCase());
  if (found) return found;
  const { FineTuningServiceNotFoundError } = await import("@0g/compute");
  throw new FineTuningServiceNotFoundError({ provider: ref.address });
}

/** A price in neuron per token as 0G per million tokens: `50000000000` → `0.05`. */
export function perMillionTokens(price: bigint): string {
  return formatEther(price * 1_000_000n);
}

/** `<amount>` in 0G: `5`, `0.5`, `2.5 0G`; or exact neuron (wei): `1000neuron`. */
export function parseOgAmount(): ValueParser<bigint> {
  const expected = "an amount of 0G (5, 0.5, 2.5 0G) or of neuron (1000neuron)";
  return (raw) => {
    const value = raw.trim().replace(/_/g, "");
    const neuron = /^(\d+)\s*neurons?$/i.exec(value);
    if (neuron) return { ok: true, value: BigInt(neuron[1]!) };
    const og = /^(\d+(?:\.\d{0,18})?|\.\d{1,18})\s*(?:0g)?$/i.exec(value);
    if (!og) return { ok: false, expected };
    const [whole = "0", fraction = ""] = og[1]!.split(".");
    return { ok: true, value: BigInt(whole === "" ? "0" : whole) * 10n ** 18n + BigInt(fraction.padEnd(18, "0") || "0") };
  };
}

/** Reads the `<amount>` argument; zero and malformed amounts are bad usage. */
export function readAmount(value: string | undefined, command: string): bigint {
  if (value === undefined) throw new UsageError("Missing argument <amount>.", { command, details: "An amount of 0G: 5, 0.5, or exact neuron: 1000neuron." });
  const parsed = parseOgAmount()(value);
  if (!parsed.ok) throw new UsageError(`Invalid <amount> ${JSON.stringify(value)}: expected ${parsed.expected}.`, { command });
  if (parsed.value === 0n) throw new UsageError("Invalid <amount> 0: expected more than 0.", { command });
  return parsed.value;
}

/** Neuron as `1.5 0G`. */
export function og(neuron: bigint): string {
  return `${formatEther(neuron)} 0G`;
}

/** A duration in seconds as `2d03h`, `23h59m`, `5m02s`, `40s`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  if (s < 2 * 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, "0")}h`;
}
