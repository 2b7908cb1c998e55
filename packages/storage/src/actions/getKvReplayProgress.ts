import type { RpcRequestErrorType } from "@0g/core";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { KvEndpointNotFoundError } from "../kv/errors.js";
import type { ReplayProgress } from "../rpc/kv-schema.js";

export type GetKvReplayProgressParameters = {
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

/** `appliedSeq`: the next tx seq the node will replay (every lower one is done); `firstTxSeq`: where it started. */
export type GetKvReplayProgressReturnType = ReplayProgress;

export type GetKvReplayProgressErrorType = KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * How far the KV node has replayed the Flow log (`kv_getReplayProgress`). `appliedSeq - 1` is the
 * newest version every read can be pinned to.
 *
 * @example
 * import { getKvReplayProgress } from "@0g/storage";
 * const { appliedSeq } = await getKvReplayProgress(client);
 */
export async function getKvReplayProgress(
  client: KvClientOrEndpoint,
  parameters: GetKvReplayProgressParameters = {},
): Promise<GetKvReplayProgressReturnType> {
  const node = await connectKv(client, parameters.kv);
  return node.rpc.request({ method: "kv_getReplayProgress" }, { signal: parameters.signal });
}
