import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import type { FetchFn, ProviderErrorType } from "../client/http.js";
import { readService } from "../client/read.js";
import { fetchUnsettledFee } from "../client/unsettled.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ProviderUnreachableError, ServiceNotFoundError } from "../errors.js";

export type GetUnsettledFeeParameters = ComputeContractsParameter &
  AccountParameter & {
    provider: Address;
    /** Milliseconds to wait for the provider. Default 30 000. */
    timeout?: number | undefined;
    fetch?: FetchFn | undefined;
  };

export type GetUnsettledFeeErrorType =
  | ServiceNotFoundError
  | ProviderUnreachableError
  | ProviderErrorType
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * The account's fees that the provider has billed and not yet settled on chain, in neuron
 * (`GET {url}/v1/user/{address}/unsettledfee`, authenticated with the account's session token).
 * They will be taken from the sub-account when the provider settles.
 *
 * @throws {ProviderUnreachableError | ProviderAccountNotFoundError | ProviderRequestError}
 * @example
 * import { getUnsettledFee } from "@0g/compute";
 * const owed = await getUnsettledFee(walletClient, { provider });
 */
export async function getUnsettledFee(client: Client, parameters: GetUnsettledFeeParameters): Promise<bigint> {
  const account = requireAccount(client, parameters.account, "getUnsettledFee");
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  const service = await readService(client, inference, provider);
  if (service === undefined) throw new ServiceNotFoundError({ provider });
  return fetchUnsettledFee(client, { account, inference, provider, url: service.url, timeout: parameters.timeout, fetch: parameters.fetch });
}
