import { isHex, keccak256, stringToBytes, type Hex } from "viem";
import { streamDomain } from "./constants.js";
import { InvalidStreamIdError } from "./errors.js";

/**
 * Checks and normalizes (lower case) a stream id: 32 bytes of 0x-prefixed hex.
 *
 * @throws {InvalidStreamIdError}
 */
export function checkStreamId(value: string): Hex {
  if (typeof value !== "string" || value.length !== 66 || !isHex(value, { strict: true })) throw new InvalidStreamIdError({ value: String(value) });
  return value.toLowerCase() as Hex;
}

/**
 * A stream id derived from a name: `keccak256(utf8(name))`. Anyone who knows the name finds the
 * stream; who may write it is up to its access control.
 *
 * @example
 * const streamId = toStreamId("my-agent/memory");
 */
export function toStreamId(name: string): Hex {
  return keccak256(stringToBytes(name));
}

/** The tags of a KV transaction on these streams: `STREAM_DOMAIN ‖ streamId…`. */
export function streamTags(streamIds: readonly Hex[]): Hex {
  return `0x${[streamDomain, ...streamIds.map(checkStreamId)].map((id) => id.slice(2)).join("")}`;
}

/**
 * The stream ids in a submission's tags, as 0G's KV node reads them
 * (`submission_topic_to_stream_ids`): none unless the tags are a whole number of 32-byte words
 * starting with `STREAM_DOMAIN`.
 */
export function streamIdsFromTags(tags: Hex): Hex[] {
  const hex = tags.slice(2).toLowerCase();
  if (hex.length === 0 || hex.length % 64 !== 0 || `0x${hex.slice(0, 64)}` !== streamDomain) return [];
  const ids: Hex[] = [];
  for (let i = 64; i < hex.length; i += 64) ids.push(`0x${hex.slice(i, i + 64)}`);
  return ids;
}
