import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import type { Address, Hex } from "viem";
import { bytesToBase64 } from "../rpc/base64.js";
import { toAccount, toKey, type KvBytes } from "../kv/bytes.js";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { InvalidKvKeyError, InvalidStreamIdError, KvEndpointNotFoundError } from "../kv/errors.js";
import { at, checkVersion } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";

export type HasKvWritePermissionParameters = {
  account: Address;
  streamId: Hex;
  /** The key: bytes, or a string (UTF-8). */
  key: KvBytes;
  /** As of this version (tx seq). @default the latest */
  version?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

export type HasKvWritePermissionReturnType = boolean;

export type HasKvWritePermissionErrorType = InvalidParameterError | InvalidKvKeyError | InvalidStreamIdError | KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * Whether `account` may write `key` (`kv_hasWritePermission`): anyone on a new stream; an admin; a special writer of a special key; a writer of the stream for a normal key.
 *
 * @example
 * import { hasKvWritePermission, toStreamId } from "@0g/storage";
 * const yes = await hasKvWritePermission(client, { account, streamId: toStreamId("my-app/notes"), key: "greeting" });
 */
export async function hasKvWritePermission(client: KvClientOrEndpoint, parameters: HasKvWritePermissionParameters): Promise<HasKvWritePermissionReturnType> {
  const account = toAccount(parameters.account);
  const streamId = checkStreamId(parameters.streamId);
  const key = bytesToBase64(toKey(parameters.key));
  const version = parameters.version === undefined ? undefined : checkVersion(parameters.version);
  const node = await connectKv(client, parameters.kv);
  return node.rpc.request({ method: "kv_hasWritePermission", params: [account, streamId, key, ...at(version)] }, { signal: parameters.signal });
}
