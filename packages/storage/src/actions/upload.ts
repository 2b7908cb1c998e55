import { InvalidParameterError } from "@0g/core";
import { isHex, type Account, type Address, type Chain, type Client, type Hash, type Hex, type Transport } from "viem";
import { parseAccount } from "viem/accounts";
import { defaultFragmentSize } from "../constants.js";
import { createEncryptor, type Encryption } from "../encryption/index.js";
import { EmptyFileError, FileReadError, FileTooLargeError, NodeSelectionError } from "../errors.js";
import type { FileInfo } from "../rpc/types.js";
import { selectNodes } from "../rpc/shard.js";
import type { UploadSource } from "../source/types.js";
import {
  AccountRequiredError,
  FlowNotFoundError,
  InsufficientFundsError,
  SegmentUploadError,
  StorageEndpointNotFoundError,
  StorageTimeoutError,
  SubmissionFailedError,
  TransferAbortedError,
  UnsupportedSourceError,
  type UploadState,
} from "../transfer/errors.js";
import { checkAddress, listNodes, lookupNetwork, resolveEndpoints, type NetworkLookup, type StorageNodeClient } from "../transfer/network.js";
import { alignFragmentSize, prepareUpload, type PreparedFragment } from "../transfer/prepare.js";
import { poll, type RetryOptions } from "../transfer/retry.js";
import { syncNodes } from "../transfer/sync.js";
import { uploadSegments } from "../transfer/segments.js";
import {
  findLandedSubmission,
  readPricePerSector,
  submissionFee,
  submissionOfTransaction,
  submitFile,
  type LandedSubmission,
} from "../transfer/submit.js";

/** A step of an upload, for progress bars and logs. `fragment` counts from 0 (files over 4 GiB have several). */
export type UploadProgressEvent =
  | { type: "hashing"; bytes: number; totalBytes: number | undefined }
  | { type: "submitting"; fragment: number; fragments: number; root: Hex; fee: bigint }
  | { type: "submitted"; fragment: number; fragments: number; root: Hex; txHash: Hash }
  | { type: "syncing"; fragment: number; fragments: number; root: Hex; txSeq: number }
  | {
      type: "uploading";
      fragment: number;
      fragments: number;
      root: Hex;
      txSeq: number;
      /** Segment uploads done and planned (a segment counts once per node that stores it). */
      segments: number;
      totalSegments: number;
      /** Bytes of those segments. */
      bytes: number;
      totalBytes: number;
    }
  | { type: "finalizing"; fragment: number; fragments: number; root: Hex; txSeq: number }
  | { type: "done"; fragment: number; fragments: number; root: Hex; txSeq: number; status: UploadStatus };

/**
 * What happened to a file: `uploaded` (submitted and paid now), `resumed` (an earlier submission of
 * the same data was found on chain or on the nodes and completed: no new payment), `skipped` (the
 * nodes already had it finalized).
 */
export type UploadStatus = "uploaded" | "resumed" | "skipped";

/** The outcome for one file (or one fragment of a file over `fragmentSize`). */
export type UploadedFile = {
  /** The merkle root: what `download()` takes. */
  root: Hex;
  /** The Flow `submit` transaction; `undefined` when skipped or resumed from the nodes alone. */
  txHash: Hash | undefined;
  /** The submission index on Flow. */
  txSeq: number;
  /** Wei paid by this call (0 when resumed or skipped). */
  fee: bigint;
  /** Bytes stored (the ciphertext and its header when encrypted). */
  size: number;
  status: UploadStatus;
  /** URLs of the nodes that hold the file. */
  nodes: string[];
};

