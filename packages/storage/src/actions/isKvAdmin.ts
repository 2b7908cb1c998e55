import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import type { Address, Hex } from "viem";
import { toAccount } from "../kv/bytes.js";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { InvalidStreamIdError, KvEndpointNotFoundError } from "../kv/errors.js";
import { at, checkVersion } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";

export type IsKvAdminParameters = {
  account: Address;
  streamId: Hex;
  /** As of this version (tx seq). @default the latest */
  version?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

export type IsKvAdminReturnType = boolean;

export type IsKvAdminErrorType = InvalidParameterError | InvalidStreamIdError | KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * Whether `account` is an admin of the stream (`kv_isAdmin`; 0G's TS SDK calls a misspelt `kv_IsAdmin`). The first writer of a stream becomes its admin.
 *
 * @example
 * import { isKvAdmin, toStreamId } from "@0g/storage";
 * const yes = await isKvAdmin(client, { account, streamId: toStreamId("my-app/notes") });
 */
export async function isKvAdmin(client: KvClientOrEndpoint, parameters: IsKvAdminParameters): Promise<IsKvAdminReturnType> {
  const account = toAccount(parameters.account);
  const streamId = checkStreamId(parameters.streamId);
  const version = parameters.version === undefined ? undefined : checkVersion(parameters.version);
  const node = await connectKv(client, parameters.kv);
  return node.rpc.request({ method: "kv_isAdmin", params: [account, streamId, ...at(version)] }, { signal: parameters.signal });
}
