import type { OracleErrorCode } from "@0g/inft";

export type { OracleErrorCode };

/**
 * Why the oracle refuses a request: thrown inside a handler, answered as
 * `{ "error": { code, message } }` (never escapes the oracle, so not a `BaseError`).
 */
export class OracleRefusal {
  constructor(
    readonly code: OracleErrorCode,
    readonly message: string,
  ) {}
}

/**
 * The refusal for data entry `index` that the oracle could not open: not sealed to it, sealed to it
 * but not authenticating (altered before upload), or not agent metadata at all.
 */
export function unreadableDataRefusal(error: unknown, index: number, root: string): OracleRefusal {
  const { name, message, details } = error as { name?: string; message?: string; details?: string };
  if (name === "NotARecipientError") return new OracleRefusal("not_sealed_to_oracle", `Data ${index}'s key is not sealed to the oracle: ${message}`);
  if (name === "DecryptionFailedError")
    return new OracleRefusal("data_corrupt", `Data ${index} does not decrypt with the key sealed to the oracle (authentication failed): ${message}`);
  return new OracleRefusal("data_unavailable", `Data ${index} (root ${root}) is not agent metadata the oracle can read: ${details ?? message}`);
}