export type UploadParameters = {
  /** The file: bytes, a Blob or File, a ReadableStream (read once), or in Node a file path. */
  data: UploadSource;
  /** Pays and signs; defaults to the client's account. */
  account?: Account | Address | undefined;
  /** The indexer URL; defaults to the network registry's for the client's chain, or the devnet's. */
  indexer?: string | undefined;
  /** Storage node URLs to use instead of an indexer. */
  nodes?: readonly string[] | undefined;
  /** The Flow contract; defaults to the registry's, the devnet's, or what the storage nodes report. */
  flow?: Address | undefined;
  /** Copies of every segment to store (each on a different node of its shard). @default 1 */
  replicas?: number | undefined;
  /** Tags of the submission (KV streams use them). @default "0x" */
  tags?: Hex | undefined;
  /** Wei to pay per submission (each fragment) instead of `Σ 2^height × Market.pricePerSector()`. */
  fee?: bigint | undefined;
  /** The submitter named in the `Submit` event. @default the account's address */
  submitter?: Address | undefined;
  /** Return at once when the nodes already have the file finalized. @default true */
  skipIfFinalized?: boolean | undefined;
  /** Wait until the nodes have finalized the file. @default true */
  waitForFinality?: boolean | undefined;
  /**
   * Segments per `zgs_uploadSegmentsByTxSeq` call. With `concurrency`, it bounds what is in flight
   * (and so the memory an upload takes: about 3 × 350 KB per segment in flight). @default 4
   */
  taskSize?: number | undefined;
  /** Upload calls in flight. @default 4 */
  concurrency?: number | undefined;
  /** Files larger than this are split into fragments, each its own submission (rounded up to a power of two). @default 4 GiB */
  fragmentSize?: number | undefined;
  /**
   * The largest file to accept, in bytes (as stored: with the encryption header). A larger one
   * fails with `FileTooLargeError` before it is hashed, submitted or paid for (a stream, whose size
   * is not known up front, as soon as more has arrived). 0G itself has no limit a JS number can
   * reach (files over `fragmentSize` become several submissions). @default Number.MAX_SAFE_INTEGER
   */
  maxFileSize?: number | undefined;
  /** Encrypt on the client: `{ type: "aes256", key }` or `{ type: "ecies", publicKey }`. */
  encryption?: Encryption | undefined;
  /**
   * `submit` transactions of an earlier attempt (from `onSubmitted`), still pending or mined:
   * they are awaited and resumed instead of paying again.
   */
  txHash?: Hash | readonly Hash[] | undefined;
  /** Blocks searched for an earlier `Submit` of this file by this submitter (0 turns it off). @default 10_000n */
  resumeLookback?: bigint | undefined;
  /** Called with each step. */
  onProgress?: ((event: UploadProgressEvent) => void) | undefined;
  /** Called as soon as a `submit` transaction is sent: keep the hash to resume after a crash. */
  onSubmitted?: ((submitted: { txHash: Hash; root: Hex; fragment: number }) => void) | undefined;
  /** Aborts the upload (`TransferAbortedError`). */
  signal?: AbortSignal | undefined;
  /** Milliseconds to wait for a receipt, for the nodes to sync the submission, and for finality. @default 300_000 */
  timeout?: number | undefined;
  /** Retries of a failed segment upload. */
  retry?: RetryOptions | undefined;
  /** Hashing worker threads in Node (`true` = 2). @default true */
  workers?: boolean | number | undefined;
};

export type UploadReturnType = UploadedFile & {
  /** Every fragment in order (one for files up to `fragmentSize`); the top-level fields are the first's. */
  fragments: UploadedFile[];
  /** The roots of every fragment, in order: what `download({ root })` takes for a split file. */
  roots: Hex[];
  /** Wei paid for all fragments. */
  totalFee: bigint;
  /** Bytes of all fragments. */
  totalSize: number;
};

export type UploadErrorType =
  | AccountRequiredError
  | EmptyFileError
  | FileReadError
  | FileTooLargeError
  | FlowNotFoundError
  | InsufficientFundsError
  | InvalidParameterError
  | NodeSelectionError
  | SegmentUploadError
  | StorageEndpointNotFoundError
  | StorageTimeoutError
  | SubmissionFailedError
  | TransferAbortedError
  | UnsupportedSourceError;

type Emit = (event: UploadProgressEvent) => void;

/**
 * Uploads a file to 0G Storage: hashes it once, submits it to Flow paying `Σ 2^height ×
 * pricePerSector`, uploads its segments to the storage nodes of each shard (in parallel, with
 * retries and fail-over to other nodes) and waits until they finalize it.
 *
 * It never pays twice for the same data: a file the nodes already know is resumed (or skipped when
 * finalized), and before submitting it looks for a `Submit` of this file by this submitter that an
 * earlier, interrupted attempt already paid for.
 *
 * @example
 * import { createWalletClient, http } from "viem";
 * import { privateKeyToAccount } from "viem/accounts";
 * import { upload } from "@0g/storage";
 *
 * const client = createWalletClient({ account: privateKeyToAccount(key), chain: zgGalileo, transport: http() });
 * const { root, txSeq } = await upload(client, { data: new TextEncoder().encode("hello 0G") });
 */
