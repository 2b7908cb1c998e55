import { flowAbi, mineAbi } from "@0g/contracts";
import { chunkCount, chunkSize, merkleLevels, proofFor, segmentChunks, segmentLeaves, type Keccak } from "@0g/storage";
import {
  bytesToHex,
  decodeErrorResult,
  decodeEventLog,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  hexToBytes,
  numberToHex,
  type Address,
  type Hex,
} from "viem";
import type { ChainBackend } from "../chain/backend.js";
import { ProviderRpcError } from "../chain/rpc-error.js";
import type { FlowFollower } from "./follower.js";
import { FlowTree, flowNodesOf, type FlowNode } from "./flow-tree.js";
import { flipBytes, type NodeHandle } from "./handle.js";
import type { StoredTx } from "./node.js";

/** The Mine's custom error name (with its arguments) from a reverted eth_call. */
function revertReason(error: { message: string; data?: unknown }): string {
  const data = typeof error.data === "string" ? error.data : (error.data as { data?: unknown } | undefined)?.data;
  if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: mineAbi, data: data as Hex });
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(", ")})`;
    } catch {
      // not one of the Mine's errors
    }
  }
  return error.message;
}

/** `keccak256("")`: the digest of an epoch without a mining context. */
const emptyHash: Hex = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";
/** Nonces a miner tries per epoch before giving up (each is one keccak and a lookup). */
const maxNonces = 4096;
/** Nonces tried between yields to the event loop. */
const noncesPerSlice = 128;
/** What a miner account is funded with when it registers (the stake comes out of it). */
const minerFunding = 1000n * 10n ** 18n;

/** The PoRA miner identity of a node. */
export type NodeMiner = {
  /** The account that registers the miner id and sends answers (impersonated by the devnet). */
  readonly owner: Address;
  /** Where the rewards go. */
  readonly beneficiary: Address;
  /** The miner id, once the node has registered (the first round in which it holds data). */
  readonly id: Hex | undefined;
};

/** What one node did in a mining round. */
export type MiningResult =
  | { node: number; epoch: number; minerId: Hex; recallPosition: number; reward: bigint; txHash: Hex }
  | {
      node: number;
      skipped: "no-context" | "answered" | "no-data" | "no-answer" | "rejected" | "stopped" | "not-automining";
      epoch?: number;
      detail?: string;
    };

type Context = { epoch: bigint; flowRoot: Hex; flowLength: bigint; digest: Hex };
type MinerState = { id: Hex | undefined; lastEpoch: number };
export type MinerSnapshot = { readonly states: readonly MinerState[]; readonly lastRoundHead: number };

export const minerOwnerAddress = (i: number): Address => getAddress(`0x${"0".repeat(32)}5707${i.toString(16).padStart(4, "0")}`);
export const minerBeneficiaryAddress = (i: number): Address => getAddress(`0x${"0".repeat(32)}be0f${i.toString(16).padStart(4, "0")}`);

/**
 * The PoRA miners of the storage nodes. Each epoch in which the chain moved (blocks other than the
 * miners' own), every running node that stores data answers the Mine's challenge from its own
 * segments: it picks nonces until the recall position falls on a sector it holds, then proves that
 * sector up to the context's flow root (the levels inside the segment from its data, those inside
 * the file from the file proof it was uploaded with, those above from the `Submit` events), and
 * sends `Mine.submit`. A node registers its miner id (`requestMinerId`, staking from an
 * impersonated, devnet-funded account) the first time it answers.
 */
export class PoraMiner {
  readonly #chain: ChainBackend;
  readonly #flow: Address;
  readonly #mine: Address;
  readonly #follower: FlowFollower;
  readonly #handles: readonly NodeHandle[];
  readonly #keccak: Keccak;
  readonly #onMined: () => void;
  #states: MinerState[];
  #lastRoundHead: number;
  /** Blocks that hold only miner transactions: they do not start a round by themselves. */
  readonly #minerBlocks = new Set<number>();
  #running: Promise<MiningResult[]> | undefined;
  /** Bumped by `restore()`: a round that was under way writes nothing back after a revert. */
  #generation = 0;

  constructor(args: {
    chain: ChainBackend;
    flow: Address;
    mine: Address;
    follower: FlowFollower;
    handles: readonly NodeHandle[];
    keccak: Keccak;
    onMined: () => void;
  }) {
    this.#chain = args.chain;
    this.#flow = args.flow;
    this.#mine = args.mine;
    this.#follower = args.follower;
    this.#handles = args.handles;
    this.#keccak = args.keccak;
    this.#onMined = args.onMined;
    this.#states = args.handles.map(() => ({ id: undefined, lastEpoch: -1 }));
    this.#lastRoundHead = args.follower.block;
  }

  miner(index: number): NodeMiner {
    return { owner: minerOwnerAddress(index), beneficiary: minerBeneficiaryAddress(index), id: this.#states[index]?.id };
  }

  /** Called after every sync: runs a round if blocks other than the miners' own arrived. */
  onSync(): void {
    const head = this.#follower.block;
    let fresh = head - this.#lastRoundHead > 64;
    for (let b = this.#lastRoundHead + 1; b <= head && !fresh; b++) fresh = !this.#minerBlocks.has(b);
    if (!fresh) return;
    this.#lastRoundHead = head;
    void this.round().catch(() => {});
  }

  /** Runs one mining round now (rounds never overlap; a call during one runs another after it). */
  round(): Promise<MiningResult[]> {
    if (this.#running) return this.#running.then(() => this.round());
    this.#running = this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #round(): Promise<MiningResult[]> {
    // Answers are transactions whose receipts the miners wait for: with interval or manual mining
    // they would sit in the mempool (and a pending registration would be sent again), so miners
    // only work while the chain automines.
    // Nothing to answer without stored data: the usual case of every block before the first upload,
    // decided without asking the chain.
    if (!this.#handles.some((h) => h.running && h.node.holdsData()))
      return this.#handles.map((h) => ({ node: h.node.index, skipped: h.running ? "no-data" : "stopped" }));
    const automine = await this.#chain.call("hardhat_getAutomine", []);
    if (automine.result === false) return this.#handles.map((h) => ({ node: h.node.index, skipped: "not-automining" }));
    const results: MiningResult[] = [];
    for (const handle of this.#handles) results.push(await this.#mineOne(handle));
    return results;
  }

  async #mineOne(handle: NodeHandle): Promise<MiningResult> {
    const index = handle.node.index;
    const generation = this.#generation;
    const state = { ...this.#states[index]! };
    try {
      return await this.#attempt(handle, state);
    } finally {
      if (generation === this.#generation) this.#states[index] = state;
    }
  }

  async #attempt(handle: NodeHandle, state: MinerState): Promise<MiningResult> {
    const index = handle.node.index;
    if (!handle.running) return { node: index, skipped: "stopped" };
    if (!handle.node.holdsData()) return { node: index, skipped: "no-data" };
    let ctx = await this.#context();
    if (!ctx) return { node: index, skipped: "no-context" };
    if (state.lastEpoch >= Number(ctx.epoch)) return { node: index, skipped: "answered", epoch: Number(ctx.epoch) };

    const owner = minerOwnerAddress(index);
    if (state.id === undefined) {
      state.id = await this.#register(index);
      // Registering mined a block, which may have begun a new epoch: answer the context as it is now.
      ctx = await this.#context();
      if (!ctx) return { node: index, skipped: "no-context" };
    }
    const minerId = state.id;
    const epoch = Number(ctx.epoch);
    if (state.lastEpoch >= epoch) return { node: index, skipped: "answered", epoch };
    const target = BigInt(await this.#read(this.#mine, mineAbi, "poraTarget"));
    const answer = await this.#answer(handle, ctx, minerId, target);
    state.lastEpoch = epoch;
    if (!answer) return { node: index, skipped: "no-answer", epoch };

    const data = encodeFunctionData({ abi: mineAbi, functionName: "submit", args: [answer] });
    // Checked first (EDR's eth_call answers reverts as results; eth_estimateGas reports them).
    const check = await this.#chain.call("eth_estimateGas", [{ from: owner, to: this.#mine, data }, "pending"]);
    if (check.error) return { node: index, skipped: "rejected", epoch, detail: revertReason(check.error) };
    const before = await this.#balance(minerBeneficiaryAddress(index));
    const txHash = await this.#send(owner, { to: this.#mine, data, gas: numberToHex((BigInt(check.result as Hex) * 3n) / 2n) });
    const reward = (await this.#balance(minerBeneficiaryAddress(index))) - before;
    return { node: index, epoch, minerId, recallPosition: Number(answer.recallPosition), reward, txHash };
  }

  /** The context the next block will mine against (`makeContextWithResult` as an eth_call). */
  async #context(): Promise<Context | undefined> {
    const data = encodeFunctionData({ abi: flowAbi, functionName: "makeContextWithResult" });
    const reply = await this.#chain.call("eth_call", [{ to: this.#flow, data }, "pending"]);
    if (reply.error) return undefined;
    const ctx = decodeFunctionResult({ abi: flowAbi, functionName: "makeContextWithResult", data: reply.result as Hex }) as Context;
    return ctx.digest === emptyHash || ctx.flowLength <= 1n ? undefined : ctx;
  }

  async #register(index: number): Promise<Hex> {
    const owner = minerOwnerAddress(index);
    await this.#call("hardhat_impersonateAccount", [owner]);
    await this.#call("hardhat_setBalance", [owner, numberToHex(minerFunding)]);
    const stake = BigInt(await this.#read(this.#mine, mineAbi, "minimumStake"));
    const data = encodeFunctionData({ abi: mineAbi, functionName: "requestMinerId", args: [minerBeneficiaryAddress(index), BigInt(index)] });
    const hash = await this.#send(owner, { to: this.#mine, data, value: numberToHex(stake), gas: "0x7a120" });
    const receipt = (await this.#call("eth_getTransactionReceipt", [hash])) as { logs: { address: Hex; data: Hex; topics: [Hex, ...Hex[]] }[] } | null;
    for (const log of receipt?.logs ?? []) {
      if (log.address.toLowerCase() !== this.#mine.toLowerCase()) continue;
      try {
        const event = decodeEventLog({ abi: mineAbi, data: log.data, topics: log.topics });
        if (event.eventName === "NewMinerId") return event.args.minerId;
      } catch {
        // another event of the Mine
      }
    }
    throw new ProviderRpcError({ code: -32603, message: `requestMinerId of node ${index} emitted no NewMinerId` });
  }

  /**
   * Finds a nonce whose recall position is a non-empty sector this node stores, and builds the
   * answer with the sector's proof up to the context's flow root. Undefined if none is found.
   */
  async #answer(handle: NodeHandle, ctx: Context, minerId: Hex, target: bigint) {
    const keccak = this.#keccak;
    // A copy: the search yields to the event loop, and a revert meanwhile may shorten the follower's list.
    const txs = this.#follower.txs.slice();
    const nodes = flowNodesOf(txs);
    const length = Number(ctx.flowLength);
    const tree = new FlowTree(keccak, nodes, length);
    const digest = hexToBytes(ctx.digest);
    const id = hexToBytes(minerId);
    const seed = new Uint8Array(96);
    seed.set(digest, 0);
    seed.set(id, 32);
    const output = new Uint8Array(96 + 256);
    output.set(digest, 0);
    output.set(id, 64);
    for (let n = 0; n < maxNonces; n++) {
      // A search that finds nothing takes about a second: let the devnet serve requests meanwhile.
      if (n > 0 && n % noncesPerSlice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const nonce = hexToBytes(numberToHex(n, { size: 32 }));
      seed.set(nonce, 64);
      const position = Number(BigInt(bytesToHex(keccak.hash(seed))) % ctx.flowLength);
      const node = tree.nodeAt(position);
      if (!node) continue;
      const tx = txs[node.seq]!;
      const sector = this.#sector(handle, tx, position);
      if (!sector || sector.every((b) => b === 0)) continue;
      output.set(nonce, 32);
      output.set(sector, 96);
      if (BigInt(bytesToHex(keccak.hash(output))) > target) continue;
      const merkleProof = this.#proof(handle, tree, node, tx, position);
      if (!merkleProof) continue;
      // A node with corrupted data does not know it: it answers, and the Mine rejects the proof.
      if (!handle.corrupts(tx.root) && !this.#verify(sector, position, merkleProof, ctx.flowRoot)) continue;
      return {
        contextDigest: ctx.digest,
        nonce: bytesToHex(nonce),
        minerId,
        recallPosition: BigInt(position),
        sectorData: bytesToHex(sector),
        merkleProof,
      };
    }
    return undefined;
  }

  /** The 256 bytes at flow `position` of `tx`, if this node stores them (padding sectors: undefined). */
  #sector(handle: NodeHandle, tx: StoredTx, position: number): Uint8Array | undefined {
    const chunk = position - tx.startEntryIndex;
    if (chunk >= chunkCount(tx.size)) return undefined;
    const data = this.#segmentData(handle, tx, Math.floor(chunk / segmentChunks));
    const offset = (chunk % segmentChunks) * chunkSize;
    return data && data.length >= offset + chunkSize ? data.subarray(offset, offset + chunkSize) : undefined;
  }

  /** A stored segment's bytes as the node has them (corrupted ones flipped, as it would serve them). */
  #segmentData(handle: NodeHandle, tx: StoredTx, index: number): Uint8Array | undefined {
    const stored = handle.node.readSegment(tx.seq, index);
    if (!stored) return undefined;
    return handle.corrupts(tx.root) ? flipBytes(stored.data) : stored.data;
  }

  /** Siblings from the sector up to the flow root, bottom-up. */
  #proof(handle: NodeHandle, tree: FlowTree, node: FlowNode, tx: StoredTx, position: number): Hex[] | undefined {
    const keccak = this.#keccak;
    const chunk = position - tx.startEntryIndex;
    const segment = Math.floor(chunk / segmentChunks);
    const stored = handle.node.readSegment(tx.seq, segment);
    const data = this.#segmentData(handle, tx, segment);
    if (!stored || !data) return undefined;
    const inSegment = chunk - segment * segmentChunks;
    const siblings: Hex[] = [];
    if (node.height >= 10) {
      // The segment is a complete subtree of the node: 10 levels from its data, then the levels of
      // the node above the segment from the file proof (inside a node there is no promotion).
      const levels = merkleLevels(keccak, segmentLeaves(keccak, data, segmentChunks));
      siblings.push(...proofFor(levels, inSegment).lemma.slice(1, 11));
      siblings.push(...stored.proof.lemma.slice(1, 1 + node.height - 10));
    } else {
      // The node lies inside the (last) segment: its leaves are a slice of the segment's.
      const offset = node.position - tx.startEntryIndex - segment * segmentChunks;
      const span = 2 ** node.height;
      const leaves = segmentLeaves(keccak, data, offset + span).subarray(offset * 32, (offset + span) * 32);
      if (node.height > 0) siblings.push(...proofFor(merkleLevels(keccak, leaves), inSegment - offset).lemma.slice(1, 1 + node.height));
    }
    for (let level = node.height; level < tree.height; level++) {
      const index = Math.floor(position / 2 ** level);
      siblings.push(bytesToHex(tree.subtree(level, index % 2 === 0 ? index + 1 : index - 1)));
    }
    return siblings;
  }

  /** The fold `Mine` does: from `keccak256(sector)` up to the flow root. */
  #verify(sector: Uint8Array, position: number, proof: readonly Hex[], root: Hex): boolean {
    let node = this.#keccak.hash(sector);
    for (let i = 0; i < proof.length; i++) {
      const sibling = hexToBytes(proof[i]!);
      node = Math.floor(position / 2 ** i) % 2 === 0 ? this.#keccak.hashPair(node, sibling) : this.#keccak.hashPair(sibling, node);
    }
    return bytesToHex(node) === root.toLowerCase();
  }

  async #send(from: Address, tx: { to: Address; data: Hex; value?: Hex; gas: Hex }): Promise<Hex> {
    const hash = (await this.#call("eth_sendTransaction", [{ from, ...tx }])) as Hex;
    const receipt = (await this.#call("eth_getTransactionReceipt", [hash])) as { blockNumber: Hex } | null;
    if (receipt) this.#minerBlocks.add(Number(receipt.blockNumber));
    this.#onMined();
    return hash;
  }

  async #balance(address: Address): Promise<bigint> {
    return BigInt((await this.#call("eth_getBalance", [address, "latest"])) as Hex);
  }

  async #read(address: Address, abi: typeof mineAbi, functionName: "poraTarget" | "minimumStake"): Promise<bigint> {
    const reply = await this.#call("eth_call", [{ to: address, data: encodeFunctionData({ abi, functionName }) }, "latest"]);
    return BigInt(reply as Hex);
  }

  async #call(method: string, params: unknown[]): Promise<unknown> {
    const outcome = await this.#chain.call(method, params);
    if (outcome.error) throw new ProviderRpcError(outcome.error);
    return outcome.result;
  }

  snapshot(): MinerSnapshot {
    return { states: this.#states.map((s) => ({ ...s })), lastRoundHead: this.#lastRoundHead };
  }

  restore(s: MinerSnapshot): void {
    this.#generation++;
    this.#states = s.states.map((x) => ({ ...x }));
    this.#lastRoundHead = s.lastRoundHead;
    for (const b of [...this.#minerBlocks]) if (b > s.lastRoundHead) this.#minerBlocks.delete(b);
  }
}
