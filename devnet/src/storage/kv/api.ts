import type { KvRpcSchema, ReplayProgress } from "@0g/storage";
import type { Hex } from "viem";
import { ProviderRpcError } from "../../chain/rpc-error.js";
import { KvNodeDisabledError, KvNodeStoppedError, KvWaitTimeoutError } from "../../errors.js";
import { plainResult } from "../../server/jsonrpc.js";
import type { KvNode } from "./node.js";

type KvMethod = KvRpcSchema[number];

export type WaitForKvTransactionOptions = {
  /** Milliseconds before giving up with `KvWaitTimeoutError`. @default 10_000 */
  timeout?: number;
};

/**
 * The devnet's KV node (0G Storage KV): it replays the KV transactions among the Flow submissions
 * (files whose tags name streams) and serves 0G's `kv_*` JSON-RPC at `url`.
 */
export type DevnetKv = {
  /** False with `storage: { kv: false }` (or `storage: false`); every method then throws `KvNodeDisabledError`. */
  readonly enabled: boolean;
  /** Its JSON-RPC URL on the first served HTTP server (`<rpc>/storage/kv`); throws `DevnetNotServedError` before `serve()`. */
  readonly url: string;
  /** Its path on every served HTTP server. */
  readonly path: string;
  /** False after `stop()`. */
  readonly running: boolean;
  /**
   * Calls the node in-process, as over HTTP (`kv_*` methods, typed by `KvRpcSchema`); errors are
   * `ProviderRpcError`s with the node's code. Throws `KvNodeStoppedError` while it is stopped.
   *
   * @example
   * const value = await devnet.storage.kv.request({ method: "kv_getValue", params: [streamId, keyBase64, 0, 1024] });
   */
  request<method extends KvMethod["Method"]>(args: {
    method: method;
    params?: Extract<KvMethod, { Method: method }>["Parameters"];
  }): Promise<Extract<KvMethod, { Method: method }>["ReturnType"]>;
  /** How far it has replayed: `appliedSeq` is the next tx seq to replay (`kv_getReplayProgress`). */
  replayProgress(): ReplayProgress;
  /** The streams it holds: the `streams` option, or else every stream it has replayed a tx of (ascending). */
  holdingStreamIds(): Hex[];
  /**
   * Waits until the node has replayed Flow submission `txSeq` and resolves to its result
   * (`"Commit"`, `"VersionConfliction"`, ...), or null when the node skipped it (not a KV
   * transaction, or of a stream it does not hold).
   *
   * @example
   * const { txSeq } = await upload(walletClient, { data: encodeStreamData(batch), tags: streamTags([streamId]) });
   * expect(await devnet.storage.kv.waitForTransaction(txSeq)).toBe("Commit");
   */
  waitForTransaction(txSeq: number | bigint, options?: WaitForKvTransactionOptions): Promise<string | null>;
  /** Stops the node: its endpoint drops connections and it stops replaying; it keeps its state. */
  stop(): void;
  /** Restarts a stopped node; it catches up with the chain at once. */
  start(): void;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `devnet.storage.kv` backed by a running {@link KvNode}. */
export function createKvApi({
  node,
  path,
  url,
  live,
  sync,
}: {
  node: KvNode;
  path: string;
  /** The URL on the first served server; throws before `serve()`. */
  url: () => string;
  /** Throws `DevnetStoppedError` after the devnet stopped. */
  live: (method: string) => void;
  /** Reads new blocks now (the follower). */
  sync: () => Promise<void>;
}): DevnetKv {
  return {
    enabled: true,
    get url() {
      return url();
    },
    path,
    get running() {
      return node.running;
    },
    async request({ method, params }) {
      live("kv.request");
      if (!node.running) throw new KvNodeStoppedError();
      const outcome = node.call(method, params);
      if (outcome.error) throw new ProviderRpcError(outcome.error);
      return plainResult(outcome.result) as never;
    },
    replayProgress: () => ({ appliedSeq: node.store.progress, firstTxSeq: null }),
    holdingStreamIds: () => node.holdingStreamIds(),
    async waitForTransaction(txSeq, { timeout = 10_000 } = {}) {
      live("kv.waitForTransaction");
      const seq = Number(txSeq);
      const deadline = Date.now() + timeout;
      for (;;) {
        if (node.store.progress > seq) return node.store.result(seq) ?? null;
        if (Date.now() >= deadline) {
          throw new KvWaitTimeoutError({
            txSeq: seq,
            timeout,
            details: node.running
              ? `The KV node has replayed up to tx ${node.store.progress - 1}; tx ${node.store.progress} waits (for its submission to be mined, or for its data on the storage nodes).`
              : "The KV node is stopped: restart it with devnet.storage.kv.start().",
          });
        }
        await sync().catch(() => {});
        node.replayer.wake();
        await sleep(10);
      }
    },
    stop() {
      live("kv.stop");
      node.replayer.stop();
    },
    start() {
      live("kv.start");
      node.replayer.start();
    },
  };
}

/** `devnet.storage.kv` of a devnet without a KV node. */
export function disabledKv(): DevnetKv {
  const off = (method: string) => () => {
    throw new KvNodeDisabledError({ method });
  };
  return {
    enabled: false,
    get url(): string {
      throw new KvNodeDisabledError({ method: "url" });
    },
    path: "",
    running: false,
    request: (() => Promise.reject(new KvNodeDisabledError({ method: "request" }))) as DevnetKv["request"],
    replayProgress: off("replayProgress"),
    holdingStreamIds: off("holdingStreamIds"),
    waitForTransaction: () => Promise.reject(new KvNodeDisabledError({ method: "waitForTransaction" })),
    stop: off("stop"),
    start: off("start"),
  };
}
