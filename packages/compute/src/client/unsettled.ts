import type { Account, Address, Client } from "viem";
import { okOrThrow, providerFetch, type FetchFn } from "./http.js";
import { sessionAuthorization } from "./session.js";

/**
 * The user's fees the provider has billed and not settled yet: `GET {url}/v1/user/{user}/unsettledfee`
 * with the user's session token (the endpoint 0G's SDK's auto-funding reads). A provider without the
 * endpoint (404) counts as 0, as in 0G's SDK.
 *
 * @throws {ProviderUnreachableError | ProviderRequestError | ...}
 */
export async function fetchUnsettledFee(
  client: Client,
  {
    account,
    inference,
    provider,
    url,
    generation,
    timeout,
    fetch,
  }: { account: Account; inference: Address; provider: Address; url: string; generation?: bigint | undefined; timeout?: number | undefined; fetch?: FetchFn | undefined },
): Promise<bigint> {
  const endpoint = `${url.replace(/\/+$/, "")}/v1/user/${account.address}/unsettledfee`;
  const authorization = await sessionAuthorization(client, { account, inference, provider, generation });
  const response = await providerFetch(endpoint, { headers: { Authorization: authorization } }, { timeout: timeout ?? 30_000, fetch });
  if (response.status === 404) {
    await response.body?.cancel().catch(() => {});
    return 0n;
  }
  const body = (await (await okOrThrow(endpoint, response)).json()) as { unsettledFee?: unknown };
  const fee = body?.unsettledFee;
  return typeof fee === "string" || typeof fee === "number" || typeof fee === "bigint" ? BigInt(fee) : 0n;
}
