import type { RpcRequestErrorType } from "@0g/core";
import type { Hex } from "viem";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { KvEndpointNotFoundError } from "../kv/errors.js";

export type GetKvStreamIdsParameters = {
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

/** The ids of the streams the node holds, lower case. */
export type GetKvStreamIdsReturnType = Hex[];

export type GetKvStreamIdsErrorType = KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * The streams the KV node replays and serves (`kv_getHoldingStreamIds`).
 *
 * @example
 * import { getKvStreamIds, toStreamId } from "@0g/storage";
 * const held = (await getKvStreamIds(client)).includes(toStreamId("my-app/notes"));
 */
export async function getKvStreamIds(client: KvClientOrEndpoint, parameters: GetKvStreamIdsParameters = {}): Promise<GetKvStreamIdsReturnType> {
  const node = await connectKv(client, parameters.kv);
  const ids = await node.rpc.request({ method: "kv_getHoldingStreamIds" }, { signal: parameters.signal });
  return ids.map((id) => id.toLowerCase() as Hex);
}