export async function upload(client: Client<Transport, Chain | undefined, Account | undefined>, parameters: UploadParameters): Promise<UploadReturnType> {
  return uploadWith(client, parameters, { fresh: false });
}

/**
 * How an upload treats data the network already has. `fresh` (KV transactions, whose identical
 * bytes written twice are two transactions): always a new submission, except one named by
 * `txHash`; what the nodes know of the same root is neither skipped nor resumed.
 */
export type UploadMode = { fresh: boolean };

/** {@link upload} in a given mode (internal: `writeKv` uploads fresh). */
export async function uploadWith(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: UploadParameters,
  mode: UploadMode,
): Promise<UploadReturnType> {
  const {
    data,
    replicas = 1,
    tags = "0x",
    skipIfFinalized = true,
    waitForFinality = true,
    taskSize = 4,
    concurrency = 4,
    timeout = 300_000,
    resumeLookback = 10_000n,
    retry = {},
    signal,
    onProgress,
    onSubmitted,
  } = parameters;
  const accountParameter = parameters.account ?? client.account;
  if (!accountParameter) throw new AccountRequiredError();
  const account = parseAccount(accountParameter);
  checkInteger("replicas", replicas, 1);
  checkInteger("taskSize", taskSize, 1);
  checkInteger("concurrency", concurrency, 1);
  if (!isHex(tags, { strict: true }) || tags.length % 2 !== 0) throw new InvalidParameterError({ name: "tags", value: tags, expected: "hex bytes" });
  if (parameters.fee !== undefined && parameters.fee < 0n) throw new InvalidParameterError({ name: "fee", value: parameters.fee, expected: "a non-negative bigint" });
  const fragmentSize = alignFragmentSize(parameters.fragmentSize ?? defaultFragmentSize);
  const maxFileSize = parameters.maxFileSize ?? Number.MAX_SAFE_INTEGER;
  checkInteger("maxFileSize", maxFileSize, 1);
  const submitter = parameters.submitter === undefined ? account.address : checkAddress("submitter", parameters.submitter);
  const emit: Emit = (event) => onProgress?.(event);

  // Where a failure leaves the upload, for TransferAbortedError.
  const state: UploadState = {};
  let file: Awaited<ReturnType<typeof prepareUpload>> | undefined;
  try {
    // The network first, so that a wrong endpoint fails before a large file is hashed.
    let looked: Promise<NetworkLookup> | undefined;
    const lookup = () => (looked ??= lookupNetwork(client));
    const endpoints = await resolveEndpoints(client, parameters, lookup);
    const candidates = await listNodes(endpoints, { signal });
    const { selected, spares } = await selectLiveNodes(candidates, replicas, signal);
    const flow = parameters.flow !== undefined ? checkAddress("flow", parameters.flow) : await findFlow(lookup, selected, signal);

    const encryptor = parameters.encryption ? await createEncryptor(parameters.encryption) : undefined;
    emit({ type: "hashing", bytes: 0, totalBytes: undefined });
    file = await prepareUpload(data, {
      encryptor,
      fragmentSize,
      signal,
      workers: parameters.workers,
      maxFileSize,
      onBytes: (bytes, totalBytes) => emit({ type: "hashing", bytes, totalBytes }),
    });

    let price: Promise<bigint> | undefined;
    const pending = parameters.txHash === undefined ? [] : typeof parameters.txHash === "string" ? [parameters.txHash] : [...parameters.txHash];
    const results: UploadedFile[] = [];
    for (const fragment of file.fragments) {
      results.push(
        await uploadFragment(fragment, {
          client,
          account,
          flow,
          submitter,
          tags,
          selected,
          spares,
          fragments: file.fragments.length,
          fee: () => (parameters.fee !== undefined ? Promise.resolve(parameters.fee) : (price ??= readPricePerSector(client, flow)).then((p) => submissionFee(fragment.merkle, p))),
          pending,
          skipIfFinalized,
          waitForFinality,
          taskSize,
          concurrency,
          timeout,
          resumeLookback,
          retry,
          signal,
          emit,
          onSubmitted,
          state,
          fresh: mode.fresh,
        }),
      );
    }
    const first = results[0]!;
    return {
      ...first,
      fragments: results,
      roots: results.map((r) => r.root),
      totalFee: results.reduce((sum, r) => sum + r.fee, 0n),
      totalSize: results.reduce((sum, r) => sum + r.size, 0),
    };
  } catch (error) {
    if (signal?.aborted) throw new TransferAbortedError({ ...state, cause: signal.reason });
    throw error;
  } finally {
    await file?.close();
  }
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidParameterError({ name, value, expected: `an integer >= ${min}` });
}

