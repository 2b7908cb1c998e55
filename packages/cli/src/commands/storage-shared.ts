import { UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { httpUrl, option } from "../options.js";
import { shutdownSignal } from "../signals.js";

/** `--indexer <url>`: the storage indexer, instead of the network's (a devnet lists its own). */
export const indexerOption = option({
  description: "Storage indexer URL (default: the network's; a devnet's from devnet_info)",
  valueName: "<url>",
  parse: httpUrl(),
});

/** Runs `fn` with `io.signal`, or with a signal that Ctrl+C (SIGINT/SIGTERM) aborts. */
export async function withShutdownSignal<T>(io: CliIo, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (io.signal) return fn(io.signal);
  const owned = shutdownSignal();
  try {
    return await fn(owned.signal);
  } finally {
    owned.dispose();
  }
}

/** A missing positional argument: bad usage, exit code 2. */
export function missingArgument(name: string, command: string): UsageError {
  return new UsageError(`Missing argument ${name}.`, { command });
}

/** A 32-byte hex root given as an argument; a malformed one is bad usage. */
export function parseRoot(value: string | undefined, command: string): `0x${string}` {
  if (value === undefined) throw missingArgument("<root>", command);
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new UsageError(`Invalid <root> ${JSON.stringify(value.length > 70 ? `${value.slice(0, 67)}...` : value)}: expected 0x and 64 hex digits.`, { command });
  return value.toLowerCase() as `0x${string}`;
}
