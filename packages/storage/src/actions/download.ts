import { InvalidParameterError, isBaseError } from "@0g/core";
import type { Hex } from "viem";
import { segmentSize } from "../constants.js";
import type { MerkleWorkerError } from "../errors.js";
import { createDecryptor, type Decryption, type Decryptor } from "../encryption/index.js";
import { loadKeccak, type Keccak } from "../merkle/keccak.js";
import { createSegmentHasher, parallelThreshold, workersAvailable, type SegmentHasher } from "../merkle/parallel.node.js";
import { verifySegmentWithProof } from "../merkle/verify.js";
import { base64AsciiToBytes, base64ToBytes } from "../rpc/base64.js";
import { fromSegmentWithProof } from "../rpc/segment.js";
import type { SegmentWithProof } from "../rpc/types.js";
import { globalSegmentIndex, storesSegment } from "../rpc/shard.js";
import { openFileSink } from "../source/platform.node.js";
import type { FileSink } from "../source/types.js";
import {
  DecryptionError,
  FileExistsError,
  FileNotFoundError,
  SegmentUnavailableError,
  StorageEndpointNotFoundError,
  TransferAbortedError,
  UnsupportedSourceError,
} from "../transfer/errors.js";
import { checkRoot, checkTxSeq, endpointsOf, locateFile, type FileHolder, type LocatedFile, type StorageClientOrEndpoints } from "../transfer/locate.js";
import { rpcErrorText, withRetry, type RetryOptions } from "../transfer/retry.js";

/** Where a download goes: bytes (the default), a Blob, a WritableStream, or (Node only) a file path. */
export type DownloadTarget = "bytes" | "blob" | WritableStream<Uint8Array> | { path: string };

export type DownloadProgressEvent = {
  type: "downloading";
  /** Segments and bytes (as stored, before decryption) received and verified so far, of all fragments. */
  segments: number;
  totalSegments: number;
  bytes: number;
  totalBytes: number;
};

export type DownloadParameters<to extends DownloadTarget = DownloadTarget> = {
  /** The file root, or the roots of every fragment of a split file (in order). */
  root?: Hex | readonly Hex[] | undefined;
  /** The submission index instead of the root. */
  txSeq?: number | undefined;
  /** Where the bytes go. @default "bytes" */
  to?: to | undefined;
  /** With `to: { path }`: replace an existing file. @default false */
  overwrite?: boolean | undefined;
  /** Decrypts a file uploaded with `encryption`: `{ type: "aes256", key }` or `{ type: "ecies", privateKey }`. */
  decryption?: Decryption | undefined;
  /** The indexer URL (overrides the first argument's). */
  indexer?: string | undefined;
  /** Storage node URLs to download from instead of asking an indexer. */
  nodes?: readonly string[] | undefined;
  /** Segments fetched in parallel. @default 8 */
  concurrency?: number | undefined;
  /** Retries of a node's transport errors before trying the next node. */
  retry?: RetryOptions | undefined;
  onProgress?: ((event: DownloadProgressEvent) => void) | undefined;
  /** Aborts the download (`TransferAbortedError`); a partial file is deleted. */
  signal?: AbortSignal | undefined;
  /**
   * Node: verify the segments of files of 4 MiB and more on the merkle worker threads (shared with
   * `fileMerkle`), off the thread that receives them. `false` verifies on the calling thread.
   * @default true
   */
  workers?: boolean | undefined;
};

type DownloadData<to> = to extends "blob"
  ? { data: Blob }
  : to extends WritableStream<Uint8Array>
    ? { data?: undefined }
    : to extends { path: string }
      ? { path: string }
      : { data: Uint8Array };

export type DownloadReturnType<to extends DownloadTarget = "bytes"> = {
  /** The root (the first fragment's for a split file). */
  root: Hex;
  /** Every fragment's root. */
  roots: Hex[];
  /** The submission index (the first fragment's). */
  txSeq: number;
  /** Bytes delivered (after decryption). */
  size: number;
} & DownloadData<to>;