/**
 * The nodes to upload to: `replicas` covers of every shard, trusted nodes first (discovered ones
 * only when the trusted cannot cover every shard), as 0G's SDKs select them, but only nodes that
 * answer: an indexer may list nodes that are down (its list is refreshed every few minutes), so
 * each chosen node is asked for its shard config and a dead one is replaced before anything is
 * paid. The candidates left over are the spares.
 *
 * @throws {NodeSelectionError} when the nodes that answer cannot cover every shard.
 */
async function selectLiveNodes(
  candidates: readonly StorageNodeClient[],
  replicas: number,
  signal: AbortSignal | undefined,
): Promise<{ selected: StorageNodeClient[]; spares: StorageNodeClient[] }> {
  const alive = new Set<StorageNodeClient>();
  const dead = new Set<StorageNodeClient>();
  for (;;) {
    const usable = candidates.filter((n) => !dead.has(n));
    const fromTrusted = selectNodes(
      usable.filter((n) => n.trusted !== false),
      replicas,
      "min",
    );
    const selection = fromTrusted.ok ? fromTrusted : selectNodes(usable, replicas, "min");
    if (!selection.ok) throw new NodeSelectionError({ expectedReplica: replicas, candidates: usable.length });
    const unchecked = selection.nodes.filter((n) => !alive.has(n));
    if (unchecked.length === 0) return { selected: selection.nodes, spares: usable.filter((n) => !selection.nodes.includes(n)) };
    await Promise.all(
      unchecked.map(async (node) => {
        try {
          await node.rpc.request({ method: "zgs_getShardConfig" }, { signal, timeout: 10_000 });
          alive.add(node);
        } catch (error) {
          if (signal?.aborted) throw error;
          dead.add(node);
        }
      }),
    );
  }
}

/** Flow from the registry or devnet, else from the first selected node's `zgs_getStatus` (as 0G's SDKs do). */
async function findFlow(lookup: () => Promise<NetworkLookup>, nodes: readonly StorageNodeClient[], signal: AbortSignal | undefined): Promise<Address> {
  const found = await lookup();
  if (found.flow) return found.flow;
  for (const node of nodes) {
    const status = await node.rpc.request({ method: "zgs_getStatus" }, { signal }).catch(() => undefined);
    if (status?.networkIdentity?.flowAddress) return checkAddress("flow", status.networkIdentity.flowAddress);
  }
  throw new FlowNotFoundError({ chainId: found.chainId });
}

type FragmentContext = {
  client: Client<Transport, Chain | undefined, Account | undefined>;
  account: Account;
  flow: Address;
  submitter: Address;
  tags: Hex;
  selected: readonly StorageNodeClient[];
  spares: readonly StorageNodeClient[];
  fragments: number;
  fee: () => Promise<bigint>;
  pending: Hash[];
  skipIfFinalized: boolean;
  waitForFinality: boolean;
  taskSize: number;
  concurrency: number;
  timeout: number;
  resumeLookback: bigint;
  retry: RetryOptions;
  signal: AbortSignal | undefined;
  emit: Emit;
  onSubmitted: UploadParameters["onSubmitted"];
  state: UploadState;
  /** A new submission unless `pending` names one (see {@link UploadMode}). */
  fresh: boolean;
};

