import { streamIdsFromTags } from "@0g/storage";
import type { Hex } from "viem";
import type { FollowedTx } from "../follower.js";
import { zeroAddress } from "./acl.js";
import { applyTransaction, classifyTransaction, replayResults, type StreamFilter } from "./replay.js";
import type { KvStore } from "./store.js";

export type KvReplayerConfig = {
  store: KvStore;
  /** The Flow submissions in tx seq order (the follower's list). */
  txs: () => readonly FollowedTx[];
  /** A tx's file bytes once the storage network has them, else undefined. */
  data: (tx: FollowedTx) => Uint8Array | undefined;
  holds: StreamFilter;
  /** Milliseconds to wait for a tx's data before recording `DownloadFailed`. */
  downloadTimeout: number;
  /** Milliseconds between checks while waiting for data. */
  pollInterval: number;
};

const noData = new Uint8Array();

/**
 * The KV node's replay loop (`StreamReplayer::run`) over the follower's submissions, strictly in
 * tx seq order: untagged txs and txs of streams it does not hold are skipped without a result;
 * a tx to replay waits for its data (blocking the txs after it, as 0G's node does) until the
 * storage nodes have it or `downloadTimeout` has passed since the replayer first wanted it
 * (`DownloadFailed`). It runs whenever woken (new blocks, finalized files) and polls while waiting.
 */
export class KvReplayer {
  readonly #config: KvReplayerConfig;
  #running = true;
  #disposed = false;
  #queued = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The tx whose data the replayer waits for, and since when (wall clock). */
  #waiting: { seq: number; root: Hex; since: number } | undefined;

  constructor(config: KvReplayerConfig) {
    this.#config = config;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Replays what it can, in a microtask (callers may be in the middle of a state change). */
  wake(): void {
    if (this.#queued || !this.#running || this.#disposed) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#run();
    });
  }

  /** Stops replaying (a stopped node): its state stays as it is. */
  stop(): void {
    this.#running = false;
    this.#clearTimer();
  }

  /** Resumes replaying and catches up; a wait for data starts over. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#waiting = undefined;
    this.wake();
  }

  /** After the store was reverted: the tx waited for may be another one now. */
  reset(): void {
    this.#waiting = undefined;
    this.wake();
  }

  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
  }

  #run(): void {
    const { store, holds } = this.#config;
    const txs = this.#config.txs();
    while (this.#running && !this.#disposed && store.progress < txs.length) {
      const tx = txs[store.progress]!;
      const base = { seq: tx.seq, streamIds: streamIdsFromTags(tx.tags), from: tx.from ?? zeroAddress };
      let data: Uint8Array = noData;
      if (classifyTransaction(store, base, holds) === "replay") {
        const found = this.#config.data(tx);
        if (!found) {
          const now = Date.now();
          if (this.#waiting?.seq !== tx.seq || this.#waiting.root !== tx.root) this.#waiting = { seq: tx.seq, root: tx.root, since: now };
          if (now - this.#waiting.since < this.#config.downloadTimeout) return this.#poll();
          this.#waiting = undefined;
          store.put(base, replayResults.downloadFailed);
          continue;
        }
        data = found;
      }
      this.#waiting = undefined;
      applyTransaction(store, { ...base, data }, holds);
    }
  }

  #poll(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.wake();
    }, this.#config.pollInterval);
    this.#timer.unref?.();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
