import { isValidShardConfig, segmentSize, selectNodes, type FileInfo, type ShardConfig, type ShardedNode } from "@0g/storage";
import type { RpcOutcome } from "../chain/backend.js";

/** What the indexer needs of the nodes it fronts: their URLs and a way to call them (faults included). */
export type IndexerBackend = {
  /** The trusted nodes, in order. */
  nodes(): readonly { index: number; url: string }[];
  /** Calls a node; rejects when the node is down. */
  call(index: number, method: string, params: unknown[]): Promise<RpcOutcome>;
};

const missingArgument = (i: number): RpcOutcome => ({ error: { code: -32602, message: `missing value for required argument ${i}` } });
const goError = (message: string): RpcOutcome => ({ error: { code: -32000, message } });

/**
 * The `indexer_*` JSON-RPC methods of 0G's indexer (`0g-storage-client/indexer/api.go`), over the
 * devnet's nodes as its trusted list. Errors are go-ethereum's rpc server's: -32000 with the
 * handler's error text, -32602 for arguments, -32601 for unknown methods.
 */
export function createIndexer(backend: IndexerBackend) {
  /** `NodeManager.Trusted()`: every node that answers `zgs_getShardConfig` with a valid config. */
  async function trusted(): Promise<ShardedNode[]> {
    const results = await Promise.all(
      backend.nodes().map(async ({ index, url }) => {
        const start = performance.now();
        const reply = await backend.call(index, "zgs_getShardConfig", []).catch(() => undefined);
        const config = reply?.result as ShardConfig | undefined;
        if (!config || !isValidShardConfig(config)) return undefined;
        return { url, config, latency: Math.round(performance.now() - start), since: 0 } satisfies ShardedNode;
      }),
    );
    return results.filter((n) => n !== undefined);
  }

  /** `IndexerApi.GetFileLocations` with `FileLocationCache.getFileLocation` (no discovery node). */
  async function fileLocations(root: string): Promise<RpcOutcome> {
    const nodes = backend.nodes();
    let txSeq: number | undefined;
    for (const { index } of nodes) {
      const reply = await backend.call(index, "zgs_getFileInfo", [root, true]).catch(() => undefined);
      const info = reply?.result as FileInfo | null | undefined;
      if (!info) continue;
      txSeq = info.tx.seq;
      break;
    }
    if (txSeq === undefined) return goError("file not found");

    const holding: ShardedNode[] = [];
    let segNum = 0;
    for (const { index, url } of nodes) {
      const start = performance.now();
      const reply = await backend.call(index, "zgs_getFileInfoByTxSeq", [txSeq]).catch(() => undefined);
      const info = reply?.result as FileInfo | null | undefined;
      if (info) segNum = Math.ceil(info.tx.size / segmentSize);
      if (!info || !info.finalized) continue;
      const config = (await backend.call(index, "zgs_getShardConfig", []).catch(() => undefined))?.result as ShardConfig | undefined;
      if (!config || !isValidShardConfig(config)) continue;
      holding.push({ url, config, latency: Math.round(performance.now() - start), since: 0 });
    }
    if (holding.length === 0 && segNum === 0) return goError("file info not found");
    // Without a discovery node, a set that does not cover every shard is answered with null.
    return { result: selectNodes(holding, 1, "random").ok ? holding : null };
  }

  return async function dispatch(method: string, params: unknown): Promise<RpcOutcome> {
    const args = Array.isArray(params) ? params : [];
    switch (method) {
      case "indexer_getShardedNodes":
        return { result: { trusted: await trusted(), discovered: [] } };
      case "indexer_getSelectedNodes": {
        for (let i = 0; i < 4; i++) if (args.length <= i) return missingArgument(i);
        const [expectedReplica, order, , dropped] = args as [unknown, unknown, unknown, unknown];
        if (typeof expectedReplica !== "number" || !Number.isInteger(expectedReplica) || expectedReplica < 0)
          return { error: { code: -32602, message: `invalid argument 0: json: cannot unmarshal ${goType(expectedReplica)} into Go value of type uint` } };
        const skip = new Set(Array.isArray(dropped) ? dropped.filter((u): u is string => typeof u === "string") : []);
        const candidates = (await trusted()).filter((n) => !skip.has(n.url));
        const selected = selectNodes(candidates, expectedReplica, order === "max" ? "max" : order === "random" ? "random" : "min");
        if (!selected.ok) return goError("cannot select a subset from the returned nodes that meets the replication requirement");
        return { result: { trusted: selected.nodes, discovered: [] } };
      }
      case "indexer_getNodeLocations":
        return { result: {} };
      case "indexer_getFileLocations": {
        if (args.length < 1) return missingArgument(0);
        if (typeof args[0] !== "string")
          return { error: { code: -32602, message: `invalid argument 0: json: cannot unmarshal ${goType(args[0])} into Go value of type string` } };
        return fileLocations(args[0]);
      }
      default:
        return { error: { code: -32601, message: `the method ${method} does not exist/is not available` } };
    }
  };
}

function goType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "array";
  return "object";
}
