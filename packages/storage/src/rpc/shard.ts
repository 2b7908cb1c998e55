import { InvalidParameterError } from "@0g/core";
import { segmentChunks } from "../constants.js";
import type { ShardConfig } from "./types.js";

/**
 * Whether a node with `config` stores the segment with this global index:
 * `numShard < 2 || globalSegmentIndex % numShard == shardId` (`ShardConfig::HasSegment`).
 *
 * @example
 * storesSegment({ shardId: 1, numShard: 4 }, 5); // true
 */
export function storesSegment(config: ShardConfig, globalSegmentIndex: number): boolean {
  return config.numShard < 2 || globalSegmentIndex % config.numShard === config.shardId;
}

/**
 * The shard id that stores the segment with this global index among `numShard` shards.
 *
 * @example
 * shardOf({ numShard: 4 }, 6); // 2
 */
export function shardOf(config: Pick<ShardConfig, "numShard">, globalSegmentIndex: number): number {
  return config.numShard < 2 ? 0 : globalSegmentIndex % config.numShard;
}

/** Whether a shard config is one a node can have: `numShard` a power of two, `shardId < numShard`. */
export function isValidShardConfig(config: ShardConfig): boolean {
  const { shardId, numShard } = config;
  return (
    Number.isSafeInteger(numShard) &&
    Number.isSafeInteger(shardId) &&
    numShard > 0 &&
    (numShard & (numShard - 1)) === 0 &&
    shardId >= 0 &&
    shardId < numShard
  );
}

/**
 * The first global segment index `>= start` that the shard stores (`ShardConfig::NextSegmentIndex`).
 *
 * @example
 * nextSegmentIndex({ shardId: 3, numShard: 4 }, 5); // 7
 */
export function nextSegmentIndex(config: ShardConfig, start: number): number {
  if (config.numShard < 2) return start;
  return Math.floor((start + config.numShard - 1 - config.shardId) / config.numShard) * config.numShard + config.shardId;
}

/**
 * The global index of a file's segment: `floor(tx.startEntryIndex / 1024) + index`.
 *
 * @example
 * globalSegmentIndex(2048, 1); // 3
 */
export function globalSegmentIndex(startEntryIndex: number, index: number): number {
  return Math.floor(startEntryIndex / segmentChunks) + index;
}

/**
 * How candidates are ordered before selection: `"min"` numShard ascending (0G's upload default),
 * `"max"` descending, `"random"` shuffled (0G's download default), or a number: only nodes with
 * exactly that many shards.
 */
export type SelectNodesOrder = "min" | "max" | "random" | number;

export type SelectNodesResult<node> = { ok: true; nodes: node[] } | { ok: false; nodes: [] };

type ShardTree = { numShard: number; replica: number; lazy: number; children: [ShardTree, ShardTree] | null };

function insert(tree: ShardTree, numShard: number, shardId: number, expectedReplica: number): boolean {
  if (tree.replica >= expectedReplica) return false;
  if (tree.numShard === numShard) {
    tree.replica += 1;
    tree.lazy += 1;
    return true;
  }
  if (tree.children === null) {
    const child = (): ShardTree => ({ numShard: tree.numShard * 2, replica: 0, lazy: 0, children: null });
    tree.children = [child(), child()];
  }
  for (const child of tree.children) {
    child.replica += tree.lazy;
    child.lazy += tree.lazy;
  }
  tree.lazy = 0;
  const inserted = insert(tree.children[shardId % 2]!, numShard, Math.floor(shardId / 2), expectedReplica);
  tree.replica = Math.min(tree.children[0].replica, tree.children[1].replica);
  return inserted;
}

/**
 * Picks nodes so that every segment is stored `expectedReplica` times, 0G's segment-tree coverage
 * algorithm (`shard.Select` in the Go client, `selectNodes` in the TS SDK): candidates are taken in
 * `order` and kept only when they add coverage. Never mutates `nodes`.
 *
 * @example
 * const { ok, nodes: chosen } = selectNodes(shardedNodes.trusted ?? [], 1, "min");
 * if (!ok) throw new NodeSelectionError({ expectedReplica: 1, candidates: shardedNodes.trusted?.length ?? 0 });
 */
export function selectNodes<node extends { config: ShardConfig }>(
  nodes: readonly node[],
  expectedReplica: number,
  order: SelectNodesOrder = "min",
  random: () => number = Math.random,
): SelectNodesResult<node> {
  if (!Number.isSafeInteger(expectedReplica) || expectedReplica < 0)
    throw new InvalidParameterError({ name: "expectedReplica", value: expectedReplica, expected: "a non-negative integer" });
  if (expectedReplica === 0) return { ok: true, nodes: [] };
  let candidates = [...nodes];
  if (order === "random") {
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
  } else if (order === "min" || order === "max") {
    const sign = order === "min" ? 1 : -1;
    candidates.sort((a, b) =>
      a.config.numShard === b.config.numShard
        ? a.config.shardId - b.config.shardId
        : sign * (a.config.numShard - b.config.numShard),
    );
  } else {
    candidates = candidates.filter((n) => n.config.numShard === order);
  }
  const root: ShardTree = { numShard: 1, replica: 0, lazy: 0, children: null };
  const selected: node[] = [];
  for (const node of candidates) {
    if (!isValidShardConfig(node.config)) continue;
    if (insert(root, node.config.numShard, node.config.shardId, expectedReplica)) selected.push(node);
    if (root.replica >= expectedReplica) return { ok: true, nodes: selected };
  }
  return { ok: false, nodes: [] };
}
