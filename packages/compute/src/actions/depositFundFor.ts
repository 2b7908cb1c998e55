import { ledgerManagerAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, checkAmount, requireAccount, type AccountParameter } from "../client/account.js";
import { minimumLedgerBalance } from "../client/constants.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLedger } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, type ComputeTransactionError, MinimumLedgerBalanceError } from "../errors.js";

export type DepositFundForParameters = ComputeContractsParameter &
  AccountParameter & {
    /** Whose ledger to fund (opened when it has none). */
    recipient: Address;
    /** Neuron to add; at least 3 0G when it opens the recipient's ledger. */
    amount: bigint;
  };

export type DepositFundForReturnType = ComputeWriteReturnType;

export type DepositFundForErrorType =
  | MinimumLedgerBalanceError | ComputeTransactionError | ComputeAccountRequiredError | ComputeContractNotFoundError | InvalidParameterError;

/**
 * Pays `amount` into someone else's compute ledger (`LedgerManager.depositFundFor`), opening it when
 * there is none (then at least 3 0G, checked before sending). A dApp can fund its users this way.
 *
 * @throws {MinimumLedgerBalanceError}
 * @example
 * import { depositFundFor } from "@0g/compute";
 * await depositFundFor(walletClient, { recipient: "0x…", amount: parseEther("3") });
 */
export async function depositFundFor(client: ComputeWalletClient, parameters: DepositFundForParameters): Promise<DepositFundForReturnType> {
  const account = requireAccount(client, parameters.account, "depositFundFor");
  const recipient = checkAddress("recipient", parameters.recipient);
  const amount = checkAmount("amount", parameters.amount);
  const ledger = await computeContract(client, "ledger", parameters.contracts);
  if (amount < minimumLedgerBalance && (await readLedger(client, ledger, recipient)) === undefined)
    throw new MinimumLedgerBalanceError({ amount, minimum: minimumLedgerBalance, reason: "open" });
  return writeAndWait(client, { account, address: ledger, abi: ledgerManagerAbi, functionName: "depositFundFor", args: [recipient], value: amount });
}
