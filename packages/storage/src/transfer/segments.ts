import { rawJson } from "@0g/core";
import type { Hash } from "viem";
import { chunkSize, segmentChunks, segmentSize } from "../constants.js";
import type { FileMerkle } from "../merkle/file.js";
import { base64JsonBytes } from "../rpc/base64.js";
import type { SegmentWithProof } from "../rpc/types.js";
import { globalSegmentIndex, storesSegment } from "../rpc/shard.js";
import type { RandomAccess } from "../source/types.js";
import { SegmentUploadError } from "./errors.js";
import type { StorageNodeClient } from "./network.js";
import { isAlreadyFinalized, runLimited, withRetry, type RetryOptions } from "./retry.js";
import { syncNodes } from "./sync.js";

export type SegmentProgress = { segments: number; totalSegments: number; bytes: number; totalBytes: number };

export type UploadSegmentsParameters = {
  merkle: FileMerkle;
  access: RandomAccess;
  txSeq: number;
  txHash: Hash | undefined;
  startEntryIndex: number;
  /** The nodes to store the file on (those that have not finalized it yet). */
  targets: readonly StorageNodeClient[];
  /** Selected nodes that are down or never synced the submission: spares take their segments. */
  lost: readonly StorageNodeClient[];
  /** Other nodes, used when a target fails. */
  spares: readonly StorageNodeClient[];
  taskSize: number;
  concurrency: number;
  retry: RetryOptions;
  /** How long a spare may take to sync the submission. */
  syncTimeout: number;
  signal: AbortSignal | undefined;
  onProgress: (progress: SegmentProgress) => void;
};

/** The wire bytes of segment `index`: whole chunks, the file's partial last chunk zero-filled. */
export async function readSegment(access: RandomAccess, merkle: Pick<FileMerkle, "chunks">, index: number): Promise<Uint8Array> {
  const length = Math.min(segmentSize, (merkle.chunks - index * segmentChunks) * chunkSize);
  const data = await access.read(index * segmentSize, length);
  if (data.length === length) return data;
  const padded = new Uint8Array(length);
  padded.set(data);
  return padded;
}

/**
 * The `SegmentWithProof` of segment `index` with its data as raw JSON bytes: the request body is
 * written as bytes, so the ~350 KB of base64 per segment never becomes a JS string.
 */
async function wireSegment(access: RandomAccess, merkle: FileMerkle, index: number): Promise<SegmentWithProof> {
  const data = rawJson(base64JsonBytes(await readSegment(access, merkle, index)));
  return { root: merkle.root, data: data as unknown as string, index, proof: merkle.segmentProof(index), fileSize: merkle.size };
}

/** Bytes of the segment on the wire. */
function segmentLength(merkle: Pick<FileMerkle, "chunks">, index: number): number {
  return Math.min(segmentSize, (merkle.chunks - index * segmentChunks) * chunkSize);
}

/**
 * Uploads every segment to every target node of its shard (`zgs_uploadSegmentsByTxSeq`, `taskSize`
 * segments per call, at most `concurrency` calls in flight), retrying transport errors and the
 * node's back-pressure with backoff. "already uploaded and finalized" counts as done for that node.
 * When a node keeps failing, the segments of its shard go to a spare node that stores them.
 * Returns the nodes that now hold the file.
 *
 * @throws {SegmentUploadError} when some segments found no node.
 */
