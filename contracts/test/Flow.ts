import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  type Hex,
  encodeAbiParameters,
  encodeErrorResult,
  encodeFunctionData,
  getAbiItem,
  getAddress,
  keccak256,
  parseAbi,
  parseEventLogs,
  toEventSelector,
  toFunctionSelector,
  toHex,
} from "viem";
import { FlowReference, nodeHeights, random, randomBytes, randomHash, zeroHashes } from "./flowReference.js";
import { type SubmissionArg, deployStorage, sectorsOf, submission } from "./storageDeployment.js";

const PRICE = 1_000n;

/** 0G's IFlow (0g-storage-contracts contracts/interfaces/IFlow.sol), written out by hand. */
const zgFlowAbi = parseAbi([
  "struct SubmissionNode { bytes32 root; uint256 height; }",
  "struct SubmissionData { uint256 length; bytes tags; SubmissionNode[] nodes; }",
  "struct Submission { SubmissionData data; address submitter; }",
  "struct MineContext { uint256 epoch; uint256 mineStart; bytes32 flowRoot; uint256 flowLength; bytes32 blockDigest; bytes32 digest; }",
  "struct EpochRange { uint128 start; uint128 end; }",
  "struct EpochRangeWithContextDigest { uint128 start; uint128 end; bytes32 digest; }",
  "event Submit(address indexed sender, bytes32 indexed identity, uint256 submissionIndex, uint256 startPos, uint256 length, SubmissionData submission)",
  "event NewEpoch(address indexed sender, uint256 indexed index, bytes32 startMerkleRoot, uint256 submissionIndex, uint256 flowLength, bytes32 context)",
  "function batchSubmit(Submission[] submissions) payable returns (uint256[] indexes, bytes32[] digests, uint256[] startIndexes, uint256[] lengths)",
  "function blocksPerEpoch() view returns (uint256)",
  "function epoch() view returns (uint256)",
  "function epochStartPosition() view returns (uint256)",
  "function firstBlock() view returns (uint256)",
  "function getContext() view returns (MineContext)",
  "function getEpochRange(bytes32 digest) view returns (EpochRange)",
  "function getFlowRootByTxSeq(uint256 txSeq) view returns (bytes32)",
  "function makeContext()",
  "function makeContextFixedTimes(uint256 cnt)",
  "function makeContextWithResult() returns (MineContext)",
  "function market() view returns (address)",
  "function numSubmissions() view returns (uint256)",
  "function queryContextAtPosition(uint128 targetPosition) returns (EpochRangeWithContextDigest range)",
  "function rootHistory() view returns (address)",
  "function submissionIndex() view returns (uint256)",
  "function submit(Submission submission) payable returns (uint256, bytes32, uint256, uint256)",
  "function tree() view returns (uint256 currentLength, uint256 unstagedHeight)",
]);

/** The ABI shape that matters on the wire: kinds, names, types, indexed flags (not parameter names). */
function wireShape(item: { type: string; name?: string; inputs?: readonly unknown[]; outputs?: readonly unknown[] }) {
  const params = (list: readonly unknown[] | undefined): unknown =>
    (list ?? []).map((param) => {
      const { type, components, indexed } = param as { type: string; components?: readonly unknown[]; indexed?: boolean };
      return { type, indexed: indexed ?? false, components: components === undefined ? undefined : params(components) };
    });
  return { type: item.type, name: item.name, inputs: params(item.inputs), outputs: params(item.outputs) };
}