export type DownloadErrorType =
  | DecryptionError
  | FileExistsError
  | FileNotFoundError
  | MerkleWorkerError
  | InvalidParameterError
  | SegmentUnavailableError
  | StorageEndpointNotFoundError
  | TransferAbortedError
  | UnsupportedSourceError;

/**
 * Downloads a file from 0G Storage by root (or txSeq). Every segment is fetched with its merkle
 * proof (`zgs_downloadSegmentWithProofByTxSeq`) and verified against the file root before it is
 * used; a missing, withheld or corrupted segment is fetched from the next node that stores it.
 * Segments are fetched in parallel and written in order, trimmed to the file's size.
 *
 * @example
 * import { download } from "@0g/storage";
 * const { data } = await download(client, { root: "0x…" });
 * const { path } = await download({ indexer: "https://indexer-storage-testnet-turbo.0g.ai" }, { root, to: { path: "./photo.jpg" } });
 */
export async function download<const to extends DownloadTarget = "bytes">(
  client: StorageClientOrEndpoints,
  parameters: DownloadParameters<to>,
): Promise<DownloadReturnType<to>> {
  const { signal, concurrency = 8, retry = { count: 1, delay: 100 }, overwrite = false } = parameters;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new InvalidParameterError({ name: "concurrency", value: concurrency, expected: "an integer >= 1" });
  const to = (parameters.to ?? "bytes") as DownloadTarget;
  const wanted = wantedFiles(parameters);

  let sink: Sink | undefined;
  try {
    // A file target is created first: an existing path fails before any network traffic.
    sink = await createSink(to, overwrite);
    const endpoints = await endpointsOf(client, parameters);
    const files: LocatedFile[] = [];
    for (const file of wanted) files.push(await locateFile(endpoints, file, { signal }));
    const keccak = await loadKeccak();

    const total = files.reduce((sum, f) => sum + f.size, 0);
    const totalSegments = files.reduce((sum, f) => sum + Math.ceil(f.size / segmentSize), 0);
    const progress: DownloadProgressEvent = { type: "downloading", segments: 0, totalSegments, bytes: 0, totalBytes: total };
    parameters.onProgress?.({ ...progress });

    let decryptor: Decryptor | undefined;
    let offset = 0; // in the stored (possibly encrypted) bytes of all fragments
    for (const file of files) {
      const hasher = workersAvailable && parameters.workers !== false && file.size >= parallelThreshold ? createSegmentHasher(concurrency) : undefined;
      await fetchInOrder(file, { keccak, concurrency, retry, signal, hasher }, async (bytes) => {
        if (offset === 0) {
          let size = total;
          if (parameters.decryption) {
            decryptor = await createDecryptor(bytes, parameters.decryption);
            size = total - decryptor.headerSize;
          }
          sink!.init(size);
        }
        await sink!.write(offset, bytes, decryptor);
        offset += bytes.length;
        progress.segments++;
        progress.bytes += bytes.length;
        parameters.onProgress?.({ ...progress });
      });
    }
    const first = files[0]!;
    const result = await sink.finish();
    return {
      root: first.root,
      roots: files.map((f) => f.root),
      txSeq: first.txSeq,
      size: total - (decryptor?.headerSize ?? 0),
      ...result,
    } as DownloadReturnType<to>;
  } catch (error) {
    await sink?.abort(error);
    if (signal?.aborted) throw new TransferAbortedError({ cause: signal.reason });
    throw error;
  }
}

function wantedFiles(parameters: DownloadParameters<DownloadTarget>): ({ root: Hex } | { txSeq: number })[] {
  const { root, txSeq } = parameters;
  if (root !== undefined && txSeq !== undefined)
    throw new InvalidParameterError({ name: "root", value: root, expected: "either root or txSeq, not both" });
  if (txSeq !== undefined) return [{ txSeq: checkTxSeq(txSeq) }];
  if (root === undefined) throw new InvalidParameterError({ name: "root", value: root, expected: "a file root (or pass txSeq)" });
  const roots = typeof root === "string" ? [root] : [...root];
  if (roots.length === 0) throw new InvalidParameterError({ name: "root", value: roots, expected: "at least one root" });
  return roots.map((r) => ({ root: checkRoot(r) }));
}