export async function uploadSegments(p: UploadSegmentsParameters): Promise<StorageNodeClient[]> {
  const { merkle, txSeq } = p;
  const startSegment = globalSegmentIndex(p.startEntryIndex, 0);
  const stores = (node: StorageNodeClient, index: number) => storesSegment(node.config, startSegment + index);
  const segmentsOf = (node: StorageNodeClient) => {
    const out: number[] = [];
    for (let i = 0; i < merkle.dataSegments; i++) if (stores(node, i)) out.push(i);
    return out;
  };

  const progress: SegmentProgress = { segments: 0, totalSegments: 0, bytes: 0, totalBytes: 0 };
  const count = (segments: readonly number[], total: boolean) => {
    for (const s of segments) {
      if (total) {
        progress.totalSegments++;
        progress.totalBytes += segmentLength(merkle, s);
      } else {
        progress.segments++;
        progress.bytes += segmentLength(merkle, s);
      }
    }
  };

  const finalized = new Set<string>();
  const failed = new Map<string, unknown>();
  const holders: StorageNodeClient[] = [];
  let orphans: number[] = [];

  // A segment goes to every replica of its shard, in the same round of calls (the task lists are
  // interleaved): it is read and encoded once, and kept until the other replicas' calls took it.
  // A segment goes to every replica of its shard, in the same round of calls (the task lists are
  // interleaved): it is read and encoded once, and kept until the other replicas' calls took it.
  const recent = new Map<number, { wire: Promise<SegmentWithProof>; left: number }>();
  let roundNodes: readonly StorageNodeClient[] = p.targets;
  const encoded = (index: number): Promise<SegmentWithProof> => {
    const kept = recent.get(index);
    if (kept) {
      if (--kept.left <= 0) recent.delete(index);
      return kept.wire;
    }
    const wire = wireSegment(p.access, merkle, index);
    const others = roundNodes.filter((n) => stores(n, index)).length - 1;
    if (others > 0) {
      wire.catch(() => {});
      recent.set(index, { wire, left: others });
      // Bounded, should a replica's calls lag far behind (a slow or failing node).
      if (recent.size > 4 * p.concurrency * p.taskSize) recent.delete(recent.keys().next().value!);
    }
    return wire;
  };

  const tasksFor = (node: StorageNodeClient) => {
    const segments = segmentsOf(node);
    count(segments, true);
    const tasks: number[][] = [];
    for (let i = 0; i < segments.length; i += p.taskSize) tasks.push(segments.slice(i, i + p.taskSize));
    return tasks.map((segments) => ({ node, segments }));
  };

  const run = async (node: StorageNodeClient, segments: number[]) => {
    if (finalized.has(node.url)) {
      count(segments, false);
      return p.onProgress({ ...progress });
    }
    if (failed.has(node.url)) {
      orphans.push(...segments);
      return;
    }
    try {
      await withRetry(
        async () => {
          // The segments only as the params of the call (nothing else holds them): once the request
          // body is written, only its bytes stay alive.
          const wire = Promise.all(segments.map((i) => encoded(i)));
          await node.rpc.request({ method: "zgs_uploadSegmentsByTxSeq", params: [await wire, txSeq] }, { signal: p.signal });
        },
        p.retry,
        p.signal,
      );
    } catch (error) {
      if (p.signal?.aborted) throw p.signal.reason;
      if (isAlreadyFinalized(error)) finalized.add(node.url);
      else {
        if (!failed.has(node.url)) failed.set(node.url, error);
        orphans.push(...segments);
        return;
      }
    }
    count(segments, false);
    p.onProgress({ ...progress });
  };

  /** Round-robin over the nodes' task lists, so every node is busy from the start. */
  const interleave = (lists: { node: StorageNodeClient; segments: number[] }[][]) => {
    const out: (() => Promise<void>)[] = [];
    for (let i = 0; lists.some((l) => i < l.length); i++)
      for (const list of lists) if (i < list.length) out.push(() => run(list[i]!.node, list[i]!.segments));
    return out;
  };

  for (const node of p.lost) {
    failed.set(node.url, new Error(`${node.url} is down or did not sync the submission`));
    orphans.push(...segmentsOf(node));
  }
  let round = p.targets.map(tasksFor);
  let active = [...p.targets];
  const spares = [...p.spares];
  p.onProgress({ ...progress });
  for (;;) {
    await runLimited(interleave(round), p.concurrency);
    p.signal?.throwIfAborted();
    holders.push(...active.filter((n) => !failed.has(n.url)));
    if (orphans.length === 0) break;

    // Replace failed nodes: each spare takes every segment of its shard, so that it can finalize.
    const missing = new Set(orphans);
    orphans = [];
    const chosen: StorageNodeClient[] = [];
    for (const segment of [...missing].sort((a, b) => a - b)) {
      if (chosen.some((n) => stores(n, segment))) continue;
      const at = spares.findIndex((n) => !failed.has(n.url) && stores(n, segment));
      if (at < 0) continue;
      chosen.push(spares.splice(at, 1)[0]!);
    }
    const unplaced = [...missing].filter((s) => !chosen.some((n) => stores(n, s)));
    if (unplaced.length > 0) {
      const cause = [...failed.values()].at(-1);
      throw new SegmentUploadError({ root: merkle.root, txHash: p.txHash, txSeq, segments: unplaced.sort((a, b) => a - b), cause });
    }
    // A spare may not have synced the submission yet; one that is down is passed over.
    const synced = await syncNodes(chosen, txSeq, { timeout: p.syncTimeout, signal: p.signal });
    active = [];
    for (const { node, info } of synced) {
      if (info) {
        active.push(node);
        if (info.finalized) finalized.add(node.url);
      } else {
        failed.set(node.url, new Error(`${node.url} is down or did not sync the submission`));
        orphans.push(...[...missing].filter((s) => stores(node, s)));
      }
    }
    round = active.map(tasksFor);
    roundNodes = active;
  }
  return holders;
}
