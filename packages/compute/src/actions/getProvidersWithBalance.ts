import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { userAddress, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import { readProviderBalances } from "../client/providers.js";
import type { ComputeServiceKind } from "../client/read.js";
import type { ComputeAccountRequiredError, ComputeContractNotFoundError, ComputeServiceNotRegisteredError } from "../errors.js";

export type GetProvidersWithBalanceParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Which serving contract. Default `"inference"`. */
    service?: ComputeServiceKind | undefined;
    /** Whose sub-accounts. Default: the account's. */
    user?: Address | undefined;
  };

export type GetProvidersWithBalanceReturnType = {
  provider: Address;
  /** Neuron in the sub-account, pending refunds included. */
  balance: bigint;
  /** Neuron being refunded. */
  pendingRefund: bigint;
}[];

export type GetProvidersWithBalanceErrorType =
  | ComputeServiceNotRegisteredError
  | ComputeContractNotFoundError
  | ComputeAccountRequiredError
  | InvalidParameterError;

/**
 * The providers the user has funds with in a service (balance or pending refund above 0), as 0G's
 * SDK's `getProvidersWithBalance`.
 *
 * @example
 * import { getProvidersWithBalance } from "@0g/compute";
 * for (const { provider, balance } of await getProvidersWithBalance(client)) console.log(provider, balance);
 */
export async function getProvidersWithBalance(
  client: Client,
  parameters: GetProvidersWithBalanceParameters = {},
): Promise<GetProvidersWithBalanceReturnType> {
  const user = userAddress(client, parameters.user, parameters.account, "getProvidersWithBalance");
  const balances = await readProviderBalances(client, { user, kind: parameters.service ?? "inference", contracts: parameters.contracts });
  return balances
    .filter((b) => b.balance > 0n || b.pendingRefund > 0n)
    .map(({ provider, balance, pendingRefund }) => ({ provider, balance, pendingRefund }));
}
