import { flowAbi, marketAbi, mineAbi } from "@0g/contracts";
import { fileMerkle, loadKeccak, segmentBytes, submissionSectors, toSegmentWithProof, toSubmission, type FileMerkle } from "@0g/storage";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet } from "../create-devnet.js";
import { FlowTree, flowNodesOf } from "./flow-tree.js";
import type { MiningResult } from "./miner.js";
import type { StoredTx } from "./node.js";

const bytesOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => ((i * 97 + seed * 5 + (i >> 8)) & 0xff) | 1);

async function store(devnet: Devnet, bytes: Uint8Array): Promise<{ merkle: FileMerkle; txSeq: number }> {
  const merkle = await fileMerkle(bytes);
  const price = await devnet.publicClient.readContract({ address: devnet.contracts.market!, abi: marketAbi, functionName: "pricePerSector" });
  await devnet.walletClient.writeContract({
    address: devnet.contracts.flow!,
    abi: flowAbi,
    functionName: "submit",
    args: [toSubmission(merkle, { submitter: devnet.accounts[0]!.address })],
    value: submissionSectors(merkle.nodes) * price,
  });
  await devnet.storage.sync();
  const txSeq = (await devnet.storage.request(0, { method: "zgs_getStatus" })).nextTxSeq - 1;
  for (const node of devnet.storage.nodes) {
    const segments = Array.from({ length: merkle.dataSegments }, (_, i) => toSegmentWithProof(merkle, i, segmentBytes(bytes, i)));
    await devnet.storage.request(node.index, { method: "zgs_uploadSegmentsByTxSeq", params: [segments, txSeq] }).catch(() => null);
  }
  await devnet.storage.waitForFinalized(txSeq);
  return { merkle, txSeq };
}

const balance = (devnet: Devnet, address: Address) => devnet.publicClient.getBalance({ address });
const rewarded = (r: MiningResult): r is Extract<MiningResult, { reward: bigint }> => "reward" in r;

describe("the flow tree the nodes rebuild from Submit events (zgs_getFlowContext)", () => {
  it("has Flow's root after every submission", async () => {
    const devnet = await createDevnet({ accounts: 1, storage: { mining: false, nodes: 1 } });
    try {
      const keccak = await loadKeccak();
      for (const size of [300, 262_144 * 2 + 5, 5000, 1]) {
        await store(devnet, bytesOf(size, size));
        const txs: StoredTx[] = [];
        const status = await devnet.storage.request(0, { method: "zgs_getStatus" });
        for (let seq = 0; seq < status.nextTxSeq; seq++) {
          const { tx } = (await devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [seq] }))!;
          txs.push({ ...tx, root: tx.dataMerkleRoot, merkleNodes: tx.merkleNodes, blockNumber: 0 });
        }
        const [length] = await devnet.publicClient.readContract({ address: devnet.contracts.flow!, abi: flowAbi, functionName: "tree" });
        const root = await devnet.publicClient.readContract({ address: devnet.contracts.flow!, abi: flowAbi, functionName: "root" });
        expect(new FlowTree(keccak, flowNodesOf(txs), Number(length)).root()).toBe(root);
        expect(await devnet.storage.request(0, { method: "zgs_getFlowContext" })).toEqual([root, Number(length)]);
      }
    } finally {
      await devnet.stop();
    }
  });
});

