import type { Address, Client } from "viem";
import type { ComputeContractsParameter } from "../client/contracts.js";
import { okOrThrow, providerFetch, type FetchFn, type ProviderErrorType } from "../client/http.js";
import type { ProviderUnreachableError } from "../errors.js";
import { getService, type GetServiceErrorType } from "./getService.js";

export type GetProviderModelsParameters = ComputeContractsParameter & {
  provider: Address;
  /** Milliseconds to wait for the provider. Default 30 000. */
  timeout?: number | undefined;
  fetch?: FetchFn | undefined;
};

/** One model of a provider's catalogue (`GET {url}/v1/models`); other fields are kept. */
export type ProviderModel = {
  id: string;
  /** `"chatbot"`, ... */
  type?: string | undefined;
  description?: string | undefined;
  /** Neuron per token, as decimal strings. */
  pricing?: { prompt?: string; completion?: string } | undefined;
  [key: string]: unknown;
};

export type GetProviderModelsReturnType = ProviderModel[];

export type GetProviderModelsErrorType = GetServiceErrorType | ProviderUnreachableError | ProviderErrorType;

/**
 * The models a provider serves, from its catalogue `GET {url}/v1/models` (0G's SDK's
 * `getProviderModels`); no authentication needed.
 *
 * @throws {ProviderUnreachableError | ProviderRequestError}
 * @example
 * import { getProviderModels } from "@0g/compute";
 * const models = await getProviderModels(client, { provider }); // [{ id: "qwen-2.5-7b", pricing: { ... } }]
 */
export async function getProviderModels(client: Client, parameters: GetProviderModelsParameters): Promise<GetProviderModelsReturnType> {
  const service = await getService(client, parameters);
  const url = `${service.url.replace(/\/+$/, "")}/v1/models`;
  const response = await okOrThrow(url, await providerFetch(url, {}, { timeout: parameters.timeout ?? 30_000, fetch: parameters.fetch }));
  const body = (await response.json()) as { data?: unknown };
  return Array.isArray(body?.data) ? (body.data.filter((m) => typeof (m as ProviderModel)?.id === "string") as ProviderModel[]) : [];
}
