import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import type { Address, Hex } from "viem";
import { toAccount } from "../kv/bytes.js";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { InvalidStreamIdError, KvEndpointNotFoundError } from "../kv/errors.js";
import { at, checkVersion } from "../kv/read.js";
import { checkStreamId } from "../kv/stream-id.js";

export type IsKvWriterOfStreamParameters = {
  account: Address;
  streamId: Hex;
  /** As of this version (tx seq). @default the latest */
  version?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

export type IsKvWriterOfStreamReturnType = boolean;

export type IsKvWriterOfStreamErrorType = InvalidParameterError | InvalidStreamIdError | KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * Whether `account` holds the writer role of the stream (`kv_isWriterOfStream`): it may write the stream's normal keys. Admins may write without it.
 *
 * @example
 * import { isKvWriterOfStream, toStreamId } from "@0g/storage";
 * const yes = await isKvWriterOfStream(client, { account, streamId: toStreamId("my-app/notes") });
 */
export async function isKvWriterOfStream(client: KvClientOrEndpoint, parameters: IsKvWriterOfStreamParameters): Promise<IsKvWriterOfStreamReturnType> {
  const account = toAccount(parameters.account);
  const streamId = checkStreamId(parameters.streamId);
  const version = parameters.version === undefined ? undefined : checkVersion(parameters.version);
  const node = await connectKv(client, parameters.kv);
  return node.rpc.request({ method: "kv_isWriterOfStream", params: [account, streamId, ...at(version)] }, { signal: parameters.signal });
}
