import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import type { Hex } from "viem";
import { bytesToBase64 } from "../rpc/base64.js";
import { toKey, type KvBytes } from "../kv/bytes.js";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type {
  InvalidKvKeyError,
  InvalidStreamIdError,
  KvEndpointNotFoundError,
  KvInconsistentReadError,
  KvUnknownStreamError,
} from "../kv/errors.js";
import { assertHeld, at, checkVersion, completeValue, segmentData, type KvEntry } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";
import { kvQueryChunkSize } from "../kv/constants.js";

export type GetKvValueParameters = {
  streamId: Hex;
  /** The key: bytes, or a string (UTF-8). */
  key: KvBytes;
  /** Read the value as of this version (tx seq): the latest write at or before it. @default the latest */
  version?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

/** The key's value, or null when it was never written or is deleted. */
export type GetKvValueReturnType = KvEntry | null;

export type GetKvValueErrorType =
  | InvalidKvKeyError
  | InvalidParameterError
  | InvalidStreamIdError
  | KvEndpointNotFoundError
  | KvInconsistentReadError
  | KvUnknownStreamError
  | RpcRequestErrorType;

/**
 * Reads one value of a KV stream. Values of any size: they come in 256 KiB chunks, every chunk
 * after the first read at the first one's version, so the chunks of a value being overwritten
 * cannot mix two writes.
 *
 * @throws {KvUnknownStreamError} when the key is absent and the node does not hold the stream.
 *
 * @example
 * import { getKvValue, toStreamId } from "@0g/storage";
 *
 * const entry = await getKvValue(client, { streamId: toStreamId("my-app/notes"), key: "greeting" });
 * if (entry) console.log(new TextDecoder().decode(entry.value), "written by tx", entry.version);
 */
export async function getKvValue(client: KvClientOrEndpoint, parameters: GetKvValueParameters): Promise<GetKvValueReturnType> {
  const streamId = checkStreamId(parameters.streamId);
  const key = toKey(parameters.key);
  const version = parameters.version === undefined ? undefined : checkVersion(parameters.version);
  const { signal } = parameters;
  const node = await connectKv(client, parameters.kv);
  const first = await node.rpc.request({ method: "kv_getValue", params: [streamId, bytesToBase64(key), 0, kvQueryChunkSize, ...at(version)] }, { signal });
  if (!first || first.size === 0) {
    await assertHeld(node, streamId, signal);
    return null;
  }
  const value = await completeValue(node, streamId, key, { version: first.version, size: first.size, data: segmentData(first.data) }, signal);
  return { key, value, version: first.version, size: first.size };
}
