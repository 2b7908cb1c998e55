import { flowAbi } from "@0g/contracts";
import { loadKeccak, rootFromSubmissionNodes, streamIdsFromTags } from "@0g/storage";
import { decodeEventLog, encodeEventTopics, hexToBytes, keccak256, type Address, type Hex } from "viem";
import type { ChainBackend } from "../chain/backend.js";
import { ProviderRpcError } from "../chain/rpc-error.js";
import type { StoredTx } from "./node.js";

const submitTopic = encodeEventTopics({ abi: flowAbi, eventName: "Submit" })[0] as Hex;

/** The three bits of a 2048-bit logs bloom that `value` (an address or a topic) sets, as [byte, mask]. */
export function bloomBits(value: Hex): (readonly [number, number])[] {
  const hash = hexToBytes(keccak256(value));
  return [0, 2, 4].map((i) => {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 2047;
    return [255 - (bit >> 3), 1 << (bit & 7)] as const;
  });
}

/** Whether a block's logs bloom may hold a log with all of these bits (false means it certainly does not). */
export function bloomMayContain(logsBloom: Hex | undefined, bits: readonly (readonly [number, number])[]): boolean {
  if (logsBloom === undefined || logsBloom.length !== 2 + 512) return true;
  return bits.every(([byte, mask]) => (Number.parseInt(logsBloom.slice(2 + byte * 2, 4 + byte * 2), 16) & mask) !== 0);
}

type RawLog = { data: Hex; topics: [Hex, ...Hex[]]; blockNumber: Hex; blockHash: Hex; transactionHash: Hex; removed?: boolean };

/**
 * A Flow submission as the follower records it: what a storage node keeps, plus what a KV node
 * needs (`KVTransaction`): the submission's tags and, for KV transactions (tags naming streams),
 * the account that signed the `submit` transaction. 0G's KV node authorises writers by `tx.from`,
 * not by the caller-chosen `submission.submitter` of the event (0g-storage-kv PR #71).
 */
export type FollowedTx = StoredTx & {
  /** The submission's tags (`0x` when none). */
  readonly tags: Hex;
  /** The sender (`tx.from`) of the `submit` transaction; set only when the tags carry stream ids. */
  readonly from?: Address;
};

/** Where the follower stands, frozen at a snapshot. */
export type FollowerSnapshot = { readonly block: number; readonly blockHash: Hex; readonly count: number };

/**
 * Follows Flow's `Submit` events on the chain, as 0G's log-entry sync does, and keeps every
 * submission as the transaction a node stores (`submission_event_to_transaction`), in `txSeq`
 * order. One follower serves all nodes: each node applies the submissions it has not seen yet
 * (a stopped node catches up when it restarts). `sync()` is cheap when no block was mined, so it
 * runs on a short timer and right after every call that can mine.
 */
export class FlowFollower {
  readonly #chain: ChainBackend;
  readonly #flow: Address;
  readonly #onSync: () => void;
  /** Every submission seen, index = txSeq. */
  readonly txs: FollowedTx[] = [];
  block = 0;
  blockHash: Hex = `0x${"00".repeat(32)}`;
  #running: Promise<void> | undefined;
  #again = false;
  /** Bumped by `restore()`: a sync that started before it drops what it read. */
  #epoch = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The bloom bits of a Flow `Submit` log: most blocks lack them, and then need no eth_getLogs. */
  readonly #submitBits: (readonly [number, number])[];

  constructor({ chain, flow, onSync }: { chain: ChainBackend; flow: Address; onSync: () => void }) {
    this.#chain = chain;
    this.#flow = flow;
    this.#onSync = onSync;
    this.#submitBits = [...bloomBits(flow), ...bloomBits(submitTopic)];
  }

  start(intervalMs: number): void {
    this.#timer ??= setInterval(() => void this.sync().catch(() => {}), intervalMs);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reads new blocks' `Submit` events; concurrent calls share one run (plus one more if asked meanwhile). */
  sync(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#syncOnce();
        } while (this.#again);
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  async #syncOnce(): Promise<void> {
    const epoch = this.#epoch;
    // One call per new block in the common case (a mined transaction): the head block's number, hash
    // and bloom; eth_getLogs only when the range spans several blocks or the bloom may hold a Submit.
    const latest = (await this.#call("eth_getBlockByNumber", ["latest", false])) as { number: Hex; hash: Hex; logsBloom?: Hex } | null;
    if (!latest) return;
    const head = Number(latest.number);
    if (epoch !== this.#epoch || head <= this.block) return;
    const from = this.block + 1;
    const logs =
      from === head && !bloomMayContain(latest.logsBloom, this.#submitBits)
        ? []
        : ((await this.#call("eth_getLogs", [
            { address: this.#flow, topics: [submitTopic], fromBlock: `0x${from.toString(16)}`, toBlock: `0x${head.toString(16)}` },
          ])) as RawLog[]);
    const keccak = await loadKeccak();
    if (epoch !== this.#epoch || from !== this.block + 1) return;
    const decoded = logs
      .filter((log) => !log.removed)
      .map((log) => ({ log, args: decodeEventLog({ abi: flowAbi, eventName: "Submit", data: log.data, topics: log.topics }).args }));
    // KV transactions: their sender is the transaction's `from` (fetched for tagged submissions only).
    const senders = await Promise.all(
      decoded.map(({ log, args }) => (streamIdsFromTags(args.submission.tags).length > 0 ? this.#sender(log.transactionHash) : undefined)),
    );
    if (epoch !== this.#epoch || from !== this.block + 1) return;
    decoded.forEach(({ log, args }, i) => {
      const seq = Number(args.submissionIndex);
      if (seq !== this.txs.length) return; // txSeq order: never a gap, never a repeat
      const nodes = args.submission.nodes;
      const sender = senders[i];
      this.txs.push({
        seq,
        root: rootFromSubmissionNodes(keccak, nodes),
        size: Number(args.submission.length),
        startEntryIndex: Number(args.startPos),
        merkleNodes: nodes.map((n) => [Number(n.height) + 1, n.root.toLowerCase() as Hex] as const),
        blockNumber: Number(log.blockNumber),
        tags: args.submission.tags.toLowerCase() as Hex,
        ...(sender === undefined ? {} : { from: sender }),
      });
    });
    this.block = head;
    this.blockHash = latest.hash;
    this.#onSync();
  }

  /** `eth_getTransactionByHash(hash).from`, lowercase. */
  async #sender(hash: Hex): Promise<Address> {
    const tx = (await this.#call("eth_getTransactionByHash", [hash])) as { from: Address } | null;
    if (!tx) throw new ProviderRpcError({ code: -32000, message: `transaction ${hash} of a Submit log not found` });
    return tx.from.toLowerCase() as Address;
  }

  async #call(method: string, params: unknown[]): Promise<unknown> {
    const outcome = await this.#chain.call(method, params);
    if (outcome.error) throw new ProviderRpcError(outcome.error);
    return outcome.result;
  }

  snapshot(): FollowerSnapshot {
    return { block: this.block, blockHash: this.blockHash, count: this.txs.length };
  }

  restore(s: FollowerSnapshot): void {
    this.#epoch++;
    this.block = s.block;
    this.blockHash = s.blockHash;
    this.txs.length = Math.min(this.txs.length, s.count);
  }
}
