import { isHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { secp256k1 } from "@noble/curves/secp256k1";
import { hexToBytes, type Address } from "viem";
import { InvalidAgentMetadataError } from "../errors.js";

/**
 * What an agent's encrypted metadata holds: its own private key (the operator of its on-chain
 * account; rotated by the oracle on every transfer or clone) and your data (model, prompts, memory
 * pointers, anything JSON).
 */
export type AgentMetadata<data = Record<string, unknown>> = {
  /** The agent's secp256k1 private key. Whoever holds the token can read it; a transfer replaces it. */
  agentKey: Hex;
  data: data;
};

/** The metadata document format version this library writes and reads. */
export const agentMetadataVersion = 1;

/** The bytes that get encrypted: `{"version":1,"agentKey":"0x…","data":{…}}` as UTF-8 JSON. */
export function encodeAgentMetadata(metadata: AgentMetadata<unknown>): Uint8Array {
  checkAgentKey(metadata.agentKey, "agentKey");
  let json: string | undefined;
  try {
    json = JSON.stringify({ version: agentMetadataVersion, agentKey: metadata.agentKey, data: metadata.data ?? {} });
  } catch (cause) {
    throw new InvalidAgentMetadataError({ path: "data", reason: `not serialisable to JSON (${(cause as Error).message})` });
  }
  return new TextEncoder().encode(json);
}

/** Parses decrypted metadata bytes. */
export function decodeAgentMetadata<data = Record<string, unknown>>(bytes: Uint8Array): AgentMetadata<data> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new InvalidAgentMetadataError({ path: "", reason: `not UTF-8 JSON (${(cause as Error).message})` });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidAgentMetadataError({ path: "", reason: "expected a JSON object" });
  const doc = value as Record<string, unknown>;
  if (doc.version !== agentMetadataVersion) throw new InvalidAgentMetadataError({ path: "version", reason: `expected ${agentMetadataVersion}, got ${JSON.stringify(doc.version)}` });
  checkAgentKey(doc.agentKey, "agentKey");
  return { agentKey: doc.agentKey as Hex, data: (doc.data ?? {}) as data };
}

/** A fresh agent key. */
export function generateAgentKey(): Hex {
  const key = secp256k1.utils.randomPrivateKey();
  return `0x${Array.from(key, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The address an agent key controls the agent's account as. */
export function agentKeyAddress(agentKey: Hex): Address {
  return privateKeyToAddress(agentKey);
}

function checkAgentKey(value: unknown, path: string): asserts value is Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 66 || !secp256k1.utils.isValidPrivateKey(hexToBytes(value as Hex)))
    throw new InvalidAgentMetadataError({ path, reason: "expected a 32-byte secp256k1 private key as 0x-hex" });
}
