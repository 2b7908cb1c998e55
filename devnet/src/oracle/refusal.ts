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
