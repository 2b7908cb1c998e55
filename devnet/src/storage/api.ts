import type { ZgsRpcSchema } from "@0g/storage";
import type { Hex } from "viem";
import { StorageDisabledError } from "../errors.js";
import { disabledKv, type DevnetKv } from "./kv/api.js";
import type { MiningResult, NodeMiner } from "./miner.js";

type ZgsMethod = ZgsRpcSchema[number];

/** A storage node of the devnet as `devnet.storage.nodes` lists it. */
export type DevnetStorageNode = {
  readonly index: number;
  /** Its JSON-RPC URL on the first served HTTP server (`<rpc>/storage/<index>`); throws `DevnetNotServedError` before `serve()`. */
  readonly url: string;
  /** Its path on every served HTTP server. */
  readonly path: string;
  readonly shardId: number;
  readonly numShard: number;
  /** False after `stopNode(index)`. */
  readonly running: boolean;
  /** Its PoRA miner identity (undefined with `storage: { mining: false }`). */
  readonly miner: NodeMiner | undefined;
};

/** A finalized file: its tx, root, and the running nodes that finalized it (covering every segment). */
export type FinalizedFile = { txSeq: number; root: Hex; nodes: number[] };

export type WaitForFinalizedOptions = {
  /** Milliseconds before giving up with `StorageWaitTimeoutError`. @default 10_000 */
  timeout?: number;
  /** How many copies of every segment the finalizing nodes must hold together. @default 1 */
  replicas?: number;
};

/**
 * The storage layer of a devnet: N storage nodes speaking 0G's `zgs_*` JSON-RPC and an indexer
 * (`indexer_*`), all following Flow on the devnet's chain, with run-time faults.
 */
export type DevnetStorage = {
  /** False when the devnet was created with `storage: false`; every method then throws `StorageDisabledError`. */
  readonly enabled: boolean;
  /** The nodes, in order, with their URLs and shard configs. */
  readonly nodes: readonly DevnetStorageNode[];
  /** The indexer's JSON-RPC URL (`<rpc>/storage/indexer`); throws `DevnetNotServedError` before `serve()`. */
  readonly indexerUrl: string;
  /** Stops node `index`: its endpoint drops connections, it leaves the indexer's lists and stops syncing. */
  stopNode(index: number): void;
  /** Restarts a stopped node with its data; it catches up with the chain at once. */
  startNode(index: number): void;
  /** Node `index` serves the file (every file when `root` is omitted) with one byte of every chunk flipped. */
  corrupt(index: number, root?: Hex): void;
  /** Node `index` answers null to downloads of the file (every file when `root` is omitted), while still listing it. */
  withhold(index: number, root?: Hex): void;
  /** Delays every answer of node `index` by `ms` milliseconds (0 to stop). */
  setLatency(index: number, ms: number): void;
  /**
   * The indexer keeps listing stopped nodes (in `indexer_getShardedNodes`, and in
   * `indexer_getFileLocations` for the files they had), as 0G's indexer does until its next refresh
   * of the node list; `false` lists only running nodes again (the default).
   */
  indexerListsStopped(on?: boolean): void;
  /**
   * Removes the corrupt, withhold and latency faults of node `index`; when omitted, of every node,
   * and the indexer lists only running nodes again.
   */
  clearFaults(index?: number): void;
  /** Calls node `index` in-process, with its faults, as over HTTP; errors are `ProviderRpcError`s with the node's code. */
  request<method extends ZgsMethod["Method"]>(
    index: number,
    args: { method: method; params?: Extract<ZgsMethod, { Method: method }>["Parameters"] },
  ): Promise<Extract<ZgsMethod, { Method: method }>["ReturnType"]>;
  /** Waits until the running nodes that finalized the file (by root or tx seq) hold all of it. */
  waitForFinalized(file: Hex | number | bigint, options?: WaitForFinalizedOptions): Promise<FinalizedFile>;
  /** Makes every running node catch up with the chain's latest block now. */
  sync(): Promise<void>;
  /**
   * Runs a PoRA mining round now: every running node that stores data answers the current epoch's
   * challenge (if it has not yet) and reports what happened. Rounds also run on their own after
   * blocks are mined. Resolves to [] with `mining: false`.
   */
  mineRound(): Promise<MiningResult[]>;
  /**
   * The KV node (0G Storage KV): replays KV transactions and serves the `kv_*` JSON-RPC at
   * `kv.url`. `kv.enabled` is false with `storage: { kv: false }`.
   */
  readonly kv: DevnetKv;
};

/** `devnet.storage` of a devnet created with `storage: false`. */
export function disabledStorage(): DevnetStorage {
  const off = (method: string) => () => {
    throw new StorageDisabledError({ method });
  };
  return {
    enabled: false,
    nodes: [],
    get indexerUrl(): string {
      throw new StorageDisabledError({ method: "indexerUrl" });
    },
    stopNode: off("stopNode"),
    startNode: off("startNode"),
    corrupt: off("corrupt"),
    withhold: off("withhold"),
    setLatency: off("setLatency"),
    indexerListsStopped: off("indexerListsStopped"),
    clearFaults: off("clearFaults"),
    request: (() => Promise.reject(new StorageDisabledError({ method: "request" }))) as DevnetStorage["request"],
    waitForFinalized: () => Promise.reject(new StorageDisabledError({ method: "waitForFinalized" })),
    sync: () => Promise.reject(new StorageDisabledError({ method: "sync" })),
    mineRound: () => Promise.reject(new StorageDisabledError({ method: "mineRound" })),
    kv: disabledKv(),
  };
}
