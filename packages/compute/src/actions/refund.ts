import { ledgerManagerAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import { checkAmount, requireAccount, type AccountParameter } from "../client/account.js";
import { minimumLedgerBalance } from "../client/constants.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLedger } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import {
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type ComputeTransactionError,
  InsufficientLedgerBalanceError,
  LedgerNotFoundError,
  MinimumLedgerBalanceError,
} from "../errors.js";

export type RefundParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Neuron to withdraw from the ledger's available balance to the wallet. */
    amount: bigint;
  };

export type RefundReturnType = ComputeWriteReturnType & {
  /** True when the withdrawal emptied the ledger and its sub-accounts, which deletes it. */
  deleted: boolean;
};

export type RefundErrorType =
  | LedgerNotFoundError
  | InsufficientLedgerBalanceError
  | MinimumLedgerBalanceError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Withdraws `amount` of the ledger's available balance to the wallet (`LedgerManager.refund`). It
 * must leave 0 or at least 3 0G; funds in sub-accounts come back first with {@link retrieveFund}.
 * A ledger left with nothing at all is deleted. Checked before sending.
 *
 * @throws {LedgerNotFoundError | InsufficientLedgerBalanceError | MinimumLedgerBalanceError}
 * @example
 * import { getLedger, refund } from "@0g/compute";
 * const { availableBalance } = await getLedger(walletClient);
 * await refund(walletClient, { amount: availableBalance });
 */
export async function refund(client: ComputeWalletClient, parameters: RefundParameters): Promise<RefundReturnType> {
  const account = requireAccount(client, parameters.account, "refund");
  const amount = checkAmount("amount", parameters.amount);
  const ledger = await computeContract(client, "ledger", parameters.contracts);
  const found = await readLedger(client, ledger, account.address);
  if (found === undefined) throw new LedgerNotFoundError({ user: account.address });
  if (found.availableBalance < amount) throw new InsufficientLedgerBalanceError({ available: found.availableBalance, required: amount });
  const remaining = found.availableBalance - amount;
  if (remaining !== 0n && remaining < minimumLedgerBalance)
    throw new MinimumLedgerBalanceError({ amount: remaining, minimum: minimumLedgerBalance, reason: "remaining" });
  const sent = await writeAndWait(client, { account, address: ledger, abi: ledgerManagerAbi, functionName: "refund", args: [amount] });
  return { ...sent, deleted: remaining === 0n && found.totalBalance === found.availableBalance };
}
