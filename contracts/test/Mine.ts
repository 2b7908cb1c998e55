import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  type Hex,
  encodeAbiParameters,
  getAddress,
  hexToBigInt,
  keccak256,
  parseEther,
  parseEventLogs,
  toHex,
} from "viem";
import {
  BYTES_PER_SECTOR,
  FlowReference,
  type NodeInput,
  completeRoot,
  foldProof,
  nodeHeights,
  poraOutput,
  random,
  randomBytes,
  recallPosition,
} from "./flowReference.js";
import { deployStorage, sectorsOf, submission } from "./storageDeployment.js";

const PRICE = 10n ** 12n;
const BLOCKS_PER_EPOCH = 20n;
const EMPTY_HASH = keccak256("0x");

/** A file of `bytes` random bytes as the SDK merkleizes it: its nodes with their sectors. */
function fileNodes(next: () => number, bytes: number): NodeInput[] {
  const data = randomBytes(next, bytes);
  const heights = nodeHeights(bytes);
  const sectors: Uint8Array[] = [];
  const total = heights.reduce((sum, h) => sum + 2 ** h, 0);
  for (let i = 0; i < total; i++) {
    const sector = new Uint8Array(BYTES_PER_SECTOR);
    sector.set(data.subarray(i * BYTES_PER_SECTOR, (i + 1) * BYTES_PER_SECTOR));
    sectors.push(sector);
  }
  let offset = 0;
  return heights.map((height) => {
    const own = sectors.slice(offset, offset + 2 ** height);
    offset += 2 ** height;
    return { height, sectors: own, root: completeRoot(own.map((sector) => keccak256(sector))) };
  });
}

