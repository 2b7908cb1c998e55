import type { ComputeWalletClient } from "../client/transaction.js";
import { requireAccount } from "../client/account.js";
import { computeContract } from "../client/contracts.js";
import { sessionCache, readGeneration } from "../client/session.js";
import { formatApiKey } from "../token/authorization.js";
import { createProviderFetch, type CreateProviderFetchParameters, type ProviderFetch } from "./createProviderFetch.js";
import type { GetServiceErrorType } from "./getService.js";

export type CreateOpenAIOptionsParameters = CreateProviderFetchParameters;

/** What `new OpenAI(...)` takes: the provider's base URL, a key, and the verifying fetch. */
export type CreateOpenAIOptionsReturnType = {
  /** `{url}/v1/proxy`. */
  baseURL: string;
  /** The `apiKey` parameter, or a current ephemeral session token (the fetch sends a fresh one on every request anyway). */
  apiKey: string;
  /** {@link createProviderFetch} for the provider: authentication, optional top-up, verification. */
  fetch: ProviderFetch;
  /** The service's model, for `model:` in requests. */
  model: string;
};

export type CreateOpenAIOptionsErrorType = GetServiceErrorType;

/**
 * Options for the official `openai` package's client, bound to a 0G provider: its OpenAI base URL,
 * an API key, and a `fetch` ({@link createProviderFetch}) that authenticates every request with a
 * fresh session token and verifies every answer (streams too). Read the outcome with
 * `getResponseVerification(response)` from `.withResponse()`, or with `onVerification`.
 *
 * With `verify: "strict"`, a forged answer makes `create()` reject with the typed reason (for a
 * stream, its last chunk). The `openai` client retries failed connections: pass `maxRetries: 0`
 * if a provider that cannot be reached should fail at once.
 *
 * @example
 * import OpenAI from "openai";
 * import { createOpenAIOptions } from "@0g/compute";
 * const { model, ...options } = await createOpenAIOptions(walletClient, { provider, verify: "strict" });
 * const openai = new OpenAI(options);
 * const completion = await openai.chat.completions.create({ model, messages: [{ role: "user", content: "Hello" }] });
 */
export async function createOpenAIOptions(
  client: ComputeWalletClient,
  parameters: CreateOpenAIOptionsParameters,
): Promise<CreateOpenAIOptionsReturnType> {
  const fetch = createProviderFetch(client, parameters);
  const service = await fetch.service();
  let apiKey = parameters.apiKey;
  if (apiKey === undefined) {
    const account = requireAccount(client, parameters.account, "createOpenAIOptions");
    const inference = await computeContract(client, "inference", parameters.contracts);
    const generation = await readGeneration(client, inference, account.address, service.provider);
    apiKey = formatApiKey(await sessionCache(client, account).get({ provider: service.provider, generation }));
  }
  return { baseURL: service.endpoint, apiKey, fetch, model: service.model };
}
