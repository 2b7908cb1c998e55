import { checkStreamId } from "@0g/storage";
import type { Hex } from "viem";
import { DevnetOptionError } from "../errors.js";
import type { ResolvedKvOptions } from "./kv/node.js";

/** Which segments a storage node keeps: those with `globalSegmentIndex % numShard == shardId`. */
export type StorageShardConfig = { readonly shardId: number; readonly numShard: number };

/** Options of the storage layer (`createDevnet({ storage })`); `storage: false` leaves it out. */
export type StorageOptions = {
  /** How many storage nodes. @default 4 (or `shards.length`) */
  nodes?: number;
  /**
   * The shard config of each node, in node order (its length is the number of nodes). `numShard`
   * is a power of two and `shardId < numShard`, as 0G's `shard_position = "K/N"`.
   * @default (0/1), (0/1), (0/2), (1/2): two full nodes, as 0G's trusted nodes are, and one shard
   * group. 0G's official TS SDK 1.2.8 needs a full node with its default options (its task split
   * drops the last segment when it uploads to two shard groups and the segment count is odd).
   * Giving `nodes` or `replicas` instead splits the nodes into `nodes / replicas` shard groups.
   */
  shards?: readonly StorageShardConfig[];
  /**
   * Copies of every segment when `shards` is not given: node `i` gets `(i % N) / N` with
   * `N = nodes / replicas` rounded down to a power of two. @default 2 (1 for a single node)
   */
  replicas?: number;
  /** `Market.pricePerSector` at start, in wei per 256-byte sector. @default 22_351_741_790n (0G mainnet's initial price: 24 0G/TiB/month for 12 months) */
  pricePerSector?: bigint;
  /** Blocks per Flow/Mine epoch (0G mainnet: 3750). @default 10 */
  epochBlocks?: number;
  /**
   * PoRA mining: every node that stores data answers each epoch's challenge after blocks are mined
   * (`true`), only when `devnet.storage.mineRound()` is called (`"manual"`, no surprise blocks), or
   * never (`false`). Answers are transactions, so with `true` they add blocks. @default true
   */
  mining?: boolean | "manual";
  /**
   * Nodes copy the segments of their shard from peers that finalized a file (0G's file sync), so
   * an upload to one node per shard ends up on every node. `false`: each node holds only what was
   * uploaded to it. @default true
   */
  autoSync?: boolean;
  /** Largest file whose segments a node caches before its Flow submission has synced (0G: 10 MiB). @default 10 MiB */
  maxCacheFileSize?: number;
  /** Milliseconds between chain polls for `Submit` events (nodes are also woken after every block the devnet mines). @default 50 */
  syncInterval?: number;
  /**
   * The KV node (0G Storage KV, `devnet.storage.kv`, served at `<rpc>/storage/kv`): `true` (the
   * default) holds every stream, `false` leaves it out, or an object configures it.
   * @default true
   */
  kv?: boolean | KvOptions;
};

/** Options of the KV node. */
export type KvOptions = {
  /**
   * The streams it holds (0G's `stream_ids`): transactions of other streams are skipped, and reads
   * of other streams in a transaction make it `TagsMismatch`. @default every stream
   */
  streams?: readonly Hex[];
  /**
   * Milliseconds the replayer waits for a transaction's data to be on the storage nodes (blocking
   * the transactions after it, as 0G's node does) before recording `DownloadFailed` and moving on.
   * @default 30_000
   */
  downloadTimeout?: number;
};

export type ResolvedStorageOptions = {
  shards: readonly StorageShardConfig[];
  pricePerSector: bigint;
  epochBlocks: number;
  mining: boolean | "manual";
  autoSync: boolean;
  maxCacheFileSize: number;
  syncInterval: number;
  /** Undefined with `kv: false`. */
  kv: ResolvedKvOptions | undefined;
};

export const defaultPricePerSector = 22_351_741_790n;

const defaultShards: readonly StorageShardConfig[] = [
  { shardId: 0, numShard: 1 },
  { shardId: 0, numShard: 1 },
  { shardId: 0, numShard: 2 },
  { shardId: 1, numShard: 2 },
];

