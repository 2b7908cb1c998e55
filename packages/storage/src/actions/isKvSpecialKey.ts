import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import type { Hex } from "viem";
import { bytesToBase64 } from "../rpc/base64.js";
import { toKey, type KvBytes } from "../kv/bytes.js";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { InvalidKvKeyError, InvalidStreamIdError, KvEndpointNotFoundError } from "../kv/errors.js";
import { at, checkVersion } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";

export type IsKvSpecialKeyParameters = {
  streamId: Hex;
  /** The key: bytes, or a string (UTF-8). */
  key: KvBytes;
  /** As of this version (tx seq). @default the latest */
  version?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

export type IsKvSpecialKeyReturnType = boolean;

export type IsKvSpecialKeyErrorType = InvalidParameterError | InvalidKvKeyError | InvalidStreamIdError | KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * Whether `key` is special (`kv_isSpecialKey`): only its special writers and the stream's admins may write it.
 *
 * @example
 * import { isKvSpecialKey, toStreamId } from "@0g/storage";
 * const yes = await isKvSpecialKey(client, { streamId: toStreamId("my-app/notes"), key: "config" });
 */
export async function isKvSpecialKey(client: KvClientOrEndpoint, parameters: IsKvSpecialKeyParameters): Promise<IsKvSpecialKeyReturnType> {
  const streamId = checkStreamId(parameters.streamId);
  const key = bytesToBase64(toKey(parameters.key));
  const version = parameters.version === undefined ? undefined : checkVersion(parameters.version);
  const node = await connectKv(client, parameters.kv);
  return node.rpc.request({ method: "kv_isSpecialKey", params: [streamId, key, ...at(version)] }, { signal: parameters.signal });
}
