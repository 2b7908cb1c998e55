import { BaseError } from "./base.js";

/** A parameter a function was given is out of range or malformed. */
export class InvalidParameterError extends BaseError {
  static override readonly code = 1001;
  static override readonly description = "A parameter passed to a function is malformed or out of range.";
  override name = "InvalidParameterError";
  constructor({ name, value, expected }: { name: string; value: unknown; expected: string }) {
    super(`Invalid parameter "${name}".`, {
      code: InvalidParameterError.code,
      details: `Expected ${expected}, got ${formatValue(value)}.`,
    });
  }
}

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}
