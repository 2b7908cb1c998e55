import { InvalidParameterError, type RpcRequestErrorType } from "@0g/core";
import { connectKv, type KvClientOrEndpoint, type KvNode } from "../kv/endpoint.js";
import { KvTimeoutError, KvTransactionSkippedError, type KvEndpointNotFoundError } from "../kv/errors.js";
import { checkTxSeq } from "../transfer/locate.js";
import { isRetryable, sleep } from "../transfer/retry.js";

export type WaitForKvTransactionParameters = {
  /** The transaction's Flow submission index (what `writeKv` returns). */
  txSeq: number;
  /** Milliseconds to wait. @default 300_000 */
  timeout?: number | undefined;
  /** Longest pause between polls, in milliseconds (polls start at 25 ms and back off to it). @default 500 */
  pollingInterval?: number | undefined;
  /** The KV node URL (wins over the first argument's). */
  kv?: string | undefined;
  signal?: AbortSignal | undefined;
};

/** `"Commit"` or the node's reason for rejecting the transaction. */
export type WaitForKvTransactionReturnType = string;

export type WaitForKvTransactionErrorType =
  | InvalidParameterError
  | KvEndpointNotFoundError
  | KvTimeoutError
  | KvTransactionSkippedError
  | RpcRequestErrorType;

/**
 * Waits until the KV node has replayed a transaction and returns its result: `"Commit"`, or why it
 * was not applied (`"VersionConfliction"`, `"WritePermissionDenied: …"`, …). It does not throw on
 * a rejection (`writeKv` does). While the node does not answer it keeps polling until the timeout.
 *
 * @throws {KvTimeoutError} when the node has not replayed it within `timeout`.
 * @throws {KvTransactionSkippedError} when the node replayed past it without a result (it does not
 * hold the transaction's streams, or the submission is not a KV transaction).
 *
 * @example
 * import { waitForKvTransaction } from "@0g/storage";
 * const { txSeq } = await writeKv(wallet, { batch, waitForResult: false });
 * const result = await waitForKvTransaction(wallet, { txSeq, timeout: 60_000 }); // "Commit"
 */
export async function waitForKvTransaction(
  client: KvClientOrEndpoint,
  parameters: WaitForKvTransactionParameters,
): Promise<WaitForKvTransactionReturnType> {
  const txSeq = checkTxSeq(parameters.txSeq);
  const node = await connectKv(client, parameters.kv);
  return waitForKvResult(node, txSeq, parameters);
}

/** {@link waitForKvTransaction} on a known node. */
export async function waitForKvResult(
  node: KvNode,
  txSeq: number,
  { timeout = 300_000, pollingInterval = 500, signal }: Pick<WaitForKvTransactionParameters, "timeout" | "pollingInterval" | "signal">,
): Promise<string> {
  if (typeof timeout !== "number" || !(timeout > 0)) throw new InvalidParameterError({ name: "timeout", value: timeout, expected: "a positive number of milliseconds" });
  if (typeof pollingInterval !== "number" || !(pollingInterval > 0))
    throw new InvalidParameterError({ name: "pollingInterval", value: pollingInterval, expected: "a positive number of milliseconds" });
  const deadline = Date.now() + timeout;
  let interval = 25;
  for (;;) {
    signal?.throwIfAborted();
    const left = deadline - Date.now();
    const options = { signal, timeout: Math.max(1, Math.min(30_000, left)), retryCount: 0 };
    try {
      const result = await node.rpc.request({ method: "kv_getTransactionResult", params: [txSeq] }, options);
      if (typeof result === "string") return result;
      // No result: not replayed yet, or skipped (the node records a result and its progress together).
      const { appliedSeq } = await node.rpc.request({ method: "kv_getReplayProgress" }, options);
      if (appliedSeq > txSeq) {
        const again = await node.rpc.request({ method: "kv_getTransactionResult", params: [txSeq] }, options);
        if (typeof again === "string") return again;
        throw new KvTransactionSkippedError({ txSeq });
      }
    } catch (error) {
      // A node that answers with an error is asked the wrong thing: give up. One that does not
      // answer (down, restarting, unreachable) is asked again until the deadline.
      if (signal?.aborted || !isRetryable(error)) throw error;
    }
    if (Date.now() >= deadline) throw new KvTimeoutError({ txSeq, timeout });
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
    interval = Math.min(pollingInterval, interval * 2);
  }
}
