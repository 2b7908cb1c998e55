/** A source of settlement nonces: `now` (Unix ms, default `Date.now()`) in, a nonce out. */
export type SettlementNonceGenerator = (now?: number) => bigint;

/**
 * A settlement nonce generator: `floor(now / 1000) × 10^7` as 0G's provider makes nonces
 * (`time.Now().Unix() * 10000000`), bumped by one when that would not exceed the previous nonce,
 * so the nonces it returns strictly increase (the contract rejects a nonce ≤ the account's last
 * with `INVALID_NONCE`).
 *
 * @example
 * const nextNonce = createSettlementNonceGenerator();
 * nextNonce(); // 17000000000000000n
 * nextNonce(); // 17000000000000001n (same second)
 */
export function createSettlementNonceGenerator(): SettlementNonceGenerator {
  let last = -1n;
  return (now = Date.now()) => {
    const base = BigInt(Math.floor(now / 1000)) * 10_000_000n;
    last = base > last ? base : last + 1n;
    return last;
  };
}

/**
 * The next settlement nonce of this process: {@link createSettlementNonceGenerator}'s rule, shared
 * by every caller in the process, so two settlements never get the same nonce.
 *
 * @example
 * const settlement = { requestsHash, nonce: nextSettlementNonce(), provider, user, totalFee };
 */
export const nextSettlementNonce: SettlementNonceGenerator = /*#__PURE__*/ createSettlementNonceGenerator();
