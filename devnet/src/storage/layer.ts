import { loadKeccak, selectNodes, type ShardConfig } from "@0g/storage";
import type { Address, Hex } from "viem";
import type { ChainBackend, RpcOutcome } from "../chain/backend.js";
import { ProviderRpcError } from "../chain/rpc-error.js";
import {
  DevnetNotServedError,
  DevnetOptionError,
  DevnetStoppedError,
  StorageNodeStoppedError,
  StorageWaitTimeoutError,
  UnknownStorageNodeError,
} from "../errors.js";
import type { HttpRoute } from "../server/http.js";
import { handleJsonRpcBody, plainResult } from "../server/jsonrpc.js";
import type { DevnetStorage, DevnetStorageNode } from "./api.js";
import { FlowFollower, type FollowerSnapshot } from "./follower.js";
import { NodeHandle } from "./handle.js";
import { createIndexer } from "./indexer.js";
import { createKvApi, disabledKv } from "./kv/api.js";
import { fileFromNodes } from "./kv/data.js";
import { KvNode } from "./kv/node.js";
import type { KvStoreSnapshot } from "./kv/store.js";
import { PoraMiner, type MinerSnapshot } from "./miner.js";
import { StorageNode, type NodeSnapshot } from "./node.js";
import { callNode } from "./node-rpc.js";
import type { ResolvedStorageOptions } from "./options.js";

export type StorageLayer = {
  readonly api: DevnetStorage;
  /** Wraps the chain so that snapshots and reverts cover storage, and nodes wake up on every block. */
  wrap(chain: ChainBackend): ChainBackend;
  /** The HTTP routes of the nodes and the indexer, for a server whose origin `origin()` gives. */
  routes(origin: () => string, options?: { maxBatchSize?: number }): HttpRoute[];
  endpoints(origin: string): { indexer: string; storageNodes: string[]; kv?: string };
  stop(): void;
};

type LayerSnapshot = { follower: FollowerSnapshot; nodes: NodeSnapshot[]; miner: MinerSnapshot | undefined; kv: KvStoreSnapshot | undefined };

const indexerPath = "/storage/indexer";
const kvPath = "/storage/kv";
const nodePath = (i: number) => `/storage/${i}`;
const batchLimit = (maxBatchSize: number | undefined) => (maxBatchSize === undefined ? {} : { maxBatchSize });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Methods after which a block may have been mined: nodes sync right away. */
/** How long after a mined transaction the follower reads the new blocks. */
const pokeDelayMs = 3;

const miningMethods = new Set([
  "eth_sendRawTransaction",
  "eth_sendTransaction",
  "evm_mine",
  "hardhat_mine",
  "evm_setAutomine",
  "evm_setIntervalMining",
]);

/**
 * Starts the storage layer on a chain where Flow and Mine are deployed: the nodes (state in
 * `node.ts`, JSON-RPC in `node-rpc.ts`), one Flow follower feeding them, peer file sync, the
 * indexer, the PoRA miners, snapshots keyed by the chain's, and the typed `devnet.storage` API.
 */
