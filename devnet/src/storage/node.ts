import {
  chunkCount,
  chunkSize,
  fileLayout,
  globalSegmentIndex,
  segmentChunks,
  storesSegment,
  type FileInfo,
  type ShardConfig,
  type Status,
} from "@0g/storage";
import type { Address, Hex } from "viem";
import { CowMap } from "./cow-map.js";
import type { StorageShardConfig } from "./options.js";
import { callFailed, internalError, invalidParams } from "./rpc-errors.js";
import type { WireProof, WireSegment } from "./rpc-params.js";
import { verifySegment } from "./verify.js";

/** A Flow submission as a node keeps it (`shared_types::Transaction`). */
export type StoredTx = {
  readonly seq: number;
  /** The file's merkle root (`dataMerkleRoot`), folded from the submission nodes. */
  readonly root: Hex;
  /** File size in bytes. */
  readonly size: number;
  /** Flow sector index of the file's first chunk. */
  readonly startEntryIndex: number;
  /** `(height + 1, root)` of each submission node, as the node derives them. */
  readonly merkleNodes: readonly (readonly [number, Hex])[];
  /** Block of the `Submit` event. */
  readonly blockNumber: number;
};

type StoredSegment = { readonly data: Uint8Array; readonly proof: WireProof };
type CachedFile = { readonly fileSize: number; readonly segments: ReadonlyMap<number, StoredSegment> };

/** Everything a node knows, frozen at a snapshot: restoring it is O(1). */
export type NodeSnapshot = {
  readonly txs: ReadonlyMap<number, StoredTx>;
  readonly rootSeqs: ReadonlyMap<Hex, readonly number[]>;
  readonly accepted: ReadonlyMap<string, boolean>;
  readonly written: ReadonlyMap<number, true>;
  readonly boundary: ReadonlyMap<number, number>;
  readonly segments: ReadonlyMap<string, StoredSegment>;
  readonly finalized: ReadonlyMap<number, true>;
  readonly cache: ReadonlyMap<Hex, CachedFile>;
  readonly logSyncHeight: number;
  readonly logSyncBlock: Hex;
};

const zeroHash: Hex = `0x${"00".repeat(32)}`;
const key = (seq: number, index: number) => `${seq}/${index}`;

export type StorageNodeConfig = {
  index: number;
  shard: StorageShardConfig;
  chainId: number;
  flowAddress: Address;
  maxCacheFileSize: number;
  /** Told when a tx becomes finalized here (peers may then sync it). */
  onFinalized?: (seq: number) => void;
};

/**
 * One storage node's state and logic: the transactions it synced from Flow, the segments it stores
 * (only its shard's), its upload cache and finalization, answering as 0G's node does
 * (`node/rpc/src/zgs/impl.rs`, `rpc_helper.rs`, the chunk pool). Segment validation is
 * `@0g/storage`'s. All state lives in copy-on-write maps, so snapshots are O(1).
 */
export class StorageNode {
  readonly index: number;
  readonly shard: StorageShardConfig;
  readonly #config: StorageNodeConfig;

  readonly #txs = new CowMap<number, StoredTx>();
  readonly #rootSeqs = new CowMap<Hex, readonly number[]>();
  /** Segments written for a tx, by `seq/index`: true if stored here, false if outside this node's shard. */
  readonly #accepted = new CowMap<string, boolean>();
  /** Txs with any entry in `#accepted` (so `#hasWrites` is O(1)). */
  readonly #written = new CowMap<number, true>();
  /** The left boundary last computed per tx: it only moves right, so the next walk starts there. */
  readonly #boundary = new CowMap<number, number>();
  readonly #segments = new CowMap<string, StoredSegment>();
  readonly #finalized = new CowMap<number, true>();
  /** Segments uploaded before their tx synced (`ChunkPoolCache`), by root. */
  readonly #cache = new CowMap<Hex, CachedFile>();
  #logSyncHeight = 0;
  #logSyncBlock: Hex = zeroHash;

  constructor(config: StorageNodeConfig) {
    this.#config = config;
    this.index = config.index;
    this.shard = config.shard;
  }

  // ---- chain sync ----------------------------------------------------------------------------

  get nextTxSeq(): number {
    return this.#txs.size;
  }

