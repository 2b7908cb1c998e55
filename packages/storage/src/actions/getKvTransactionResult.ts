import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import { connectKv, type KvClientOrEndpoint } from "../kv/endpoint.js";
import type { KvEndpointNotFoundError } from "../kv/errors.js";
import { checkTxSeq } from "../transfer/locate.js";

export type GetKvTransactionResultParameters = {
  /** The transaction's Flow submission index (what `writeKv` returns). */
  txSeq: number;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * `"Commit"`, or the node's reason for not applying the transaction (`"VersionConfliction"`,
 * `"WritePermissionDenied: …"`, `"DataParseError: …"`, …); null while it is not replayed, and for
 * submissions the node skips (not KV, or of streams it does not hold).
 */
export type GetKvTransactionResultReturnType = string | null;

export type GetKvTransactionResultErrorType = InvalidParameterError | KvEndpointNotFoundError | RpcRequestErrorType;

/**
 * What the KV node made of a transaction (`kv_getTransactionResult`). It sends the tx seq as a
 * number, as the node expects (0G's TS SDK sends a string).
 *
 * @example
 * import { getKvTransactionResult } from "@0g/storage";
 * const result = await getKvTransactionResult(client, { txSeq: 42 }); // "Commit"
 */
export async function getKvTransactionResult(
  client: KvClientOrEndpoint,
  parameters: GetKvTransactionResultParameters,
): Promise<GetKvTransactionResultReturnType> {
  const txSeq = checkTxSeq(parameters.txSeq);
  const node = await connectKv(client, parameters.kv);
  return node.rpc.request({ method: "kv_getTransactionResult", params: [txSeq] }, { signal: parameters.signal });
}