/** A downloaded `SegmentWithProof`: its data as base64 bytes, or a string when short. */
type WireSegment = Omit<SegmentWithProof, "data"> & { data: string | Uint8Array };

type FetchOptions = {
  keccak: Keccak;
  concurrency: number;
  retry: RetryOptions;
  signal: AbortSignal | undefined;
  /** Hashes full segments on the merkle workers (Node, files of 4 MiB and more). */
  hasher: SegmentHasher | undefined;
};

/**
 * Fetches the segments of a file with at most `concurrency` in flight and hands each one's bytes
 * (trimmed to the file size) to `deliver`, in order.
 */
async function fetchInOrder(file: LocatedFile, options: FetchOptions, deliver: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  const count = Math.ceil(file.size / segmentSize);
  // Spread the load: finalized nodes first, in a random order.
  const holders = shuffleFinalizedFirst(file.holders);
  const inflight = new Map<number, Promise<Uint8Array>>();
  let started = 0;
  try {
    for (let i = 0; i < count; i++) {
      while (started < count && started < i + options.concurrency) {
        const fetching = fetchSegment(file, holders, started, options);
        fetching.catch(() => {}); // awaited in order below
        inflight.set(started++, fetching);
      }
      const data = await inflight.get(i)!;
      inflight.delete(i);
      await deliver(data.subarray(0, Math.min(segmentSize, file.size - i * segmentSize)));
    }
  } finally {
    inflight.clear();
  }
}

function shuffleFinalizedFirst(holders: readonly FileHolder[]): FileHolder[] {
  const shuffled = holders.map((h) => ({ h, key: Math.random() + (h.info.finalized ? 0 : 1) }));
  return shuffled.sort((a, b) => a.key - b.key).map((x) => x.h);
}

/** Segment `index` from the first node that stores it and serves it with a valid proof. */
async function fetchSegment(file: LocatedFile, holders: readonly FileHolder[], index: number, options: FetchOptions): Promise<Uint8Array> {
  // A full segment is decoded into a slot of shared memory and hashed there on a merkle worker: this
  // thread meanwhile receives and decodes the next segments.
  const full = Math.min(segmentSize, file.size - index * segmentSize) === segmentSize;
  const slot = options.hasher && full ? await options.hasher.acquire() : undefined;
  try {
    return await fetchVerified(file, holders, index, options, slot);
  } finally {
    if (slot !== undefined) options.hasher!.release(slot);
  }
}