/** Resolves `createDevnet({ storage })`; `undefined` means the default layer, `false` none. */
export function resolveStorageOptions(options: StorageOptions | false | undefined): ResolvedStorageOptions | undefined {
  if (options === false) return undefined;
  if (options !== undefined && (typeof options !== "object" || options === null))
    throw new DevnetOptionError({ option: "storage", reason: "Expected an options object or false." });
  const o = options ?? {};
  const fail = (option: string, reason: string): never => {
    throw new DevnetOptionError({ option: `storage.${option}`, reason });
  };
  const int = (name: string, value: unknown, min: number, max: number): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      fail(name, `Expected an integer from ${min} to ${max}, got ${String(value)}.`);
    return value as number;
  };

  let shards: StorageShardConfig[];
  if (o.shards !== undefined) {
    if (!Array.isArray(o.shards) || o.shards.length === 0) fail("shards", "Expected a non-empty array of { shardId, numShard }.");
    shards = o.shards.map((s: StorageShardConfig, i: number) => {
      const numShard = int(`shards[${i}].numShard`, s?.numShard, 1, 2 ** 20);
      if ((numShard & (numShard - 1)) !== 0) fail(`shards[${i}].numShard`, `Expected a power of two, got ${numShard}.`);
      const shardId = int(`shards[${i}].shardId`, s?.shardId, 0, numShard - 1);
      return { shardId, numShard };
    });
    if (o.nodes !== undefined && o.nodes !== shards.length)
      fail("nodes", `Got ${String(o.nodes)} nodes but ${shards.length} shard configs; give one or make them agree.`);
  } else if (o.nodes === undefined && o.replicas === undefined) {
    shards = [...defaultShards];
  } else {
    const nodes = o.nodes === undefined ? 4 : int("nodes", o.nodes, 1, 64);
    const replicas = o.replicas === undefined ? Math.min(2, nodes) : int("replicas", o.replicas, 1, nodes);
    let numShard = 1;
    while (numShard * 2 <= nodes / replicas) numShard *= 2;
    shards = Array.from({ length: nodes }, (_, i) => ({ shardId: i % numShard, numShard }));
  }

  const pricePerSector = o.pricePerSector ?? defaultPricePerSector;
  if (typeof pricePerSector !== "bigint" || pricePerSector < 0n) fail("pricePerSector", "Expected a non-negative bigint (wei per sector).");
  return {
    shards,
    pricePerSector,
    epochBlocks: o.epochBlocks === undefined ? 10 : int("epochBlocks", o.epochBlocks, 1, 1_000_000),
    mining: o.mining === undefined || o.mining === true ? true : o.mining === false || o.mining === "manual" ? o.mining : fail("mining", 'Expected true, false or "manual".'),
    autoSync: o.autoSync === undefined ? true : o.autoSync === true ? true : o.autoSync === false ? false : fail("autoSync", "Expected a boolean."),
    maxCacheFileSize: o.maxCacheFileSize === undefined ? 10 * 1024 * 1024 : int("maxCacheFileSize", o.maxCacheFileSize, 0, 2 ** 40),
    syncInterval: o.syncInterval === undefined ? 50 : int("syncInterval", o.syncInterval, 1, 60_000),
    kv: resolveKvOptions(o.kv, fail, int),
  };
}

function resolveKvOptions(
  kv: StorageOptions["kv"],
  fail: (option: string, reason: string) => never,
  int: (name: string, value: unknown, min: number, max: number) => number,
): ResolvedKvOptions | undefined {
  if (kv === false) return undefined;
  if (kv === undefined || kv === true) return { streams: undefined, downloadTimeout: 30_000 };
  if (typeof kv !== "object" || kv === null || Array.isArray(kv)) return fail("kv", "Expected a boolean or { streams?, downloadTimeout? }.");
  let streams: Hex[] | undefined;
  if (kv.streams !== undefined) {
    if (!Array.isArray(kv.streams)) return fail("kv.streams", "Expected an array of stream ids (32 bytes of 0x-prefixed hex).");
    streams = kv.streams.map((id: unknown, i: number) => {
      try {
        return checkStreamId(id as string);
      } catch {
        return fail(`kv.streams[${i}]`, `Expected a stream id (32 bytes of 0x-prefixed hex), got ${JSON.stringify(id) ?? String(id)}.`);
      }
    });
  }
  const downloadTimeout = kv.downloadTimeout === undefined ? 30_000 : int("kv.downloadTimeout", kv.downloadTimeout, 0, 86_400_000);
  return { streams: streams && [...new Set(streams)], downloadTimeout };
}
