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
  LedgerExistsError,
  MinimumLedgerBalanceError,
} from "../errors.js";

export type AddLedgerParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The opening balance in neuron: at least 3 0G (`parseEther("3")`). */
    amount: bigint;
    /** Up to 4096 bytes, copied into each sub-account the ledger opens. */
    additionalInfo?: string | undefined;
  };

export type AddLedgerReturnType = ComputeWriteReturnType;

export type AddLedgerErrorType =
  | MinimumLedgerBalanceError
  | LedgerExistsError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Opens the account's compute ledger with `amount` (`LedgerManager.addLedger`). The minimum (3 0G)
 * and an existing ledger are checked before anything is sent.
 *
 * @throws {MinimumLedgerBalanceError} below 3 0G. {@link LedgerExistsError} when there is one.
 * @example
 * import { addLedger } from "@0g/compute";
 * import { parseEther } from "viem";
 * await addLedger(walletClient, { amount: parseEther("10") });
 */
export async function addLedger(client: ComputeWalletClient, parameters: AddLedgerParameters): Promise<AddLedgerReturnType> {
  const account = requireAccount(client, parameters.account, "addLedger");
  const amount = checkAmount("amount", parameters.amount);
  if (amount < minimumLedgerBalance) throw new MinimumLedgerBalanceError({ amount, minimum: minimumLedgerBalance, reason: "open" });
  const ledger = await computeContract(client, "ledger", parameters.contracts);
  if ((await readLedger(client, ledger, account.address)) !== undefined) throw new LedgerExistsError({ user: account.address });
  return writeAndWait(client, {
    account,
    address: ledger,
    abi: ledgerManagerAbi,
    functionName: "addLedger",
    args: [parameters.additionalInfo ?? ""],
    value: amount,
  });
}
