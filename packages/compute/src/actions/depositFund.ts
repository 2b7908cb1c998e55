import { ledgerManagerAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import { checkAmount, requireAccount, type AccountParameter } from "../client/account.js";
import { minimumLedgerBalance } from "../client/constants.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLedger } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ComputeTransactionError, MinimumLedgerBalanceError } from "../errors.js";

export type DepositFundParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Neuron to add; at least 3 0G when it opens the ledger. */
    amount: bigint;
  };

export type DepositFundReturnType = ComputeWriteReturnType;

export type DepositFundErrorType =
  | MinimumLedgerBalanceError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Adds `amount` to the account's compute ledger (`LedgerManager.depositFund`), opening it when there
 * is none; then it must be at least 3 0G, which is checked before sending.
 *
 * @throws {MinimumLedgerBalanceError} when it would open a ledger with less than 3 0G.
 * @example
 * import { depositFund } from "@0g/compute";
 * await depositFund(walletClient, { amount: parseEther("5") });
 */
export async function depositFund(client: ComputeWalletClient, parameters: DepositFundParameters): Promise<DepositFundReturnType> {
  const account = requireAccount(client, parameters.account, "depositFund");
  const amount = checkAmount("amount", parameters.amount);
  const ledger = await computeContract(client, "ledger", parameters.contracts);
  if (amount < minimumLedgerBalance && (await readLedger(client, ledger, account.address)) === undefined)
    throw new MinimumLedgerBalanceError({ amount, minimum: minimumLedgerBalance, reason: "open" });
  return writeAndWait(client, { account, address: ledger, abi: ledgerManagerAbi, functionName: "depositFund", args: [], value: amount });
}
