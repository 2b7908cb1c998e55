import type { Address } from "viem";
import { defineCommand } from "../command.js";
import { connectionOptions } from "../connection.js";
import { table } from "../format.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { oneOf, option } from "../options.js";
import { jsonOption } from "./shared.js";
import { computeTarget, fineTuningServices, perMillionTokens, serviceTypes } from "./compute-shared.js";

/** One inference service in `0g compute services --json`; prices in neuron per token (decimal strings). */
export type InferenceServiceEntry = {
  /** What `<provider>` takes instead of the address. */
  index: number;
  provider: Address;
  serviceType: string;
  model: string;
  url: string;
  /** The OpenAI-compatible base URL, `{url}/v1/proxy`. */
  endpoint: string;
  inputPrice: string;
  outputPrice: string;
  /** 0G per million prompt tokens, e.g. `"0.05"`. */
  inputPricePerMillion: string;
  outputPricePerMillion: string;
  /** `"TeeML"` when responses are TEE-signed. */
  verifiability: string;
  verifiable: boolean;
  /** The contract owner acknowledged its TEE signer. */
  acknowledged: boolean;
  teeSigner: Address;
  /** The address response signatures must recover to. */
  responseSigner: Address;
};

/** One fine-tuning service in `0g compute services --type fine-tuning --json`. */
export type FineTuningServiceEntry = {
  index: number;
  provider: Address;
  url: string;
  models: string[];
  /** Neuron per training token (decimal string). */
  pricePerToken: string;
  /** 0G per million training tokens. */
  pricePerMillion: string;
  /** True while it trains. */
  occupied: boolean;
  acknowledged: boolean;
  teeSigner: Address;
};

/** What `0g compute services --json` prints. */
export type ComputeServicesReport =
  | { type: "inference"; services: InferenceServiceEntry[] }
  | { type: "fine-tuning"; services: FineTuningServiceEntry[] };

/** `0g compute services`: the providers registered on chain. */
export const computeServicesCommand = defineCommand({
  name: "compute services",
  summary: "List the compute providers (inference or fine-tuning)",
  description: [
    "List the providers registered in 0G's serving contracts, with their index (what <provider> takes),",
    "address, model, prices in 0G per million tokens, whether their answers are TEE-signed (verifiable)",
    "and whether the contract owner acknowledged their TEE signer, and their URL.",
  ].join("\n"),
  options: {
    ...connectionOptions,
    type: option({ description: "Which services: inference or fine-tuning", valueName: "<type>", parse: oneOf(serviceTypes), default: "inference" as "inference" | "fine-tuning" }),
    json: jsonOption,
  },
  examples: [
    { description: "The devnet's inference providers", command: "0g compute services" },
    { description: "Fine-tuning providers on Galileo, as JSON", command: "0g compute services --type fine-tuning --network galileo --json" },
  ],
  async run({ options, io }) {
    const target = await computeTarget(options, io, "compute services");
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const yes = (value: boolean) => (value ? style.green("yes") : style.yellow("no"));
    if (options.type === "fine-tuning") {
      const services: FineTuningServiceEntry[] = (await fineTuningServices(target)).map((s, index) => ({
        index,
        provider: s.provider,
        url: s.url,
        models: [...s.models],
        pricePerToken: s.pricePerToken.toString(),
        pricePerMillion: perMillionTokens(s.pricePerToken),
        occupied: s.occupied,
        acknowledged: s.teeSignerAcknowledged,
        teeSigner: s.teeSignerAddress,
      }));
      if (options.json) return void writeJson(io.stdout, { type: "fine-tuning", services } satisfies ComputeServicesReport);
      if (services.length === 0) return void io.stdout.write(`No fine-tuning providers are registered on ${target.connection.network}.\n`);
      const rows = [
        ["#", "Provider", "Models", "Price/1M tokens", "Busy", "Acknowledged", "URL"].map((h) => style.bold(h)),
        ...services.map((s) => [String(s.index), s.provider, s.models.join(", "), `${s.pricePerMillion} 0G`, s.occupied ? "training" : "idle", yes(s.acknowledged), s.url]),
      ];
      io.stdout.write(`${table(rows).join("\n")}\n`);
      return;
    }
    const { listServices } = await import("@0g/compute");
    const services: InferenceServiceEntry[] = (await listServices(target.reader, { contracts: target.contracts })).map((s, index) => ({
      index,
      provider: s.provider,
      serviceType: s.serviceType,
      model: s.model,
      url: s.url,
      endpoint: s.endpoint,
      inputPrice: s.inputPrice.toString(),
      outputPrice: s.outputPrice.toString(),
      inputPricePerMillion: perMillionTokens(s.inputPrice),
      outputPricePerMillion: perMillionTokens(s.outputPrice),
      verifiability: s.verifiability,
      verifiable: s.verifiable,
      acknowledged: s.teeSignerAcknowledged,
      teeSigner: s.teeSignerAddress,
      responseSigner: s.responseSigner,
    }));
    if (options.json) return void writeJson(io.stdout, { type: "inference", services } satisfies ComputeServicesReport);
    if (services.length === 0) return void io.stdout.write(`No inference providers are registered on ${target.connection.network}.\n`);
    const rows = [
      ["#", "Provider", "Model", "Input/1M", "Output/1M", "Verifiable", "Acknowledged", "URL"].map((h) => style.bold(h)),
      ...services.map((s) => [
        String(s.index),
        s.provider,
        s.model,
        `${s.inputPricePerMillion} 0G`,
        `${s.outputPricePerMillion} 0G`,
        s.verifiable ? style.green(`yes (${s.verifiability})`) : style.yellow("no"),
        yes(s.acknowledged),
        s.url,
      ]),
    ];
    io.stdout.write(`${table(rows).join("\n")}\n`);
  },
});
