import { readFile } from "node:fs/promises";
import { bytesToHex, keccak256, stringToBytes, type Hex } from "viem";
import type { Connection } from "../connection.js";
import { UsageError } from "../errors.js";
import { readStdin } from "../io.js";
import { httpUrl, option } from "../options.js";

/** `--kv <url>`: the KV node, instead of the network's (a devnet announces its own). */
export const kvOption = option({
  description: "KV node URL (default: the network's; a devnet's from devnet_info)",
  valueName: "<url>",
  parse: httpUrl(),
});

/** The KV node URL: `--kv`, else the connection's `kv` endpoint (undefined lets the library say none is known). */
export function kvEndpoint(given: string | undefined, connection: Connection): string | undefined {
  if (given !== undefined) return given;
  const found = connection.endpoints.kv;
  return typeof found === "string" ? found : undefined;
}

/**
 * A `<stream>` argument: a 32-byte hex stream id, or a name whose id is `keccak256(name)` (what
 * `toStreamId(name)` in `@0g/storage` derives). Text starting with 0x must be a well-formed id, so a
 * mistyped id is an error rather than a different stream.
 */
export function parseStream(value: string | undefined, command: string): Hex {
  if (value === undefined || value === "") throw new UsageError("Missing argument <stream>.", { command });
  if (/^0x/i.test(value)) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(value))
      throw new UsageError(`Invalid <stream> ${JSON.stringify(value.length > 70 ? `${value.slice(0, 67)}...` : value)}: a stream id is 0x and 64 hex digits (or give a name).`, {
        command,
      });
    return value.toLowerCase() as Hex;
  }
  return keccak256(stringToBytes(value));
}

/** A `<key>` argument: UTF-8 text, 1 byte or more. */
export function parseKey(value: string | undefined, command: string, name = "<key>"): string {
  if (value === undefined || value === "") throw new UsageError(`Missing argument ${name}.`, { command, details: "KV keys are at least one byte." });
  return value;
}

/** A `<value>` argument: the text itself, `@path` for a file's bytes, `@-` for standard input, `@@…` for text starting with @. */
export async function readValue(value: string | undefined, command: string, stdin: () => Promise<Uint8Array> = readStdin): Promise<Uint8Array> {
  if (value === undefined) throw new UsageError("Missing argument <value>.", { command });
  if (value.startsWith("@@")) return stringToBytes(value.slice(1));
  if (value === "@-") return stdin();
  if (value.startsWith("@")) {
    const path = value.slice(1);
    if (path === "") throw new UsageError("Missing a file name after @ in <value>.", { command });
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      throw new UsageError(`Cannot read <value> file ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { command });
    }
  }
  return stringToBytes(value);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as text when they are printable UTF-8, else undefined. */
export function printable(bytes: Uint8Array): string | undefined {
  try {
    const text = utf8.decode(bytes);
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** How a key or value shows in human output: its text, or 0x-hex when it is binary. */
export function showBytes(bytes: Uint8Array): string {
  return printable(bytes) ?? bytesToHex(bytes);
}