describe("Flow (viem)", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [, alice, bob] = await viem.getWalletClients();
  if (alice === undefined || bob === undefined) throw new Error("need 3 accounts");

  const deploy = async () => {
    const addresses = await deployStorage(viem, { pricePerSector: PRICE, blocksPerEpoch: 1_000_000n });
    return {
      flow: await viem.getContractAt("Flow", addresses.flow, { client: { public: publicClient, wallet: alice } }),
      market: await viem.getContractAt("Market", addresses.market),
      reward: await viem.getContractAt("Reward", addresses.reward),
    };
  };

  it("has 0G's selectors, event topics and error signatures", async () => {
    const { flow, market } = await deploy();
    const abi = flow.abi;
    const selector = (name: "submit" | "batchSubmit" | "market") => toFunctionSelector(getAbiItem({ abi, name }));
    assert.equal(toFunctionSelector("submit(((uint256,bytes,(bytes32,uint256)[]),address))"), "0xbc8c11f8");
    assert.equal(selector("submit"), "0xbc8c11f8");
    assert.equal(selector("batchSubmit"), "0x49aa3395");
    assert.equal(selector("market"), "0x80f55605");
    assert.equal(toFunctionSelector(getAbiItem({ abi: market.abi, name: "pricePerSector" })), "0x61ec5082");
    assert.equal(
      toEventSelector(getAbiItem({ abi, name: "Submit" })),
      "0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555",
    );
    const newEpoch = toEventSelector(getAbiItem({ abi, name: "NewEpoch" }));
    assert.ok(newEpoch.startsWith("0xbc8a3fd8") && newEpoch.endsWith("e993"), newEpoch);
    assert.equal(
      encodeErrorResult({ abi, errorName: "NotEnoughFee", args: [1n, 2n, 3n] }).slice(0, 10),
      toFunctionSelector("NotEnoughFee(uint256,uint256,uint256)"),
    );
    // What the SDK encodes for a 1-chunk file starts with the new selector.
    const data = encodeFunctionData({
      abi,
      functionName: "submit",
      args: [submission(1, [{ height: 0, root: zeroHashes[0]! }], alice.account.address)],
    });
    assert.equal(data.slice(0, 10), "0xbc8c11f8");
    assert.equal(await flow.read.market(), getAddress(market.address));
    assert.deepEqual(await flow.read.tree(), [1n, 1n]);
    assert.equal(await flow.read.root(), toHex(0n, { size: 32 }));
  });

  it("implements every function and event of 0G's IFlow with the same wire ABI", async () => {
    const { flow } = await deploy();
    for (const item of zgFlowAbi) {
      if (item.type !== "function" && item.type !== "event") continue;
      const ours = flow.abi.find((candidate) => candidate.type === item.type && candidate.name === item.name);
      assert.ok(ours !== undefined, `missing ${item.type} ${item.name}`);
      assert.deepEqual(wireShape(ours), wireShape(item), `${item.type} ${item.name}`);
    }
  });

  it("emits Submit with the submitter, digest and the canonical SubmissionData encoding", async () => {
    const { flow } = await deploy();
    const next = random(7);
    // Tags of every padding case, nodes of 1 to 4 heights.
    const cases: [number, number][] = [
      [200, 0],
      [700_000, 1],
      [5 * 256, 31],
      [17 * 256, 32],
      [4096, 33],
      [1, 64],
      [3 * 256 + 5, 65],
    ];
    let index = 0n;
    for (const [bytes, tagLength] of cases) {
      const tags = toHex(randomBytes(next, tagLength));
      const sub = submission(
        bytes,
        nodeHeights(bytes).map((height) => ({ height, root: randomHash(next) })),
        bob.account.address, // submitted by alice on behalf of bob
        tags,
      );
      const hash = await flow.write.submit([sub], { value: sectorsOf(sub) * PRICE });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      const [log] = parseEventLogs({ abi: flow.abi, logs: receipt.logs, eventName: "Submit" });
      assert.ok(log !== undefined);
      const digest = keccak256(`0x${sub.data.nodes.map((node) => node.root.slice(2)).join("")}`);
      assert.equal(log.args.sender, getAddress(bob.account.address));
      assert.equal(log.args.identity, digest);
      assert.equal(log.args.submissionIndex, index++);
      assert.equal(log.args.length, sectorsOf(sub));
      assert.deepEqual(log.args.submission, sub.data);
      // Byte for byte what Solidity's ABI encoder would emit.
      const expected = encodeAbiParameters(
        [
          { type: "uint256" },
          { type: "uint256" },
          { type: "uint256" },
          {
            type: "tuple",
            components: [
              { name: "length", type: "uint256" },
              { name: "tags", type: "bytes" },
              {
                name: "nodes",
                type: "tuple[]",
                components: [
                  { name: "root", type: "bytes32" },
                  { name: "height", type: "uint256" },
                ],
              },
            ],
          },
        ],
        [log.args.submissionIndex, log.args.startPos, log.args.length, sub.data],
      );
      assert.equal(receipt.logs.find((l) => l.address.toLowerCase() === flow.address.toLowerCase())?.data, expected);
    }
  });

  it("matches an independent TypeScript flow tree over random SDK-shaped submissions and batches", async () => {
    const { flow } = await deploy();
    const next = random(2026);
    const ref = new FlowReference();
    let txSeq = 0n;
    const randomSize = () => {
      const r = next();
      if (r < 0.35) return 1 + Math.floor(next() * 4096); // up to 16 chunks
      if (r < 0.7) return 1 + Math.floor(next() * 300_000); // up to ~1.2 segments
      if (r < 0.9) return 1 + Math.floor(next() * 3_000_000);
      if (r < 0.95) return 256 * 2 ** Math.floor(next() * 12); // exact powers of two
      return 1 + Math.floor(next() * 40_000_000);
    };
    for (let round = 0; round < 60; round++) {
      const count = next() < 0.7 ? 1 : 2 + Math.floor(next() * 4);
      const subs: SubmissionArg[] = [];
      const expected: { start: number; root: Hex }[] = [];
      for (let i = 0; i < count; i++) {
        const bytes = randomSize();
        const nodes = nodeHeights(bytes).map((height) => ({ height, root: randomHash(next) }));
        subs.push(submission(bytes, nodes, alice.account.address));
        const start = ref.submit(nodes);
        expected.push({ start, root: ref.root() });
      }
      const value = subs.reduce((sum, sub) => sum + sectorsOf(sub) * PRICE, 0n);
      const hash =
        count === 1 ? await flow.write.submit([subs[0]!], { value }) : await flow.write.batchSubmit([subs], { value });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      const logs = parseEventLogs({ abi: flow.abi, logs: receipt.logs, eventName: "Submit" });
      assert.equal(logs.length, count);
      for (const [i, log] of logs.entries()) {
        assert.equal(log.args.submissionIndex, txSeq);
        assert.equal(log.args.startPos, BigInt(expected[i]!.start), `start of txSeq ${txSeq}`);
        assert.equal(await flow.read.getFlowRootByTxSeq([txSeq]), expected[i]!.root, `root after txSeq ${txSeq}`);
        txSeq++;
      }
      assert.equal(await flow.read.root(), ref.root(), `root after round ${round}`);
      assert.deepEqual(await flow.read.tree(), [BigInt(ref.length), BigInt(ref.height + 1)]);
      assert.equal(await flow.read.numSubmissions(), txSeq);
    }
  });

  it("forwards the whole payment (fee and excess) to the reward pool and rejects underpayment", async () => {
    const { flow, reward } = await deploy();
    const sub = submission(700_000, nodeHeights(700_000).map((height) => ({ height, root: randomHash(random(1)) })), alice.account.address);
    const fee = sectorsOf(sub) * PRICE;
    await viem.assertions.revertWithCustomErrorWithArgs(flow.write.submit([sub], { value: fee - 1n }), flow, "NotEnoughFee", [
      PRICE,
      2816n,
      fee - 1n,
    ]);
    await viem.assertions.balancesHaveChanged(flow.write.submit([sub], { value: fee + 5n }), [
      { address: reward.address, amount: fee + 5n },
      { address: flow.address, amount: 0n },
    ]);
    assert.equal(await reward.read.totalFilled(), fee + 5n);
  });
});