  /** Applies the next Flow submission (they arrive in `txSeq` order). */
  applyTx(tx: StoredTx): void {
    if (tx.seq !== this.#txs.size) return; // already applied (or a gap, which the follower never produces)
    this.#txs.set(tx.seq, tx);
    const previous = this.#rootSeqs.get(tx.root) ?? [];
    this.#rootSeqs.set(tx.root, [...previous, tx.seq]);

    // Same data already finalized under an earlier tx: copy it over and finalize (`put_tx`).
    const done = previous.find((s) => this.#finalized.has(s));
    if (done !== undefined && this.#copySegments(done, tx.seq)) return;
    // A file with no segment in this node's shard is finalized at once (`LogSyncManager::put_tx`).
    const segments = fileLayout(tx.size).dataSegments;
    let mine = false;
    for (let i = 0; i < segments && !mine; i++) mine = this.holdsSegment(tx, i);
    if (!mine) this.#finalize(tx);
    // Segments uploaded before the tx synced: write them now (`update_file_info`).
    const cached = this.#cache.get(tx.root);
    if (cached) {
      this.#cache.delete(tx.root);
      if (cached.fileSize === tx.size && mine) for (const [index, segment] of cached.segments) this.#write(tx, index, segment);
    }
  }

  setSyncProgress(height: number, hash: Hex): void {
    this.#logSyncHeight = height;
    this.#logSyncBlock = hash;
  }

  // ---- reads ---------------------------------------------------------------------------------

  status(): Status {
    return {
      connectedPeers: 0,
      logSyncHeight: this.#logSyncHeight,
      logSyncBlock: this.#logSyncBlock,
      nextTxSeq: this.nextTxSeq,
      networkIdentity: {
        chainId: this.#config.chainId,
        flowAddress: this.#config.flowAddress.toLowerCase() as Address,
        p2pProtocolVersion: { major: 0, minor: 4, build: 0 },
      },
    };
  }

  shardConfig(): ShardConfig {
    return { shardId: this.shard.shardId, numShard: this.shard.numShard };
  }

  tx(seq: number): StoredTx | undefined {
    return this.#txs.get(seq);
  }

  isFinalized(seq: number): boolean {
    return this.#finalized.has(seq);
  }

  /**
   * `get_tx_seq_by_data_root`: the first finalized tx of the root, else the first one. (0G's
   * `need_available` skips pruned txs; devnet nodes never prune, so both answers agree.)
   */
  seqByRoot(root: Hex): number | undefined {
    const seqs = this.#rootSeqs.get(root);
    if (!seqs || seqs.length === 0) return undefined;
    return seqs.find((s) => this.#finalized.has(s)) ?? seqs[0];
  }

  /** Every synced tx, in `txSeq` order. */
  txs(): StoredTx[] {
    return Array.from({ length: this.#txs.size }, (_, seq) => this.#txs.get(seq)!);
  }

  /** Whether this node stores any segment at all. */
  holdsData(): boolean {
    return this.#segments.size > 0;
  }

  /** Every tx seq this node holds the whole shard of (finalized). */
  finalizedSeqs(): number[] {
    return [...this.#finalized.keys()].sort((a, b) => a - b);
  }

  fileInfo(seq: number): FileInfo | null {
    const tx = this.#txs.get(seq);
    if (!tx) return null;
    const finalized = this.#finalized.has(seq);
    const cached = this.#cache.get(tx.root);
    let uploadedSegNum = 0;
    let isCached = false;
    if (cached) {
      uploadedSegNum = cached.segments.size;
      isCached = true;
    } else if (finalized) uploadedSegNum = fileLayout(tx.size).dataSegments;
    else if (this.#hasWrites(tx)) uploadedSegNum = this.#leftBoundary(tx);
    return {
      tx: {
        streamIds: [],
        data: [],
        dataMerkleRoot: tx.root,
        merkleNodes: tx.merkleNodes.map(([depth, root]) => [depth, root]),
        startEntryIndex: tx.startEntryIndex,
        size: tx.size,
        seq: tx.seq,
      },
      finalized,
      isCached,
      uploadedSegNum,
      pruned: false,
    };
  }

  /**
   * `get_chunks_by_tx_and_index_range`: chunks `[start, end)` of the file (indices relative to it),
   * or null when this node does not hold all of them.
   */
  readChunks(seq: number, start: number, end: number): Uint8Array | null {
    const tx = this.#txs.get(seq);
    if (!tx) return null;
    if (end > chunkCount(tx.size)) throw callFailed(`end entry index exceeds tx size: end=${start} tx size=${tx.size}`);
    const out = new Uint8Array((end - start) * chunkSize);
    let chunk = start;
    while (chunk < end) {
      const index = Math.floor(chunk / segmentChunks);
      const segment = this.#segments.get(key(seq, index));
      if (!segment) return null;
      const from = chunk - index * segmentChunks;
      const to = Math.min(end - index * segmentChunks, segment.data.length / chunkSize);
      if (to <= from) return null;
      out.set(segment.data.subarray(from * chunkSize, to * chunkSize), (chunk - start) * chunkSize);
      chunk += to - from;
    }
    return out;
  }

  /** The stored segment `index` of tx `seq` with its file proof, or null. */
  readSegment(seq: number, index: number): { tx: StoredTx; data: Uint8Array; proof: WireProof } | null {
    const tx = this.#txs.get(seq);
    const segment = this.#segments.get(key(seq, index));
    if (!tx || !segment) return null;
    return { tx, data: segment.data, proof: segment.proof };
  }

  /** Whether this node stores segment `index` of `tx` (by the sharding rule). */
  holdsSegment(tx: StoredTx, index: number): boolean {
    return storesSegment(this.shard, globalSegmentIndex(tx.startEntryIndex, index));
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * `put_segment_with_maybe_tx`: checks, validates with `@0g/storage` and then caches or writes a
   * segment. `maybeTx` is the tx the segment is for (by seq or by root), undefined if not synced.
   * With `skipDuplicates` (`zgs_uploadSegmentsByTxSeq`) a segment already written is skipped.
   */
  async putSegment(segment: WireSegment, maybeTx: StoredTx | undefined, skipDuplicates: boolean): Promise<void> {
    if (segment.data.length === 0) throw callFailed("data is empty");
    if (segment.data.length % chunkSize !== 0) throw callFailed("invalid data length");
    if (maybeTx && maybeTx.root !== segment.root) throw internalError("data root and tx seq not match");

    let needCache = this.#cache.has(segment.root);
    if (!needCache) {
      if (maybeTx) {
        if (maybeTx.size !== segment.fileSize)
          throw invalidParams("file_size", "segment file size not matched with tx file size");
        if (this.#finalized.has(maybeTx.seq)) throw invalidParams("root", "already uploaded and finalized");
      } else {
        if (segment.fileSize > this.#config.maxCacheFileSize)
          throw invalidParams("file_size", "caching of large file when tx is unavailable is not supported");
        needCache = true;
      }
    }

    await verifySegment(segment);

    // Validation awaited: re-read the state, which may have moved on meanwhile.
    const stored: StoredSegment = { data: segment.data, proof: segment.proof };
    const tx = maybeTx ? this.#txs.get(maybeTx.seq) : this.#txByRoot(segment.root);
    if (needCache && !tx) {
      const file = this.#cache.get(segment.root) ?? { fileSize: segment.fileSize, segments: new Map() };
      if (file.segments.has(segment.index)) return;
      this.#cache.set(segment.root, { fileSize: file.fileSize, segments: new Map([...file.segments, [segment.index, stored]]) });
      return;
    }
    if (!tx) return;
    if (this.#finalized.has(tx.seq)) {
      if (skipDuplicates) return;
      throw invalidParams("root", "already uploaded and finalized");
    }
    if (this.#isDuplicate(tx, segment.index)) {
      if (skipDuplicates) return;
      throw callFailed("segment has already been uploaded or is being uploaded");
    }
    this.#write(tx, segment.index, stored);
  }

  #txByRoot(root: Hex): StoredTx | undefined {
    const seq = this.seqByRoot(root);
    return seq === undefined ? undefined : this.#txs.get(seq);
  }

  #isDuplicate(tx: StoredTx, index: number): boolean {
    return this.#accepted.has(key(tx.seq, index)) || (this.#hasWrites(tx) && index < this.#leftBoundary(tx));
  }

  #hasWrites(tx: StoredTx): boolean {
    return this.#written.has(tx.seq);
  }

  /** `CtrlWindow.left_boundary`: the first segment of this node's shard not yet written (a file-local index). */
  #leftBoundary(tx: StoredTx): number {
    const { shardId, numShard } = this.shard;
    const n = Math.max(numShard, 1);
    const startSegment = Math.floor(tx.startEntryIndex / segmentChunks);
    let index = this.#boundary.get(tx.seq) ?? (((shardId - startSegment) % n) + n) % n;
    const from = index;
    while (this.#accepted.get(key(tx.seq, index)) === true) index += n;
    if (index !== from) this.#boundary.set(tx.seq, index);
    return index;
  }

  #write(tx: StoredTx, index: number, segment: StoredSegment): void {
    if (this.#accepted.has(key(tx.seq, index))) return;
    const holds = this.holdsSegment(tx, index);
    this.#accepted.set(key(tx.seq, index), holds);
    this.#written.set(tx.seq, true);
    if (holds) this.#segments.set(key(tx.seq, index), segment);
    if (this.#leftBoundary(tx) >= fileLayout(tx.size).dataSegments) this.#finalize(tx);
  }

  /** The segments of tx `seq` this node's shard needs and does not have yet. */
  missingSegments(seq: number): number[] {
    const tx = this.#txs.get(seq);
    if (!tx) return [];
    const missing: number[] = [];
    const segments = fileLayout(tx.size).dataSegments;
    for (let i = 0; i < segments; i++) if (this.holdsSegment(tx, i) && !this.#segments.has(key(seq, i))) missing.push(i);
    return missing;
  }

  /** Stores a segment a peer holds (already validated there), as 0G's file sync does; may finalize. */
  adoptSegment(seq: number, index: number, segment: { data: Uint8Array; proof: WireProof }): void {
    const tx = this.#txs.get(seq);
    if (!tx || this.#finalized.has(seq) || this.#segments.has(key(seq, index))) return;
    this.#accepted.delete(key(seq, index));
    this.#write(tx, index, { data: segment.data, proof: segment.proof });
  }

  /** `finalize_tx_common`: marks the tx finalized and copies its data to the other txs of the same root. */
  #finalize(tx: StoredTx): void {
    this.#finalized.set(tx.seq, true);
    this.#config.onFinalized?.(tx.seq);
    for (const other of this.#rootSeqs.get(tx.root) ?? []) {
      if (other !== tx.seq && !this.#finalized.has(other)) this.#copySegments(tx.seq, other);
    }
  }

  /**
   * `copy_tx_and_finalize`: gives tx `to` the data of finalized tx `from` (same root) and finalizes
   * it, when both start in the same shard position (otherwise this node lacks `to`'s segments).
   */
  #copySegments(from: number, to: number): boolean {
    const source = this.#txs.get(from);
    const target = this.#txs.get(to);
    if (!source || !target) return false;
    const n = Math.max(this.shard.numShard, 1);
    if (Math.floor(source.startEntryIndex / segmentChunks) % n !== Math.floor(target.startEntryIndex / segmentChunks) % n) return false;
    const segments = fileLayout(source.size).dataSegments;
    for (let i = 0; i < segments; i++) {
      const segment = this.#segments.get(key(from, i));
      this.#accepted.set(key(to, i), segment !== undefined);
      if (segment) this.#segments.set(key(to, i), segment);
    }
    if (segments > 0) this.#written.set(to, true);
    this.#finalized.set(to, true);
    this.#config.onFinalized?.(to);
    return true;
  }

  // ---- snapshots -----------------------------------------------------------------------------

  snapshot(): NodeSnapshot {
    return {
      txs: this.#txs.freeze(),
      rootSeqs: this.#rootSeqs.freeze(),
      accepted: this.#accepted.freeze(),
      written: this.#written.freeze(),
      boundary: this.#boundary.freeze(),
      segments: this.#segments.freeze(),
      finalized: this.#finalized.freeze(),
      cache: this.#cache.freeze(),
      logSyncHeight: this.#logSyncHeight,
      logSyncBlock: this.#logSyncBlock,
    };
  }

  restore(s: NodeSnapshot): void {
    this.#txs.thaw(s.txs);
    this.#rootSeqs.thaw(s.rootSeqs);
    this.#accepted.thaw(s.accepted);
    this.#written.thaw(s.written);
    this.#boundary.thaw(s.boundary);
    this.#segments.thaw(s.segments);
    this.#finalized.thaw(s.finalized);
    this.#cache.thaw(s.cache);
    this.#logSyncHeight = s.logSyncHeight;
    this.#logSyncBlock = s.logSyncBlock;
  }
}