export async function startStorageLayer({
  chain,
  options,
  chainId,
  flow,
  mine,
  origin,
}: {
  /** The raw chain (not the wrapped one): the layer's own reads must not wake it up. */
  chain: ChainBackend;
  options: ResolvedStorageOptions;
  chainId: number;
  flow: Address;
  mine: Address;
  /** Origin of the first served HTTP server, if any. */
  origin: () => string | undefined;
}): Promise<StorageLayer> {
  const keccak = await loadKeccak();
  const handles: NodeHandle[] = options.shards.map(
    (shard, index) =>
      new NodeHandle(
        new StorageNode({
          index,
          shard,
          chainId,
          flowAddress: flow,
          maxCacheFileSize: options.maxCacheFileSize,
          onFinalized: (seq) => {
            scheduleSync(seq);
            kv?.replayer.wake(); // its data may be complete now
          },
        }),
      ),
  );

  // File sync between peers: when a node finalizes a file, the other running nodes copy the
  // segments of their shard from the nodes that store them (not from withholding ones).
  const pendingSync = new Set<number>();
  let syncQueued = false;
  const scheduleSync = (seq: number) => {
    if (!options.autoSync) return;
    pendingSync.add(seq);
    if (syncQueued) return;
    syncQueued = true;
    queueMicrotask(() => {
      syncQueued = false;
      const seqs = [...pendingSync];
      pendingSync.clear();
      for (const seq of seqs) syncFile(seq);
    });
  };
  const syncFile = (seq: number) => {
    for (const target of handles) {
      if (!target.running || target.node.isFinalized(seq) || !target.node.tx(seq)) continue;
      const root = target.node.tx(seq)!.root;
      const found = target.node.missingSegments(seq).map((i) => {
        for (const peer of handles) {
          if (peer === target || !peer.running || peer.withholds(root)) continue;
          const segment = peer.node.readSegment(seq, i);
          if (segment) return [i, segment] as const;
        }
        return undefined;
      });
      if (found.every((f) => f !== undefined)) for (const [i, segment] of found) target.node.adoptSegment(seq, i, segment);
    }
  };

  const deliver = () => {
    for (const handle of handles) if (handle.running) catchUp(handle);
  };
  const catchUp = (handle: NodeHandle) => {
    const { node } = handle;
    for (let seq = node.nextTxSeq; seq < follower.txs.length; seq++) node.applyTx(follower.txs[seq]!);
    node.setSyncProgress(follower.block, follower.blockHash);
  };
  const follower = new FlowFollower({
    chain,
    flow,
    onSync: () => {
      deliver();
      kv?.replayer.wake();
      if (options.mining === true) miner?.onSync();
    },
  });
  // The KV node replays the follower's submissions with data from the running storage nodes.
  const kv: KvNode | undefined =
    options.kv &&
    new KvNode({ options: options.kv, txs: () => follower.txs, data: (tx) => fileFromNodes(handles, tx), pollInterval: options.syncInterval });
  const poke = () => void follower.sync().catch(() => {});
  // After a mined transaction: one sync for the blocks of the next few milliseconds, not one per
  // block, so a burst of transactions costs the chain a read per burst (storage sees it ms later).
  let pokeTimer: ReturnType<typeof setTimeout> | undefined;
  const pokeSoon = () => {
    if (pokeTimer !== undefined || stopped) return;
    pokeTimer = setTimeout(() => {
      pokeTimer = undefined;
      poke();
    }, pokeDelayMs);
    pokeTimer.unref?.();
  };
  let miner: PoraMiner | undefined;
  await follower.sync();
  if (options.mining) miner = new PoraMiner({ chain, flow, mine, follower, handles, keccak, onMined: poke });
  follower.start(options.syncInterval);

  let stopped = false;
  /** `indexerListsStopped`: the indexer answers for stopped nodes from what they knew when they stopped. */
  let staleIndexer = false;
  const live = (method: string) => {
    if (stopped) throw new DevnetStoppedError({ method: `storage.${method}` });
  };
  const handleAt = (index: number): NodeHandle => {
    const handle = Number.isInteger(index) ? handles[index] : undefined;
    if (!handle) throw new UnknownStorageNodeError({ index, nodes: handles.length });
    return handle;
  };

  /** A call to a node as the network makes it: dead when stopped, delayed by its latency. */
  const callHandle = async (handle: NodeHandle, method: string, params: unknown): Promise<RpcOutcome> => {
    if (!handle.running) throw new StorageNodeStoppedError({ index: handle.node.index });
    if (handle.latency > 0) await sleep(handle.latency);
    if (!handle.running) throw new StorageNodeStoppedError({ index: handle.node.index });
    return callNode(handle, method, params);
  };

  const requireOrigin = () => {
    const o = origin();
    if (o === undefined) throw new DevnetNotServedError();
    return o;
  };

  // Snapshots, keyed by the chain's snapshot ids (EDR's evm_revert drops the id and every later one).
  const snapshots = new Map<bigint, LayerSnapshot>();
  const takeSnapshot = (id: bigint) =>
    snapshots.set(id, {
      follower: follower.snapshot(),
      nodes: handles.map((h) => h.node.snapshot()),
      miner: miner?.snapshot(),
      kv: kv?.snapshot(),
    });
  const revertTo = (id: bigint) => {
    const saved = snapshots.get(id);
    for (const other of [...snapshots.keys()]) if (other >= id) snapshots.delete(other);
    if (!saved) return;
    follower.restore(saved.follower);
    handles.forEach((h, i) => h.node.restore(saved.nodes[i]!));
    if (saved.miner) miner?.restore(saved.miner);
    if (saved.kv) kv?.restore(saved.kv);
    poke();
  };
  const snapshotId = (value: unknown): bigint | undefined => {
    try {
      return typeof value === "string" || typeof value === "number" ? BigInt(value) : undefined;
    } catch {
      return undefined;
    }
  };

  const api: DevnetStorage = {
    enabled: true,
    get nodes() {
      return handles.map((h): DevnetStorageNode => {
        const index = h.node.index;
        return {
          index,
          get url() {
            return `${requireOrigin()}${nodePath(index)}`;
          },
          path: nodePath(index),
          shardId: h.node.shard.shardId,
          numShard: h.node.shard.numShard,
          running: h.running,
          miner: miner?.miner(index),
        };
      });
    },
    get indexerUrl() {
      return `${requireOrigin()}${indexerPath}`;
    },
    stopNode(index) {
      live("stopNode");
      handleAt(index).running = false;
    },
    startNode(index) {
      live("startNode");
      const handle = handleAt(index);
      if (handle.running) return;
      handle.running = true;
      catchUp(handle);
      for (const seq of new Set(handles.flatMap((h) => h.node.finalizedSeqs()))) scheduleSync(seq);
      poke();
    },
    corrupt(index, root) {
      live("corrupt");
      handleAt(index).corrupt(root);
    },
    withhold(index, root) {
      live("withhold");
      handleAt(index).withhold(root);
    },
    setLatency(index, ms) {
      live("setLatency");
      const handle = handleAt(index);
      if (!Number.isFinite(ms) || ms < 0)
        throw new DevnetOptionError({ option: "latency", reason: `Expected a non-negative number of milliseconds, got ${String(ms)}.` });
      handle.latency = ms;
    },
    indexerListsStopped(on = true) {
      live("indexerListsStopped");
      staleIndexer = on;
    },
    clearFaults(index) {
      if (index === undefined) {
        for (const h of handles) h.clearFaults();
        staleIndexer = false;
      } else handleAt(index).clearFaults();
    },
    async request(index, { method, params }) {
      live("request");
      const outcome = await callHandle(handleAt(index), method, params);
      if (outcome.error) throw new ProviderRpcError(outcome.error);
      return plainResult(outcome.result) as never;
    },
    async waitForFinalized(file, { timeout = 10_000, replicas = 1 } = {}) {
      live("waitForFinalized");
      const byRoot = typeof file === "string" ? (file.toLowerCase() as Hex) : undefined;
      const bySeq = typeof file === "string" ? undefined : Number(file);
      const deadline = Date.now() + timeout;
      for (;;) {
        await follower.sync();
        const seqs = byRoot ? follower.txs.filter((tx) => tx.root === byRoot).map((tx) => tx.seq) : [bySeq!];
        for (const seq of seqs) {
          const holding = handles.filter((h) => h.running && h.node.isFinalized(seq));
          const picked = selectNodes(
            holding.map((h) => ({ config: h.node.shard as ShardConfig, index: h.node.index })),
            replicas,
            "min",
          );
          if (picked.ok) return { txSeq: seq, root: follower.txs[seq]!.root, nodes: holding.map((h) => h.node.index) };
        }
        if (Date.now() >= deadline) {
          const known = seqs.filter((s) => s !== undefined && follower.txs[s]);
          throw new StorageWaitTimeoutError({
            file: String(file),
            timeout,
            details:
              known.length === 0
                ? "No Flow submission of this file was seen on the chain."
                : `Finalized on nodes [${handles.filter((h) => known.some((s) => h.node.isFinalized(s))).map((h) => h.node.index).join(", ")}] of ${handles.length}; ${replicas} cover(s) of every segment needed.`,
          });
        }
        await sleep(10);
      }
    },
    async sync() {
      live("sync");
      await follower.sync();
    },
    async mineRound() {
      live("mineRound");
      if (!miner) return [];
      await follower.sync();
      return miner.round();
    },
    kv: kv ? createKvApi({ node: kv, path: kvPath, url: () => `${requireOrigin()}${kvPath}`, live, sync: () => follower.sync() }) : disabledKv(),
  };

  const nodeRoute = (handle: NodeHandle, maxBatchSize: number | undefined): HttpRoute => ({
    path: nodePath(handle.node.index),
    up: () => handle.running,
    bytes: true, // segment uploads: their base64 reaches readBase64 as bytes
    async handle(body) {
      if (handle.latency > 0) await sleep(handle.latency);
      return handleJsonRpcBody(body, (method, params) => callNode(handle, method, params), batchLimit(maxBatchSize));
    },
  });

  const kvRoute = (node: KvNode, maxBatchSize: number | undefined): HttpRoute => ({
    path: kvPath,
    up: () => node.running,
    handle: (body) => handleJsonRpcBody(body, async (method, params) => node.call(method, params), batchLimit(maxBatchSize)),
  });

  return {
    api,
    wrap(inner) {
      return {
        async call(method, params) {
          if (method === "evm_revert") {
            const id = snapshotId(Array.isArray(params) ? params[0] : undefined);
            const outcome = await inner.call(method, params);
            if (outcome.result === true && id !== undefined) revertTo(id);
            return outcome;
          }
          const outcome = await inner.call(method, params);
          if (!outcome.error) {
            if (method === "evm_snapshot") {
              const id = snapshotId(outcome.result);
              if (id !== undefined) takeSnapshot(id);
            } else if (miningMethods.has(method)) pokeSoon();
          }
          return outcome;
        },
      };
    },
    routes(serverOrigin, { maxBatchSize } = {}) {
      const indexer = createIndexer({
        nodes: () => handles.map((h) => ({ index: h.node.index, url: `${serverOrigin()}${nodePath(h.node.index)}` })),
        call: (index, method, params) => {
          const handle = handles[index]!;
          // A stale indexer still has the stopped node's shard config and file list.
          return staleIndexer && !handle.running ? callNode(handle, method, params) : callHandle(handle, method, params);
        },
      });
      return [
        ...handles.map((h) => nodeRoute(h, maxBatchSize)),
        { path: indexerPath, handle: (body) => handleJsonRpcBody(body, indexer, batchLimit(maxBatchSize)) },
        ...(kv ? [kvRoute(kv, maxBatchSize)] : []),
      ];
    },
    endpoints: (o) => ({
      indexer: `${o}${indexerPath}`,
      storageNodes: handles.map((h) => `${o}${nodePath(h.node.index)}`),
      ...(kv ? { kv: `${o}${kvPath}` } : {}),
    }),
    stop() {
      stopped = true;
      clearTimeout(pokeTimer);
      follower.stop();
      kv?.replayer.dispose();
    },
  };
}
