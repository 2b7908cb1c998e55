import { ledgerManagerAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, checkAmount, requireAccount, type AccountParameter } from "../client/account.js";
import { minimumTransferAmount } from "../client/constants.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLedger, readServingAccount, serviceName, servingContract, type ComputeServiceKind } from "../client/read.js";
import { writeAndWait, type ComputeWalletClient, type ComputeWriteReturnType } from "../client/transaction.js";
import {
  type ComputeAccountRequiredError,
  type ComputeContractNotFoundError,
  type ComputeServiceNotRegisteredError,
  type ComputeTransactionError,
  InsufficientLedgerBalanceError,
  LedgerNotFoundError,
  MinimumTransferError,
} from "../errors.js";

export type TransferFundParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider whose sub-account receives the funds. */
    provider: Address;
    /** Neuron to move from the ledger; at least 1 0G when it opens the sub-account. */
    amount: bigint;
    /** Which serving contract the provider is in. Default `"inference"`. */
    service?: ComputeServiceKind | undefined;
  };

export type TransferFundReturnType = ComputeWriteReturnType & {
  /** True when this transfer opened the sub-account (and acknowledged the provider's TEE signer). */
  created: boolean;
};

export type TransferFundErrorType =
  | LedgerNotFoundError
  | MinimumTransferError
  | InsufficientLedgerBalanceError
  | ComputeServiceNotRegisteredError
  | ComputeTransactionError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Moves `amount` from the account's ledger into its sub-account with `provider`
 * (`LedgerManager.transferFund(provider, serviceName, amount)`, the service name read from
 * `getServiceInfo`). The first transfer opens the sub-account (at least 1 0G) and acknowledges the
 * provider's TEE signer; a top-up first cancels pending refunds of that sub-account, and only the
 * rest leaves the ledger. All of this is checked before sending.
 *
 * @throws {LedgerNotFoundError | MinimumTransferError | InsufficientLedgerBalanceError}
 * @example
 * import { transferFund } from "@0g/compute";
 * await transferFund(walletClient, { provider, amount: parseEther("2") });
 */
export async function transferFund(client: ComputeWalletClient, parameters: TransferFundParameters): Promise<TransferFundReturnType> {
  const account = requireAccount(client, parameters.account, "transferFund");
  const provider = checkAddress("provider", parameters.provider);
  const amount = checkAmount("amount", parameters.amount);
  const kind = parameters.service ?? "inference";
  const [ledger, serving] = await Promise.all([
    computeContract(client, "ledger", parameters.contracts),
    servingContract(client, kind, parameters.contracts),
  ]);
  const [name, found, sub] = await Promise.all([
    serviceName(client, ledger, serving),
    readLedger(client, ledger, account.address),
    readServingAccount(client, kind, serving, account.address, provider),
  ]);
  if (found === undefined) throw new LedgerNotFoundError({ user: account.address });
  if (sub === undefined && amount < minimumTransferAmount) throw new MinimumTransferError({ provider, amount, minimum: minimumTransferAmount });
  const fromLedger = sub === undefined ? amount : amount - (amount < sub.pendingRefund ? amount : sub.pendingRefund);
  if (found.availableBalance < fromLedger) throw new InsufficientLedgerBalanceError({ available: found.availableBalance, required: fromLedger });
  const sent = await writeAndWait(client, {
    account,
    address: ledger,
    abi: ledgerManagerAbi,
    functionName: "transferFund",
    args: [provider, name, amount],
  });
  return { ...sent, created: sub === undefined };
}
