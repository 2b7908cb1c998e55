import { ledgerManagerAbi } from "@0g/contracts";
import { requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLedger } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import {
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type ComputeTransactionError,
  LedgerNotEmptyError,
  LedgerNotFoundError,
} from "../errors.js";

export type DeleteLedgerParameters = ComputeContractsParameter & AccountParameter;

export type DeleteLedgerReturnType = ComputeWriteReturnType;

export type DeleteLedgerErrorType =
  | LedgerNotFoundError
  | LedgerNotEmptyError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError;

/**
 * Deletes the account's empty ledger and its sub-accounts (`LedgerManager.deleteLedger`). Everything
 * must have been retrieved and withdrawn first (checked before sending).
 *
 * @throws {LedgerNotFoundError | LedgerNotEmptyError}
 * @example
 * import { deleteLedger } from "@0g/compute";
 * await deleteLedger(walletClient);
 */
export async function deleteLedger(client: ComputeWalletClient, parameters: DeleteLedgerParameters = {}): Promise<DeleteLedgerReturnType> {
  const account = requireAccount(client, parameters.account, "deleteLedger");
  const ledger = await computeContract(client, "ledger", parameters.contracts);
  const found = await readLedger(client, ledger, account.address);
  if (found === undefined) throw new LedgerNotFoundError({ user: account.address });
  if (found.totalBalance !== 0n) throw new LedgerNotEmptyError({ totalBalance: found.totalBalance });
  return writeAndWait(client, { account, address: ledger, abi: ledgerManagerAbi, functionName: "deleteLedger", args: [] });
}
