/** The smallest ledger, in neuron: 3 0G (`LedgerManager.MIN_ACCOUNT_BALANCE`); a withdrawal must leave 0 or at least this. */
export const minimumLedgerBalance = 3_000_000_000_000_000_000n;

/** The smallest transfer that opens a sub-account with a provider, in neuron: 1 0G (`MIN_TRANSFER_AMOUNT`). */
export const minimumTransferAmount = 1_000_000_000_000_000_000n;

/**
 * What 0G's providers keep locked on top of the fees before they answer, in neuron: 1 0G (the
 * broker's `MinimumLockedBalance`; 0G's SDK tops up to twice this above the unsettled fees).
 */
export const providerMinimumLockedBalance = 1_000_000_000_000_000_000n;