async function uploadFragment(fragment: PreparedFragment, c: FragmentContext): Promise<UploadedFile> {
  const { merkle } = fragment;
  const root = merkle.root;
  const where = { fragment: fragment.index, fragments: c.fragments, root };
  c.state.root = root;
  c.state.txHash = undefined;
  c.state.txSeq = undefined;

  // 1. What do the nodes know about this root?
  const infos = await Promise.all(
    c.selected.map((n) => n.rpc.request({ method: "zgs_getFileInfo", params: [root, false] }, { signal: c.signal }).catch(() => null)),
  );
  const known = infos.find((info): info is FileInfo => info !== null && info.tx.size === merkle.size);
  const allFinalized = infos.every((info) => info?.finalized === true);
  const done = (txSeq: number, txHash: Hash | undefined, status: UploadStatus, fee: bigint, nodes: readonly StorageNodeClient[]): UploadedFile => {
    c.emit({ type: "done", ...where, txSeq, status });
    return { root, txHash, txSeq, fee, size: merkle.size, status, nodes: nodes.map((n) => n.url) };
  };
  if (known && allFinalized && c.skipIfFinalized && !c.fresh) return done(known.tx.seq, undefined, "skipped", 0n, c.selected);

  // 2. The submission: one the nodes know, one an earlier attempt sent, or a new one.
  let landed: LandedSubmission | undefined;
  let status: UploadStatus = "resumed";
  let fee = 0n;
  let txSeq: number;
  if (known && !allFinalized && !c.fresh) txSeq = known.tx.seq;
  else {
    for (const hash of c.pending) {
      landed = await submissionOfTransaction(c.client, { hash, flow: c.flow, merkle, timeout: c.timeout, signal: c.signal });
      if (landed) break;
    }
    if (!c.fresh) {
      landed ??= await findLandedSubmission(c.client, { flow: c.flow, submitter: c.submitter, merkle, lookback: c.resumeLookback });
      // With skipIfFinalized off, a finalized earlier submission does not stand in for a new one.
      if (landed && !c.skipIfFinalized && known && known.tx.seq === landed.txSeq) landed = undefined;
    }
    if (!landed) {
      fee = await c.fee();
      c.emit({ type: "submitting", ...where, fee });
      landed = await submitFile(c.client, {
        account: c.account,
        flow: c.flow,
        merkle,
        submitter: c.submitter,
        tags: c.tags,
        fee,
        receiptTimeout: c.timeout,
        signal: c.signal,
        onSent: (txHash) => {
          c.state.txHash = txHash;
          c.emit({ type: "submitted", ...where, txHash });
          c.onSubmitted?.({ txHash, root, fragment: fragment.index });
        },
      });
      status = "uploaded";
    }
    txSeq = landed.txSeq;
  }
  const txHash = landed?.txHash;
  c.state.txHash = txHash;
  c.state.txSeq = txSeq;

  // 3. Wait until the nodes know the submission; nodes that are down are replaced.
  c.emit({ type: "syncing", ...where, txSeq });
  const synced = await syncNodes(c.selected, txSeq, c);
  if (!synced.some((s) => s.info)) throw new StorageTimeoutError({ waitingFor: "the storage nodes to sync the submission", timeout: c.timeout, root, txHash, txSeq });
  const info = synced.find((s) => s.info)!.info!;
  const finalizedAlready = synced.filter((s) => s.info?.finalized).map((s) => s.node);
  const targets = synced.filter((s) => s.info && !s.info.finalized).map((s) => s.node);
  const lost = synced.filter((s) => !s.info).map((s) => s.node);

  // 4. Segments, in parallel, each to the nodes of its shard.
  const holders = await uploadSegments({
    merkle,
    access: fragment.access,
    txSeq,
    txHash,
    startEntryIndex: info.tx.startEntryIndex,
    targets,
    lost,
    spares: c.spares,
    taskSize: c.taskSize,
    concurrency: c.concurrency,
    retry: c.retry,
    syncTimeout: Math.min(c.timeout, 30_000),
    signal: c.signal,
    onProgress: (progress) => c.emit({ type: "uploading", ...where, txSeq, ...progress }),
  });
  const nodes = [...finalizedAlready, ...holders];

  // 5. Finality.
  if (c.waitForFinality) {
    c.emit({ type: "finalizing", ...where, txSeq });
    const finalized = await poll(
      async () => {
        const answers = await Promise.all(
          nodes.map((n) => n.rpc.request({ method: "zgs_getFileInfoByTxSeq", params: [txSeq] }, { signal: c.signal }).catch(() => null)),
        );
        return answers.every((a) => a?.finalized === true) ? true : undefined;
      },
      { timeout: c.timeout, signal: c.signal },
    );
    if (!finalized) throw new StorageTimeoutError({ waitingFor: "the storage nodes to finalize the file", timeout: c.timeout, root, txHash, txSeq });
  }
  return done(txSeq, txHash, status, fee, nodes);
}