describe("PoRA mining", () => {
  let devnet: Devnet;
  let file: { merkle: FileMerkle; txSeq: number };
  let holders: number[];
  let others: number[];
  beforeAll(async () => {
    devnet = await createDevnet({ accounts: 1, storage: { mining: "manual", epochBlocks: 20, nodes: 4, replicas: 2 } });
    file = await store(devnet, bytesOf(12_345, 1)); // one segment: one shard group stores it
    const { tx } = (await devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [file.txSeq] }))!;
    const shard = Math.floor(tx.startEntryIndex / 1024) % 2;
    holders = devnet.storage.nodes.filter((n) => n.shardId === shard).map((n) => n.index);
    others = devnet.storage.nodes.filter((n) => n.shardId !== shard).map((n) => n.index);
  });
  afterAll(() => devnet.stop());

  it("rewards the nodes that store the data, at their beneficiaries; the others have nothing to answer with", async () => {
    await devnet.mine(20); // into the next epoch
    const results = await devnet.storage.mineRound();
    for (const i of holders) {
      const result = results[i]!;
      expect(result, JSON.stringify(result, (_, v) => (typeof v === "bigint" ? String(v) : v))).toMatchObject({ node: i, epoch: expect.any(Number) });
      if (!rewarded(result)) throw new Error(`node ${i} did not answer: ${JSON.stringify(result)}`);
      expect(result.reward).toBeGreaterThan(0n);
      const miner = devnet.storage.nodes[i]!.miner!;
      expect(miner.id).toBe(result.minerId);
      expect(await balance(devnet, miner.beneficiary)).toBe(result.reward);
      const [owner, beneficiary, lastRewardedEpoch] = await devnet.publicClient.readContract({
        address: devnet.contracts.mine!,
        abi: mineAbi,
        functionName: "miners",
        args: [result.minerId],
      });
      expect([owner, beneficiary, lastRewardedEpoch]).toEqual([miner.owner, miner.beneficiary, BigInt(result.epoch)]);
    }
    for (const i of others) {
      expect(results[i]).toMatchObject({ node: i, skipped: "no-data" });
      expect(await balance(devnet, devnet.storage.nodes[i]!.miner!.beneficiary)).toBe(0n);
    }
    // Once per epoch (the miners' 4 transactions stay inside this 20-block epoch).
    expect((await devnet.storage.mineRound()).filter(rewarded)).toEqual([]);
  });

  it("answers need the data: a node with corrupted data is rejected by the Mine", async () => {
    const [bad, good] = holders as [number, number];
    devnet.storage.corrupt(bad, file.merkle.root);
    await devnet.mine(20);
    const before = await balance(devnet, devnet.storage.nodes[bad]!.miner!.beneficiary);
    const results = await devnet.storage.mineRound();
    expect(results[bad]).toMatchObject({ skipped: "rejected", detail: "InvalidProof()" });
    expect(await balance(devnet, devnet.storage.nodes[bad]!.miner!.beneficiary)).toBe(before);
    expect(rewarded(results[good]!) && results[good].reward > 0n).toBe(true);
    devnet.storage.clearFaults(bad);
  });

  it("pauses while the chain does not automine", async () => {
    await devnet.setMining({ mode: "manual" });
    await devnet.mine(20);
    expect((await devnet.storage.mineRound()).map((r) => "skipped" in r && r.skipped)).toEqual(Array(4).fill("not-automining"));
    await devnet.setMining({ mode: "auto" });
  });

  it("mining state rolls back with snapshots", async () => {
    const id = await devnet.snapshot();
    await devnet.mine(20);
    expect((await devnet.storage.mineRound()).filter(rewarded)).toHaveLength(2);
    await devnet.revert(id);
    await devnet.mine(20);
    expect((await devnet.storage.mineRound()).filter(rewarded)).toHaveLength(2);
  });

  it("mines by itself as blocks arrive (mining: true)", async () => {
    const auto = await createDevnet({ accounts: 1, storage: { epochBlocks: 3, nodes: 1 } });
    try {
      await store(auto, bytesOf(5000, 2));
      const beneficiary = auto.storage.nodes[0]!.miner!.beneficiary;
      await auto.mine(3);
      const deadline = Date.now() + 3000;
      while ((await balance(auto, beneficiary)) === 0n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await balance(auto, beneficiary)).toBeGreaterThan(0n);
      // The miners' own blocks do not start new rounds: the chain stays put.
      const height = await auto.publicClient.getBlockNumber();
      await new Promise((r) => setTimeout(r, 200));
      expect(await auto.publicClient.getBlockNumber()).toBe(height);
    } finally {
      await auto.stop();
    }
  });
});
