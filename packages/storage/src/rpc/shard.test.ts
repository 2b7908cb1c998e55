import { selectNodes as officialSelectNodes } from "@0gfoundation/0g-ts-sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globalSegmentIndex, isValidShardConfig, nextSegmentIndex, selectNodes, shardOf, storesSegment } from "./shard.js";
import type { ShardedNode } from "./types.js";

const node = (shardId: number, numShard: number, url = `http://n${shardId}-${numShard}`): ShardedNode => ({
  url,
  config: { shardId, numShard },
  latency: 1,
  since: 0,
});

describe("sharding", () => {
  it("stores segment i iff i % numShard == shardId (or numShard < 2)", () => {
    expect(storesSegment({ shardId: 1, numShard: 4 }, 5)).toBe(true);
    expect(storesSegment({ shardId: 1, numShard: 4 }, 6)).toBe(false);
    expect(storesSegment({ shardId: 0, numShard: 1 }, 6)).toBe(true);
    expect(shardOf({ numShard: 4 }, 6)).toBe(2);
    expect(shardOf({ numShard: 1 }, 6)).toBe(0);
    expect(globalSegmentIndex(2048, 1)).toBe(3);
    expect(globalSegmentIndex(1, 0)).toBe(0);
  });

  it("nextSegmentIndex", () => {
    expect(nextSegmentIndex({ shardId: 3, numShard: 4 }, 5)).toBe(7);
    expect(nextSegmentIndex({ shardId: 1, numShard: 4 }, 5)).toBe(5);
    expect(nextSegmentIndex({ shardId: 0, numShard: 1 }, 5)).toBe(5);
    for (let s = 0; s < 40; s++) {
      const next = nextSegmentIndex({ shardId: 2, numShard: 8 }, s);
      expect(next >= s && next - s < 8 && storesSegment({ shardId: 2, numShard: 8 }, next)).toBe(true);
    }
  });

  it("validates configs", () => {
    expect(isValidShardConfig({ shardId: 0, numShard: 1 })).toBe(true);
    expect(isValidShardConfig({ shardId: 3, numShard: 4 })).toBe(true);
    expect(isValidShardConfig({ shardId: 4, numShard: 4 })).toBe(false);
    expect(isValidShardConfig({ shardId: 0, numShard: 3 })).toBe(false);
  });
});

describe("selectNodes", () => {
  it("covers every shard expectedReplica times", () => {
    const nodes = [node(0, 2), node(1, 2), node(0, 4), node(2, 4), node(0, 1)];
    expect(selectNodes(nodes, 1).nodes.map((n) => n.config)).toEqual([{ shardId: 0, numShard: 1 }]);
    expect(selectNodes(nodes, 2)).toMatchObject({ ok: true, nodes: [node(0, 1), node(0, 2), node(1, 2)] });
    expect(selectNodes(nodes, 3)).toEqual({ ok: false, nodes: [] });
    expect(selectNodes(nodes, 1, "max").nodes).toEqual([node(0, 4), node(2, 4), node(1, 2)]);
    expect(selectNodes(nodes, 1, 2).nodes).toEqual([node(0, 2), node(1, 2)]);
    expect(selectNodes(nodes, 0)).toEqual({ ok: true, nodes: [] });
    expect(nodes[0]).toEqual(node(0, 2)); // not mutated
  });

  it("agrees with the official SDK on random node sets (min and max)", () => {
    const config = fc.integer({ min: 0, max: 3 }).chain((log) =>
      fc.integer({ min: 0, max: 2 ** log - 1 }).map((shardId) => ({ shardId, numShard: 2 ** log })),
    );
    fc.assert(
      fc.property(fc.array(config, { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom("min" as const, "max" as const), (configs, replica, order) => {
        const nodes = configs.map((c, i) => node(c.shardId, c.numShard, `http://${i}`));
        const ours = selectNodes(nodes, replica, order);
        const [theirs, ok] = officialSelectNodes(nodes, replica, order);
        expect(ours.ok).toBe(ok);
        expect(ours.nodes.map((n) => n.url)).toEqual(theirs.map((n) => n.url));
      }),
      { numRuns: 300 },
    );
  });

  it("shuffles with the given random source", () => {
    const nodes = [node(0, 2), node(1, 2), node(0, 2, "x"), node(1, 2, "y")];
    const { ok, nodes: chosen } = selectNodes(nodes, 1, "random", () => 0);
    expect(ok).toBe(true);
    expect(new Set(chosen.map((n) => n.config.shardId))).toEqual(new Set([0, 1]));
  });
});