describe("Mine: PoRA end to end against a TypeScript reference (viem)", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [, alice, bob, carol] = await viem.getWalletClients();
  if (alice === undefined || bob === undefined || carol === undefined) throw new Error("need 4 accounts");

  const deployed = await deployStorage(viem, {
    pricePerSector: PRICE,
    blocksPerEpoch: BLOCKS_PER_EPOCH,
    lifetimeSeconds: 3_200n,
    targetSubmissions: 2n,
    minimumStake: parseEther("1"),
    initialDifficulty: 1n,
  });
  const reward = await viem.getContractAt("Reward", deployed.reward);
  const flow = await viem.getContractAt("Flow", deployed.flow, { client: { public: publicClient, wallet: alice } });
  const mineAs = async (wallet: typeof bob) =>
    viem.getContractAt("Mine", deployed.mine, { client: { public: publicClient, wallet } });
  const mine = await mineAs(bob);
  const ref = new FlowReference();
  const next = random(99);

  const upload = async (bytes: number) => {
    const nodes = fileNodes(next, bytes);
    const sub = submission(bytes, nodes, alice.account.address);
    ref.submit(nodes);
    await publicClient.waitForTransactionReceipt({
      hash: await flow.write.submit([sub], { value: sectorsOf(sub) * PRICE }),
    });
  };

  const register = async (wallet: typeof bob, seed: bigint) => {
    const asOwner = await mineAs(wallet);
    const hash = await asOwner.write.requestMinerId([wallet.account.address, seed], { value: parseEther("1") });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [log] = parseEventLogs({ abi: mine.abi, logs: receipt.logs, eventName: "NewMinerId" });
    assert.ok(log !== undefined);
    // minerId = keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender, seed))
    const parent = await publicClient.getBlock({ blockNumber: receipt.blockNumber - 1n });
    const expected = keccak256(
      `0x${parent.hash.slice(2)}${wallet.account.address.slice(2).toLowerCase()}${toHex(seed, { size: 8 }).slice(2)}`,
    );
    assert.equal(log.args.minerId, expected);
    return log.args.minerId;
  };

  /** Rolls to the next epoch and returns its context. */
  const nextEpoch = async () => {
    await networkHelpers.mine(Number(BLOCKS_PER_EPOCH));
    await publicClient.waitForTransactionReceipt({ hash: await flow.write.makeContext() });
    return flow.read.getContext();
  };

  /** The off-chain miner: tries nonces until one recalls a known, non-empty sector with output <= target. */
  const findAnswer = async (ctx: Awaited<ReturnType<typeof flow.read.getContext>>, minerId: Hex, from = 0) => {
    const target = await mine.read.poraTarget();
    for (let i = from; i < from + 10_000; i++) {
      const nonce = toHex(i, { size: 32 });
      const position = recallPosition(ctx.digest, minerId, nonce, ctx.flowLength);
      const sector = ref.sector(Number(position));
      if (sector === undefined || sector.every((byte) => byte === 0)) continue;
      const output = poraOutput(ctx.digest, nonce, minerId, sector);
      if (hexToBigInt(output) > target) continue;
      const merkleProof = ref.proof(Number(position));
      assert.equal(foldProof(sector, position, merkleProof), ctx.flowRoot);
      return {
        answer: { contextDigest: ctx.digest, nonce, minerId, recallPosition: position, sectorData: toHex(sector), merkleProof },
        output,
        nonceIndex: i,
      };
    }
    throw new Error("no answer found");
  };

  it("the context is a snapshot of the flow the reference recomputes", async () => {
    for (const bytes of [200, 5 * 256 + 10, 3_000, 300_000, 1, 70_000]) await upload(bytes);
    const ctx = await nextEpoch();
    assert.equal(ctx.epoch, 1n);
    assert.equal(ctx.flowLength, BigInt(ref.length));
    assert.equal(ctx.flowRoot, ref.root());
    const block = await publicClient.getBlock({ blockNumber: ctx.mineStart });
    assert.equal(ctx.mineStart, (await flow.read.firstBlock()) + BLOCKS_PER_EPOCH);
    assert.equal(ctx.blockDigest, block.hash);
    assert.equal(
      ctx.digest,
      keccak256(
        encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }], [
          ctx.blockDigest,
          ctx.flowRoot,
          ctx.flowLength,
        ]),
      ),
    );
    assert.notEqual(ctx.digest, EMPTY_HASH);
  });

  it("the TypeScript recall position and PoRA output match the contract's", async () => {
    const ctx = await flow.read.getContext();
    const minerId = keccak256("0x01");
    for (let i = 0; i < 5; i++) {
      const nonce = toHex(i * 7919, { size: 32 });
      assert.equal(
        await mine.read.recallPosition([ctx.digest, minerId, nonce, ctx.flowLength]),
        recallPosition(ctx.digest, minerId, nonce, ctx.flowLength),
      );
      const sector = randomBytes(next, BYTES_PER_SECTOR);
      assert.equal(await mine.read.poraOutput([ctx.digest, nonce, minerId, toHex(sector)]), poraOutput(ctx.digest, nonce, minerId, sector));
    }
  });

  it("rewards a correct answer from the pool once per epoch and rejects bad ones", async () => {
    const bobId = await register(bob, 1n);
    const carolId = await register(carol, 2n);
    // Answers refer to the context of the epoch they are sent in.
    const ctx = await nextEpoch();
    const carolMine = await mineAs(carol);

    // Bad answers first (carol).
    const { answer: carolAnswer } = await findAnswer(ctx, carolId);
    const badProof = [...carolAnswer.merkleProof];
    badProof[0] = keccak256(badProof[0]!);
    await viem.assertions.revertWithCustomError(
      carolMine.write.submit([{ ...carolAnswer, merkleProof: badProof }]),
      mine,
      "InvalidProof",
    );
    const flipped = new Uint8Array(Buffer.from(carolAnswer.sectorData.slice(2), "hex"));
    flipped[0] = flipped[0]! ^ 1;
    await viem.assertions.revertWithCustomError(
      carolMine.write.submit([{ ...carolAnswer, sectorData: toHex(flipped) }]),
      mine,
      "InvalidProof",
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      carolMine.write.submit([{ ...carolAnswer, recallPosition: carolAnswer.recallPosition + 1n }]),
      mine,
      "WrongRecallPosition",
      [carolAnswer.recallPosition, carolAnswer.recallPosition + 1n],
    );

    // Bob's correct answer: half of the released, undistributed pool goes to his beneficiary.
    const { answer } = await findAnswer(ctx, bobId);
    const balanceBefore = await publicClient.getBalance({ address: bob.account.address });
    const hash = await mine.write.submit([answer]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [submitted] = parseEventLogs({ abi: mine.abi, logs: receipt.logs, eventName: "NewSubmission" });
    const [paid] = parseEventLogs({ abi: reward.abi, logs: receipt.logs, eventName: "RewardPaid" });
    assert.ok(submitted !== undefined && paid !== undefined);
    assert.deepEqual(
      [submitted.args.epoch, submitted.args.minerId, submitted.args.epochIndex, submitted.args.recallPosition],
      [ctx.epoch, bobId, 0n, answer.recallPosition],
    );
    assert.equal(paid.args.beneficiary, getAddress(bob.account.address));
    assert.ok(paid.args.amount > 0n, "the pool released part of the fees");
    const gasCost = receipt.gasUsed * receipt.effectiveGasPrice;
    assert.equal(await publicClient.getBalance({ address: bob.account.address }), balanceBefore - gasCost + paid.args.amount);
    assert.equal(await reward.read.totalDistributed(), paid.args.amount);
    console.log(`      Mine.submit gas (flow height ${ref.height}): ${receipt.gasUsed}, reward ${paid.args.amount} wei`);

    // Once per epoch.
    const { answer: again } = await findAnswer(ctx, bobId, Number(hexToBigInt(answer.nonce)) + 1);
    await viem.assertions.revertWithCustomErrorWithArgs(mine.write.submit([again]), mine, "AlreadyRewarded", [bobId, ctx.epoch]);

    // Carol's correct answer is still accepted in this epoch; next epoch, her old one is stale.
    await publicClient.waitForTransactionReceipt({ hash: await carolMine.write.submit([carolAnswer]) });
    assert.equal(await mine.read.currentSubmissions(), 2n);
    const ctx2 = await nextEpoch();
    await viem.assertions.revertWithCustomErrorWithArgs(carolMine.write.submit([carolAnswer]), mine, "StaleContext", [
      ctx2.digest,
      ctx.digest,
    ]);
    const { answer: fresh } = await findAnswer(ctx2, carolId);
    await publicClient.waitForTransactionReceipt({ hash: await carolMine.write.submit([fresh]) });
    assert.equal(await mine.read.lastMinedEpoch(), ctx2.epoch);
  });
});
