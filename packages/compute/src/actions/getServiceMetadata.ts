import type { Address, Client } from "viem";
import type { ComputeContractsParameter } from "../client/contracts.js";
import { getService, type GetServiceErrorType } from "./getService.js";

export type GetServiceMetadataParameters = ComputeContractsParameter & {
  provider: Address;
  /** A model to ask for instead of the service's own (providers serving several check it). */
  model?: string | undefined;
};

export type GetServiceMetadataReturnType = {
  /** The OpenAI-compatible base URL: `{url}/v1/proxy`. */
  endpoint: string;
  /** The model to put in requests. */
  model: string;
};

export type GetServiceMetadataErrorType = GetServiceErrorType;

/**
 * Where to send OpenAI-compatible requests and which model to name, as 0G's SDK's
 * `getServiceMetadata`: `{ endpoint: url + "/v1/proxy", model }`.
 *
 * @throws {ServiceNotFoundError}
 * @example
 * import { getRequestHeaders, getServiceMetadata } from "@0g/compute";
 * const { endpoint, model } = await getServiceMetadata(client, { provider });
 * await fetch(`${endpoint}/chat/completions`, { method: "POST", headers: await getRequestHeaders(client, { provider }), body: JSON.stringify({ model, messages }) });
 */
export async function getServiceMetadata(client: Client, parameters: GetServiceMetadataParameters): Promise<GetServiceMetadataReturnType> {
  const service = await getService(client, parameters);
  return { endpoint: service.endpoint, model: parameters.model ?? service.model };
}
