/**
 * `SettlementStatus` of `InferenceServing.settleFeesWithTEE` (one per settlement, also in the
 * `TEESettlementResult` event and `previewSettlementResults`).
 *
 * @example
 * if (statuses[i] === settlementStatus.INVALID_NONCE) retryWithNewNonce();
 */
export const settlementStatus = {
  /** Fully settled. */
  SUCCESS: 0,
  /** Settled as much as the balance allowed; the rest is `unsettledAmount`. */
  PARTIAL: 1,
  /** `settlement.provider` is not the caller, or the caller has no service. */
  PROVIDER_MISMATCH: 2,
  /** The user has not acknowledged the TEE signer, or the owner has not, or there is none. */
  NO_TEE_SIGNER: 3,
  /** `nonce` is not greater than the account's last settled nonce. */
  INVALID_NONCE: 4,
  /** The EIP-712 signature is not the service's TEE signer's (also: the account does not exist). */
  INVALID_SIGNATURE: 5,
} as const;

export type SettlementStatusName = keyof typeof settlementStatus;
export type SettlementStatus = (typeof settlementStatus)[SettlementStatusName];

/**
 * The name of a settlement status code, or `"UNKNOWN"` (as the broker's `String()`).
 *
 * @example
 * settlementStatusName(4); // "INVALID_NONCE"
 */
export function settlementStatusName(status: number | bigint): SettlementStatusName | "UNKNOWN" {
  const code = Number(status);
  for (const [name, value] of Object.entries(settlementStatus)) if (value === code) return name as SettlementStatusName;
  return "UNKNOWN";
}

/** At most this many settlements go in one `settleFeesWithTEE` call (the contract enforces it). */
export const teeSettlementBatchSize = 50;
