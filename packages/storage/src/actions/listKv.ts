import type { KvClientOrEndpoint } from "../kv/endpoint.js";
import type { KvEntry } from "../kv/read.js";
import { iterateKv, type IterateKvErrorType, type IterateKvParameters } from "./iterateKv.js";

export type ListKvParameters = IterateKvParameters;

export type ListKvReturnType = KvEntry[];

export type ListKvErrorType = IterateKvErrorType;

/**
 * {@link iterateKv} collected into an array: the entries of a stream (a range, a prefix, reversed,
 * up to `limit`) as of one version. Mind `limit` on large streams.
 *
 * @example
 * import { listKv, toStreamId } from "@0g/storage";
 * const last10 = await listKv(client, { streamId: toStreamId("my-app/log"), reverse: true, limit: 10 });
 */
export async function listKv(client: KvClientOrEndpoint, parameters: ListKvParameters): Promise<ListKvReturnType> {
  const entries: KvEntry[] = [];
  for await (const entry of iterateKv(client, parameters)) entries.push(entry);
  return entries;
}
