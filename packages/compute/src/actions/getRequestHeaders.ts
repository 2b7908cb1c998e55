import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { sessionAuthorization } from "../client/session.js";
import type { ComputeAccountRequiredError, ComputeContractNotFoundError } from "../errors.js";

export type GetRequestHeadersParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider the token is for. */
    provider: Address;
  };

export type GetRequestHeadersReturnType = {
  /** `Bearer app-sk-<base64(token JSON | signature)>`. */
  Authorization: string;
};

export type GetRequestHeadersErrorType = ComputeAccountRequiredError | ComputeContractNotFoundError | InvalidParameterError;

/**
 * The headers that authenticate a request to a provider, as 0G's SDK's `getRequestHeaders`: an
 * ephemeral session token (token id 255, 24 h) for the account's current generation (read from
 * `InferenceServing`), signed once and cached per client and provider until less than 1 h remains.
 *
 * @example
 * import { getRequestHeaders, getServiceMetadata } from "@0g/compute";
 * const { endpoint, model } = await getServiceMetadata(client, { provider });
 * const res = await fetch(`${endpoint}/chat/completions`, {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json", ...(await getRequestHeaders(client, { provider })) },
 *   body: JSON.stringify({ model, messages: [{ role: "user", content: "Hello" }] }),
 * });
 */
export async function getRequestHeaders(client: Client, parameters: GetRequestHeadersParameters): Promise<GetRequestHeadersReturnType> {
  const account = requireAccount(client, parameters.account, "getRequestHeaders");
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  return { Authorization: await sessionAuthorization(client, { account, inference, provider }) };
}