async function fetchVerified(file: LocatedFile, holders: readonly FileHolder[], index: number, options: FetchOptions, slot: number | undefined): Promise<Uint8Array> {
  const attempts: { url: string; reason: string }[] = [];
  for (const { node, info } of holders) {
    if (!storesSegment(node.config, globalSegmentIndex(info.tx.startEntryIndex, index))) continue;
    options.signal?.throwIfAborted();
    let wire;
    try {
      wire = await withRetry(
        // The data as bytes (`largeStrings`): ~350 KB of base64 per segment never becomes a JS string.
        () =>
          node.rpc.request(
            { method: "zgs_downloadSegmentWithProofByTxSeq", params: [info.tx.seq, index] },
            { signal: options.signal, largeStrings: 4096 },
          ) as Promise<WireSegment | null>,
        options.retry,
        options.signal,
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      attempts.push({ url: node.url, reason: rpcErrorText(error) ?? (isBaseError(error) ? error.shortMessage : String(error)) });
      continue;
    }
    if (!wire) {
      attempts.push({ url: node.url, reason: "the node does not have the segment" });
      continue;
    }
    let segment;
    try {
      const { data, ...rest } = wire;
      segment = fromSegmentWithProof({ ...rest, data: "" });
      if (typeof data === "string") segment.data = base64ToBytes(data);
      else if (data instanceof Uint8Array) segment.data = base64AsciiToBytes(data, slot === undefined ? undefined : options.hasher!.view(slot));
      else throw new TypeError("segment data is not base64");
    } catch {
      attempts.push({ url: node.url, reason: "malformed segment" });
      continue;
    }
    if (segment.root.toLowerCase() !== file.root || segment.index !== index || segment.fileSize !== file.size) {
      attempts.push({ url: node.url, reason: "the segment is of another file or index" });
      continue;
    }
    const expected = { root: file.root, fileSize: file.size };
    const check =
      slot !== undefined && segment.data.length === segmentSize && segment.data.buffer === options.hasher!.view(slot).buffer
        ? verifySegmentWithProof(options.keccak, segment, expected, { dataRoot: await options.hasher!.root(slot) })
        : verifySegmentWithProof(options.keccak, segment, expected);
    if (!check.ok) {
      attempts.push({ url: node.url, reason: `invalid segment (${check.reason})` });
      continue;
    }
    return slot === undefined ? segment.data : segment.data.slice();
  }
  throw new SegmentUnavailableError({ root: file.root, index, attempts });
}

// ---- sinks ---------------------------------------------------------------------------------

type Sink = {
  /** The delivered size (known once the first bytes, and so the encryption header, are in). */
  init(size: number): void;
  /** Bytes at `offset` of the stored file; decrypted (and the header dropped) when a decryptor is given. */
  write(offset: number, bytes: Uint8Array, decryptor: Decryptor | undefined): Promise<void>;
  finish(): Promise<{ data?: Uint8Array | Blob; path?: string }>;
  abort(reason: unknown): Promise<void>;
};

function isWritableStream(value: unknown): value is WritableStream<Uint8Array> {
  return typeof (value as WritableStream | null)?.getWriter === "function";
}

/** The plaintext of stored bytes at `offset`, and where it goes. */
async function plain(offset: number, bytes: Uint8Array, decryptor: Decryptor | undefined): Promise<{ at: number; bytes: Uint8Array }> {
  if (!decryptor) return { at: offset, bytes };
  const skip = Math.max(0, decryptor.headerSize - offset);
  const at = offset + skip - decryptor.headerSize;
  return { at, bytes: await decryptor.cipher.cryptAt(at, bytes.subarray(skip)) };
}

async function createSink(to: DownloadTarget, overwrite: boolean): Promise<Sink> {
  if (to === "bytes") {
    let out = new Uint8Array(0);
    return {
      init: (size) => void (out = new Uint8Array(size)),
      async write(offset, bytes, decryptor) {
        const p = await plain(offset, bytes, decryptor);
        out.set(p.bytes, p.at);
      },
      finish: async () => ({ data: out }),
      abort: async () => {},
    };
  }
  if (to === "blob") {
    const parts: Uint8Array[] = [];
    return {
      init: () => {},
      async write(offset, bytes, decryptor) {
        parts.push((await plain(offset, bytes, decryptor)).bytes);
      },
      finish: async () => ({ data: new Blob(parts as Uint8Array<ArrayBuffer>[]) }),
      abort: async () => {},
    };
  }
  if (isWritableStream(to)) {
    const writer = to.getWriter();
    return {
      init: () => {},
      async write(offset, bytes, decryptor) {
        const p = await plain(offset, bytes, decryptor);
        if (p.bytes.length > 0) await writer.write(p.bytes);
      },
      async finish() {
        await writer.close();
        return {};
      },
      async abort(reason) {
        await writer.abort(reason).catch(() => {});
      },
    };
  }
  if (typeof to === "object" && to !== null && typeof (to as { path?: unknown }).path === "string") {
    const path = (to as { path: string }).path;
    const file: FileSink = await openFileSink(path, overwrite);
    return {
      init: () => {},
      async write(offset, bytes, decryptor) {
        const p = await plain(offset, bytes, decryptor);
        await file.write(p.at, p.bytes);
      },
      async finish() {
        await file.close();
        return { path };
      },
      abort: () => file.abort(),
    };
  }
  throw new InvalidParameterError({ name: "to", value: to, expected: '"bytes", "blob", a WritableStream or { path }' });
}

