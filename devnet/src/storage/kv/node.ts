import type { Hex } from "viem";
import type { RpcOutcome } from "../../chain/backend.js";
import type { FollowedTx } from "../follower.js";
import { KvReplayer } from "./replayer.js";
import { callKv } from "./rpc.js";
import { KvStore, type KvStoreSnapshot } from "./store.js";

/** `createDevnet({ storage: { kv } })` resolved: the streams held (undefined: every one) and the data timeout. */
export type ResolvedKvOptions = { readonly streams: readonly Hex[] | undefined; readonly downloadTimeout: number };

/**
 * The devnet's KV node (0G Storage KV, `0g-storage-kv`): replays the KV transactions among the
 * Flow submissions into its state and answers the `kv_*` JSON-RPC from it. Configured with
 * `streams` it holds only those (as 0G's node does with `stream_ids`); without, every stream.
 */
export class KvNode {
  readonly store = new KvStore();
  readonly replayer: KvReplayer;
  readonly #streams: ReadonlySet<Hex> | undefined;

  constructor({
    options,
    txs,
    data,
    pollInterval,
  }: {
    options: ResolvedKvOptions;
    txs: () => readonly FollowedTx[];
    data: (tx: FollowedTx) => Uint8Array | undefined;
    pollInterval: number;
  }) {
    this.#streams = options.streams && new Set(options.streams);
    this.replayer = new KvReplayer({
      store: this.store,
      txs,
      data,
      holds: (id) => this.holds(id),
      downloadTimeout: options.downloadTimeout,
      pollInterval,
    });
  }

  /** Whether the node replays the stream (its `stream_set`). */
  holds(streamId: Hex): boolean {
    return this.#streams === undefined || this.#streams.has(streamId);
  }

  /** `kv_getHoldingStreamIds`: the configured streams, or every stream it has replayed a tx of; ascending. */
  holdingStreamIds(): Hex[] {
    return this.#streams ? [...this.#streams].sort() : this.store.seenStreams();
  }

  get running(): boolean {
    return this.replayer.running;
  }

  /** Answers one `kv_*` call (running or not: the caller decides whether the node is reachable). */
  call(method: string, params: unknown): RpcOutcome {
    return callKv(this, method, params);
  }

  snapshot(): KvStoreSnapshot {
    return this.store.snapshot();
  }

  restore(snapshot: KvStoreSnapshot): void {
    this.store.revert(snapshot);
    this.replayer.reset();
  }
}
