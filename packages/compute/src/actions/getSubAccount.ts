import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { checkAddress, userAddress, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readLockTime, readSubAccount } from "../client/read.js";
import { type ComputeAccountRequiredError, type ComputeContractNotFoundError, SubAccountNotFoundError } from "../errors.js";
import { revokedTokenIds } from "../token/revocation.js";

export type GetSubAccountParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider. */
    provider: Address;
    /** Whose sub-account. Default: the account's. */
    user?: Address | undefined;
  };

/** A user's sub-account with an inference provider (`InferenceServing.getAccount`), read for use. */
export type GetSubAccountReturnType = {
  user: Address;
  provider: Address;
  /** Neuron, pending refunds included. */
  balance: bigint;
  /** Neuron being refunded (part of `balance`; the provider does not count it). */
  pendingRefund: bigint;
  /** `balance - pendingRefund`: what the provider can charge. */
  availableBalance: bigint;
  /** Pending refunds and when each unlocks (chain time, Unix seconds). */
  refunds: { index: number; amount: bigint; createdAt: bigint; unlockAt: bigint }[];
  /** The last settled nonce: a settlement must use a greater one. */
  nonce: bigint;
  /** Session token generation: `revokeAllTokens` bumps it and kills older tokens. */
  generation: bigint;
  /** Revoked API key ids (0-254) of this generation. */
  revokedTokenIds: number[];
  revokedBitmap: bigint;
  /** True when the user acknowledged the provider's TEE signer (transferFund does it). */
  acknowledged: boolean;
  additionalInfo: string;
};

export type GetSubAccountErrorType = SubAccountNotFoundError | ComputeContractNotFoundError | ComputeAccountRequiredError | InvalidParameterError;

/**
 * Reads the user's sub-account with an inference provider: balance, pending refunds with their
 * unlock times, settlement nonce, token generation and revoked API key ids, acknowledgement.
 *
 * @throws {SubAccountNotFoundError} when there is none (open it with transferFund).
 * @example
 * import { getSubAccount } from "@0g/compute";
 * const { balance, pendingRefund, refunds } = await getSubAccount(client, { provider });
 */
export async function getSubAccount(client: Client, parameters: GetSubAccountParameters): Promise<GetSubAccountReturnType> {
  const user = userAddress(client, parameters.user, parameters.account, "getSubAccount");
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  const [raw, lockTime] = await Promise.all([readSubAccount(client, inference, user, provider), readLockTime(client, "inference", inference)]);
  if (raw === undefined) throw new SubAccountNotFoundError({ user, provider });
  return {
    user: raw.user,
    provider: raw.provider,
    balance: raw.balance,
    pendingRefund: raw.pendingRefund,
    availableBalance: raw.balance - raw.pendingRefund,
    refunds: raw.refunds
      .slice(0, Number(raw.validRefundsLength))
      .map((r) => ({ index: Number(r.index), amount: r.amount, createdAt: r.createdAt, unlockAt: r.createdAt + lockTime })),
    nonce: raw.nonce,
    generation: raw.generation,
    revokedTokenIds: revokedTokenIds(raw.revokedBitmap),
    revokedBitmap: raw.revokedBitmap,
    acknowledged: raw.acknowledged,
    additionalInfo: raw.additionalInfo,
  };
}
