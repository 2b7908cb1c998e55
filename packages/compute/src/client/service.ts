import type { Address } from "viem";
import { parseServiceAdditionalInfo, responseSignerAddress, type ServiceAdditionalInfo } from "../service/additionalInfo.js";
import { serviceEndpoint } from "../service/endpoints.js";
import type { RawService } from "./read.js";

/** An inference provider's service, as `InferenceServing` has it, read for use. */
export type ComputeService = {
  /** The provider's address (it is paid, it settles). */
  provider: Address;
  /** `"chatbot"`, `"text-to-image"`, `"image-editing"`, `"speech-to-text"`. */
  serviceType: string;
  /** The provider's URL. */
  url: string;
  /** The OpenAI-compatible base URL: `{url}/v1/proxy`. */
  endpoint: string;
  /** The model it serves. */
  model: string;
  /** Neuron (wei) per prompt token. */
  inputPrice: bigint;
  /** Neuron per completion token. */
  outputPrice: bigint;
  /** When the provider last updated the service (Unix seconds). */
  updatedAt: bigint;
  /** `"TeeML"` when responses are TEE-signed, `""` when not. */
  verifiability: string;
  /** True when `verifiability` is set: its responses carry signatures to verify. */
  verifiable: boolean;
  /** `additionalInfo`, parsed (defaults when it is empty or not JSON). */
  additionalInfo: ServiceAdditionalInfo;
  /** `additionalInfo` as stored on chain. */
  rawAdditionalInfo: string;
  /** The TEE signer of its responses and settlements. */
  teeSignerAddress: Address;
  /** True when the contract owner acknowledged the TEE signer. */
  teeSignerAcknowledged: boolean;
  /** The address response signatures must recover to (`responseSignerAddress`). */
  responseSigner: Address;
};

/** Reads a `Service` struct for use. */
export function toComputeService(raw: RawService): ComputeService {
  let additionalInfo: ServiceAdditionalInfo;
  try {
    additionalInfo = parseServiceAdditionalInfo(raw.additionalInfo);
  } catch {
    additionalInfo = { targetSeparated: false, providerType: "decentralized" };
  }
  return {
    provider: raw.provider,
    serviceType: raw.serviceType,
    url: raw.url,
    endpoint: serviceEndpoint(raw.url),
    model: raw.model,
    inputPrice: raw.inputPrice,
    outputPrice: raw.outputPrice,
    updatedAt: raw.updatedAt,
    verifiability: raw.verifiability,
    verifiable: raw.verifiability !== "",
    additionalInfo,
    rawAdditionalInfo: raw.additionalInfo,
    teeSignerAddress: raw.teeSignerAddress,
    teeSignerAcknowledged: raw.teeSignerAcknowledged,
    responseSigner: responseSignerAddress({ teeSignerAddress: raw.teeSignerAddress, additionalInfo }),
  };
}
