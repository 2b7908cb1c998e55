import type { InvalidParameterError, RpcRequestErrorType } from "@0g/core";
import type { Account, Chain, Client, Hash, Hex, Transport } from "viem";
import type { EmptyFileError, NodeSelectionError } from "../errors.js";
import { streamIdsOf, type KvBatch } from "../kv/batch.js";
import { connectKv, type KvNode } from "../kv/endpoint.js";
import {
  EmptyKvBatchError,
  KvTransactionFailedError,
  KvVersionConflictError,
  type InvalidKvKeyError,
  type InvalidStreamIdError,
  type KvEndpointNotFoundError,
  type KvTimeoutError,
  type KvTooManyOperationsError,
  type KvTransactionSkippedError,
} from "../kv/errors.js";
import { encodeStreamData, type StreamData } from "../kv/stream-data.js";
import { streamTags } from "../kv/stream-id.js";
import type {
  AccountRequiredError,
  FlowNotFoundError,
  InsufficientFundsError,
  SegmentUploadError,
  StorageEndpointNotFoundError,
  StorageTimeoutError,
  SubmissionFailedError,
  TransferAbortedError,
} from "../transfer/errors.js";
import { uploadWith, type UploadParameters, type UploadProgressEvent } from "./upload.js";
import { waitForKvResult } from "./waitForKvTransaction.js";

/** A step of `writeKv`: the upload's steps, then the wait for the KV node's result. */
export type WriteKvProgressEvent = UploadProgressEvent | { type: "replaying"; txSeq: number };

export type WriteKvParameters = Pick<
  UploadParameters,
  "account" | "indexer" | "nodes" | "flow" | "replicas" | "fee" | "txHash" | "onSubmitted" | "signal" | "retry"
> & {
  /** The transaction: a {@link KvBatch} (from `kvBatch()`), or a `StreamData`. */
  batch: KvBatch | StreamData;
  /** The KV node URL; defaults to the network registry's for the client's chain, or the devnet's. */
  kv?: string | undefined;
  /** Wait for the KV node to replay the transaction, and throw unless it commits. @default true */
  waitForResult?: boolean | undefined;
  /** Milliseconds to wait for each step: the receipt, the storage nodes, the KV node's result. @default 300_000 */
  timeout?: number | undefined;
  /** Called with each step. */
  onProgress?: ((event: WriteKvProgressEvent) => void) | undefined;
};

export type WriteKvReturnType = {
  /** The transaction's Flow submission index: its version, and what `getKvTransactionResult` takes. */
  txSeq: number;
  /** The `Flow.submit` transaction (the one of `txHash` when an earlier attempt was resumed). */
  txHash: Hash;
  /** The merkle root of the transaction's bytes. */
  root: Hex;
  /** Wei paid by this call (0 when an earlier attempt's submission was resumed). */
  fee: bigint;
  /** `"Commit"`; undefined with `waitForResult: false`. */
  result: string | undefined;
};

export type WriteKvErrorType =
  | AccountRequiredError
  | EmptyFileError
  | EmptyKvBatchError
  | FlowNotFoundError
  | InsufficientFundsError
  | InvalidKvKeyError
  | InvalidParameterError
  | InvalidStreamIdError
  | KvEndpointNotFoundError
  | KvTimeoutError
  | KvTooManyOperationsError
  | KvTransactionFailedError
  | KvTransactionSkippedError
  | KvVersionConflictError
  | NodeSelectionError
  | RpcRequestErrorType
  | SegmentUploadError
  | StorageEndpointNotFoundError
  | StorageTimeoutError
  | SubmissionFailedError
  | TransferAbortedError;

/**
 * Submits a KV transaction: uploads its bytes as a Flow file tagged with its streams (the normal
 * upload path: fee, segments, finality), then waits until the KV node has replayed it.
 *
 * Every call is a new transaction, even for bytes written before (a KV write is an event, not a
 * file). An interrupted call is resumed, without paying again, only by passing the `txHash` it
 * reported (`onSubmitted`, or the `txHash` of its error); calling again without it writes again.
 *
 * @throws {EmptyKvBatchError} before anything is paid, for a batch with no operation.
 * @throws {KvVersionConflictError} when a key it reads or writes was written after the batch's version.
 * @throws {KvTransactionFailedError} when the node rejects it otherwise (e.g. `WritePermissionDenied`).
 * @throws {KvTimeoutError} when the node does not replay it within `timeout` (it is paid for: wait
 * again with `waitForKvTransaction({ txSeq })` rather than writing again).
 *
 * @example
 * import { kvBatch, toStreamId, writeKv } from "@0g/storage";
 *
 * const notes = toStreamId("my-app/notes");
 * const { txSeq, result } = await writeKv(wallet, { batch: kvBatch().set(notes, "greeting", "hello") });
 * // result === "Commit"
 */
export async function writeKv(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: WriteKvParameters,
): Promise<WriteKvReturnType> {
  const { batch, waitForResult = true, timeout, signal, onProgress } = parameters;
  const data = isBatch(batch) ? batch.toStreamData() : batch;
  if (data.reads.length === 0 && data.writes.length === 0 && data.controls.length === 0) throw new EmptyKvBatchError();
  const bytes = encodeStreamData(data);
  const tags = streamTags(streamIdsOf(data));
  // The KV node before paying: an unknown one fails here, not after the submission.
  const node: KvNode | undefined = waitForResult ? await connectKv(client, parameters.kv) : undefined;

  const uploaded = await uploadWith(
    client,
    {
      data: bytes,
      tags,
      skipIfFinalized: false,
      resumeLookback: 0n,
      account: parameters.account,
      indexer: parameters.indexer,
      nodes: parameters.nodes,
      flow: parameters.flow,
      replicas: parameters.replicas,
      fee: parameters.fee,
      txHash: parameters.txHash,
      onSubmitted: parameters.onSubmitted,
      onProgress,
      signal,
      retry: parameters.retry,
      timeout,
    },
    { fresh: true },
  );
  const { txSeq, root, fee } = uploaded;
  const txHash = uploaded.txHash!; // always set: a fresh upload submits, or resumes the given txHash
  if (!node) return { txSeq, txHash, root, fee, result: undefined };

  onProgress?.({ type: "replaying", txSeq });
  const result = await waitForKvResult(node, txSeq, { timeout, signal });
  if (result === "Commit") return { txSeq, txHash, root, fee, result };
  if (result === "VersionConfliction") throw new KvVersionConflictError({ txSeq, version: data.version });
  throw new KvTransactionFailedError({ txSeq, result });
}

function isBatch(batch: KvBatch | StreamData): batch is KvBatch {
  return typeof (batch as KvBatch).toStreamData === "function";
}
