import type { Address, Hex } from "viem";
import { KvAcl, type AclRow } from "./acl.js";
import { Journal } from "./journal.js";
import type { KeyHex } from "./keys.js";
import { KvValues, type KvPair } from "./values.js";

/** A write a committed tx applies: the key and its new value (empty deletes it). */
export type KvCommitWrite = { readonly streamId: Hex; readonly key: KeyHex; readonly value: Uint8Array };

/** What a committed tx changes, all at version = its seq. */
export type KvCommit = {
  readonly writes: readonly KvCommitWrite[];
  readonly acl: readonly Omit<AclRow, "version">[];
};

/** The KV state a replay reads: the permission and version queries of 0G's `Store`. */
export type KvStateReader = {
  /** The next tx seq to replay (`stream_replay_progress`). */
  readonly progress: number;
  latestVersionBefore(streamId: Hex, key: KeyHex, before: number): number;
  isNewStream(streamId: Hex, version: number): boolean;
  isAdmin(account: Address, streamId: Hex, version: number): boolean;
  isSpecialKey(streamId: Hex, key: KeyHex, version: number): boolean;
  isWriterOfKey(account: Address, streamId: Hex, key: KeyHex, version: number): boolean;
  isWriterOfStream(account: Address, streamId: Hex, version: number): boolean;
  canWrite(account: Address, streamId: Hex, version: number): boolean;
  hasWritePermission(account: Address, streamId: Hex, key: KeyHex, version: number): boolean;
};

/** A point in the KV state's history to revert to (O(1) to take). */
export type KvStoreSnapshot = { readonly mark: number };

/**
 * The state of a KV node (`StreamStore`): versioned values, the access-control log, each tx's
 * result, the replay progress and the streams it has seen. Every change goes through the
 * journal, so `snapshot()` is O(1) and `revert()` undoes exactly what happened since.
 */
export class KvStore implements KvStateReader {
  readonly #journal = new Journal();
  readonly values = new KvValues(this.#journal);
  readonly acl = new KvAcl(this.#journal);
  readonly #results = new Map<number, string>();
  readonly #streams = new Set<Hex>();
  #progress = 0;

  get progress(): number {
    return this.#progress;
  }

  /** `kv_getTransactionResult`: undefined before the tx is replayed, and for skipped txs. */
  result(seq: number): string | undefined {
    return this.#results.get(seq);
  }

  /** Every stream named by the tags of a tx this node replayed (skipped ones excluded), ascending. */
  seenStreams(): Hex[] {
    return [...this.#streams].sort();
  }

  /**
   * Moves past tx `seq` without recording anything (not a KV tx, or not in the node's streams).
   * False, and nothing done, unless `seq` is the progress (as the node's conditional update).
   */
  skip(seq: number): boolean {
    return this.#advance(seq);
  }

  /**
   * `put_stream`: records the result of tx `seq` and, for a commit, applies its writes and
   * access-control changes at version `seq`, all at once. False, and nothing done, unless `seq`
   * is the progress ("tx_seq not match").
   */
  put(tx: { seq: number; streamIds: readonly Hex[] }, result: string, commit?: KvCommit): boolean {
    const { seq } = tx;
    if (!this.#advance(seq)) return false;
    if (commit) {
      for (const w of commit.writes) this.values.put(w.streamId, w.key, seq, w.value);
      for (const row of commit.acl) this.acl.add({ ...row, version: seq });
    }
    this.#results.set(seq, result);
    this.#journal.record(() => this.#results.delete(seq));
    for (const id of tx.streamIds) {
      if (this.#streams.has(id)) continue;
      this.#streams.add(id);
      this.#journal.record(() => this.#streams.delete(id));
    }
    return true;
  }

  #advance(seq: number): boolean {
    if (seq !== this.#progress) return false;
    this.#progress = seq + 1;
    this.#journal.record(() => void (this.#progress = seq));
    return true;
  }

  snapshot(): KvStoreSnapshot {
    return { mark: this.#journal.mark };
  }

  revert(snapshot: KvStoreSnapshot): void {
    this.#journal.rollback(snapshot.mark);
  }

  // ---- reads (KvStateReader) ----

  latestVersionBefore(streamId: Hex, key: KeyHex, before: number): number {
    return this.values.latestVersionBefore(streamId, key, before);
  }
  isNewStream(streamId: Hex, version: number): boolean {
    return this.acl.isNewStream(streamId, version);
  }
  isAdmin(account: Address, streamId: Hex, version: number): boolean {
    return this.acl.isAdmin(account, streamId, version);
  }
  isSpecialKey(streamId: Hex, key: KeyHex, version: number): boolean {
    return this.acl.isSpecialKey(streamId, key, version);
  }
  isWriterOfKey(account: Address, streamId: Hex, key: KeyHex, version: number): boolean {
    return this.acl.isWriterOfKey(account, streamId, key, version);
  }
  isWriterOfStream(account: Address, streamId: Hex, version: number): boolean {
    return this.acl.isWriterOfStream(account, streamId, version);
  }
  canWrite(account: Address, streamId: Hex, version: number): boolean {
    return this.acl.canWrite(account, streamId, version);
  }
  hasWritePermission(account: Address, streamId: Hex, key: KeyHex, version: number): boolean {
    return this.acl.hasWritePermission(account, streamId, key, version);
  }

  /** The key's latest write at or before `version`. */
  get(streamId: Hex, key: KeyHex, version: number): KvPair | undefined {
    return this.values.get(streamId, key, version);
  }
}
