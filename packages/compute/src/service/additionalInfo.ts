import { getAddress, isAddress, type Address } from "viem";
import { ServiceAdditionalInfoError } from "../errors.js";

/** Who runs the model behind a service: a TEE GPU node (`decentralized`) or a proxied API (`centralized`). */
export type ProviderType = "decentralized" | "centralized";

/**
 * The `additionalInfo` JSON of an `InferenceServing` service, as 0G's provider writes it
 * (`buildAdditionalInfo` in the broker's `internal/contract/service.go`). Absent or mistyped
 * fields are left out.
 */
export type ServiceAdditionalInfo = {
  /** `VerifierURL`: where the provider's attestation verifier runs. */
  verifierUrl?: string;
  /** `TEEVerifier`: the attestation flavour (`"dstack"`, `"cryptopilot"`, ...). */
  teeVerifier?: string;
  /** `TargetSeparated`: the model runs behind the broker in a separate TEE (only `true` counts, as in 0G's SDK). */
  targetSeparated: boolean;
  /** `TargetTeeAddress`: the model TEE's signer, when separated (an empty string is left out). */
  targetTeeAddress?: Address;
  /** `ImageName` of the provider's container. */
  imageName?: string;
  /** `ImageDigest` of the provider's container. */
  imageDigest?: string;
  /** `ProviderType`: `"decentralized"` when absent or unknown, as in 0G's SDK. */
  providerType: ProviderType;
  /** `ProviderIdentity` of a centralized provider (`"openai"`, `"anthropic"`, ...). */
  providerIdentity?: string;
};

/**
 * Reads a service's `additionalInfo`, tolerant of absent and mistyped fields: an empty string
 * gives the defaults (`targetSeparated: false`, `providerType: "decentralized"`).
 *
 * @throws {ServiceAdditionalInfoError} when it is neither empty nor a JSON object.
 * @example
 * parseServiceAdditionalInfo(service.additionalInfo);
 * // { verifierUrl: "https://…", teeVerifier: "dstack", targetSeparated: false, providerType: "decentralized", … }
 */
export function parseServiceAdditionalInfo(additionalInfo: string | null | undefined): ServiceAdditionalInfo {
  if (additionalInfo === null || additionalInfo === undefined || additionalInfo.trim() === "")
    return { targetSeparated: false, providerType: "decentralized" };
  let value: unknown;
  try {
    value = JSON.parse(additionalInfo);
  } catch {
    throw new ServiceAdditionalInfoError({ additionalInfo });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ServiceAdditionalInfoError({ additionalInfo });
  const json = value as Record<string, unknown>;
  const info: ServiceAdditionalInfo = {
    targetSeparated: json.TargetSeparated === true,
    providerType: json.ProviderType === "centralized" ? "centralized" : "decentralized",
  };
  const text = (key: string) => (typeof json[key] === "string" && json[key] !== "" ? (json[key] as string) : undefined);
  const verifierUrl = text("VerifierURL");
  if (verifierUrl !== undefined) info.verifierUrl = verifierUrl;
  const teeVerifier = text("TEEVerifier");
  if (teeVerifier !== undefined) info.teeVerifier = teeVerifier;
  const target = text("TargetTeeAddress");
  if (target !== undefined && isAddress(target, { strict: false })) info.targetTeeAddress = getAddress(target);
  const imageName = text("ImageName");
  if (imageName !== undefined) info.imageName = imageName;
  const imageDigest = text("ImageDigest");
  if (imageDigest !== undefined) info.imageDigest = imageDigest;
  const providerIdentity = text("ProviderIdentity");
  if (providerIdentity !== undefined) info.providerIdentity = providerIdentity;
  return info;
}

/**
 * The address a service's response signatures must recover to, chosen as 0G's SDK does in
 * `processResponse`: `TargetTeeAddress` for a separated, decentralized deployment that names one,
 * otherwise the service's `teeSignerAddress` (centralized providers are signed by the broker's TEE).
 *
 * @example
 * const service = await publicClient.readContract({ address: inferenceServing, abi, functionName: "getService", args: [provider] });
 * responseSignerAddress(service); // "0x…"
 */
export function responseSignerAddress(service: {
  teeSignerAddress: Address;
  additionalInfo: string | ServiceAdditionalInfo;
}): Address {
  const info = typeof service.additionalInfo === "string" ? parseServiceAdditionalInfo(service.additionalInfo) : service.additionalInfo;
  if (info.targetSeparated && info.providerType === "decentralized" && info.targetTeeAddress !== undefined) return info.targetTeeAddress;
  return service.teeSignerAddress;
}
