import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { userAddress, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLedger } from "../client/read.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, LedgerNotFoundError } from "../errors.js";

export type GetLedgerParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Whose ledger. Default: the account's. */
    user?: Address | undefined;
  };

/** A user's prepaid compute balance in the LedgerManager. */
export type GetLedgerReturnType = {
  user: Address;
  /** What can be moved to providers or withdrawn, in neuron. */
  availableBalance: bigint;
  /** `availableBalance` plus what sits in sub-accounts with providers. */
  totalBalance: bigint;
  /** `totalBalance - availableBalance`: in sub-accounts (including pending refunds). */
  lockedBalance: bigint;
  additionalInfo: string;
};

export type GetLedgerErrorType = LedgerNotFoundError | ComputeContractNotFoundError | ComputeAccountRequiredError | InvalidParameterError;

/**
 * Reads a user's compute ledger (`LedgerManager.getLedger`).
 *
 * @throws {LedgerNotFoundError} when the user has none.
 * @example
 * import { getLedger } from "@0g/compute";
 * const { availableBalance, totalBalance } = await getLedger(client);
 */
export async function getLedger(client: Client, parameters: GetLedgerParameters = {}): Promise<GetLedgerReturnType> {
  const user = userAddress(client, parameters.user, parameters.account, "getLedger");
  const ledger = await computeContract(client, "ledger", parameters.contracts);
  const found = await readLedger(client, ledger, user);
  if (found === undefined) throw new LedgerNotFoundError({ user });
  return {
    user: found.user,
    availableBalance: found.availableBalance,
    totalBalance: found.totalBalance,
    lockedBalance: found.totalBalance - found.availableBalance,
    additionalInfo: found.additionalInfo,
  };
}
