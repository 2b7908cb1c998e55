import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { network } from "hardhat";
import { nodeHeights, random, randomHash } from "./flowReference.js";
import { MAINNET_BLOCKS_PER_EPOCH, TURBO_PRICE, deployStorage, sectorsOf, submission } from "./storageDeployment.js";

/** 0G's own figures (docs 0g-gas.md: FixedPriceFlow behind a BeaconProxy, same compiler and price). */
const ZG = {
  oneChunkFresh: 221_266n,
  kb700Fresh: 533_678n,
  mib64Fresh: 660_146n,
  oneChunk10th: 177_834n,
  kb700Sixth: 222_821n,
  mib64Sixth: 172_385n,
  oneChunkHeight22: 269_127n,
  oneChunkHeight31: 344_995n,
  batchWarm: 106_979n,
  batchFresh: 94_816n,
  epochCrossing: 472_790n,
};

/** The targets: 80% of 0G's gas. */
const TARGET_ONE_CHUNK_10TH = (ZG.oneChunk10th * 8n) / 10n; // 142,267
const TARGET_BATCH_PER_FILE = (ZG.batchWarm * 8n) / 10n; // 85,583

describe("Flow gas (viem, receipts)", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [, alice] = await viem.getWalletClients();
  if (alice === undefined) throw new Error("need 2 accounts");
  const next = random(42);
  const rows: { operation: string; ours: bigint; zg: bigint }[] = [];

  const file = (bytes: number) =>
    submission(
      bytes,
      nodeHeights(bytes).map((height) => ({ height, root: randomHash(next) })),
      alice.account.address,
    );

  const deploy = async () => {
    const addresses = await deployStorage(viem, { pricePerSector: TURBO_PRICE, blocksPerEpoch: MAINNET_BLOCKS_PER_EPOCH });
    const asAlice = await viem.getContractAt("Flow", addresses.flow, { client: { public: publicClient, wallet: alice } });
    const submit = async (bytes: number) => {
      const sub = file(bytes);
      const hash = await asAlice.write.submit([sub], { value: sectorsOf(sub) * TURBO_PRICE });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      return receipt.gasUsed;
    };
    const batch = async (sizes: number[]) => {
      const subs = sizes.map(file);
      const value = subs.reduce((sum, sub) => sum + sectorsOf(sub) * TURBO_PRICE, 0n);
      const hash = await asAlice.write.batchSubmit([subs], { value });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      return receipt.gasUsed;
    };
    const submitNode = async (height: number) => {
      const sub = submission((2 ** height - 1) * 256 + 1, [{ height, root: randomHash(next) }], alice.account.address);
      const hash = await asAlice.write.submit([sub], { value: sectorsOf(sub) * TURBO_PRICE });
      await publicClient.waitForTransactionReceipt({ hash });
    };
    return { flow: asAlice, submit, batch, submitNode };
  };

  const record = (operation: string, ours: bigint, zg: bigint) => rows.push({ operation, ours, zg });

  it("submit of a 1-chunk file: fresh flow and 10th in a row (target <= 80% of 0G)", async () => {
    const { submit } = await deploy();
    const gas: bigint[] = [];
    for (let i = 0; i < 10; i++) gas.push(await submit(200));
    record("submit, 1-chunk file, fresh flow", gas[0]!, ZG.oneChunkFresh);
    record("submit, 1-chunk, 10th in a row", gas[9]!, ZG.oneChunk10th);
    console.log(`      1-chunk submits 1st-10th: ${gas.join(", ")}`);
    assert.ok(gas[9]! <= TARGET_ONE_CHUNK_10TH, `10th 1-chunk submit used ${gas[9]} > ${TARGET_ONE_CHUNK_10TH}`);
    assert.ok(gas.every((g) => g < ZG.oneChunk10th), "every 1-chunk submit beats 0G's steady state");
  });

  it("submit of 700,000 B and 64 MiB files: fresh flow and 6th in a row", async () => {
    for (const [bytes, label, zgFresh, zgSixth] of [
      [700_000, "700,000 B (nodes 11, 9, 8)", ZG.kb700Fresh, ZG.kb700Sixth],
      [64 * 1024 * 1024, "64 MiB (node 18)", ZG.mib64Fresh, ZG.mib64Sixth],
    ] as const) {
      const { submit } = await deploy();
      const gas: bigint[] = [];
      for (let i = 0; i < 6; i++) gas.push(await submit(bytes));
      record(`submit, ${label}, fresh flow`, gas[0]!, zgFresh);
      record(`submit, ${label}, 6th in a row`, gas[5]!, zgSixth);
      assert.ok(gas[0]! < (zgFresh * 8n) / 10n, `${label} fresh: ${gas[0]}`);
      assert.ok(gas[5]! < (zgSixth * 8n) / 10n, `${label} 6th: ${gas[5]}`);
    }
  });

  it("submit of a 1-chunk file into a tall flow tree (height ~22 and ~31)", async () => {
    for (const [height, zg] of [
      [21, ZG.oneChunkHeight22],
      [30, ZG.oneChunkHeight31],
    ] as const) {
      const { submit, submitNode } = await deploy();
      await submitNode(height); // the tree is now height + 1 levels high
      await submit(200);
      const gas = await submit(200);
      record(`submit, 1-chunk, flow tree height ${height + 1}`, gas, zg);
      assert.ok(gas < (zg * 8n) / 10n, `height ${height + 1}: ${gas}`);
    }
  });

  it("batchSubmit of 10 x 1-chunk files, warm and fresh flow (target <= 80% of 0G per file)", async () => {
    const fresh = await deploy();
    const freshGas = (await fresh.batch(Array(10).fill(200))) / 10n;
    const warm = await deploy();
    for (let i = 0; i < 3; i++) await warm.submit(200);
    const warmGas = (await warm.batch(Array(10).fill(200))) / 10n;
    record("batchSubmit 10 x 1-chunk, warm flow, per file", warmGas, ZG.batchWarm);
    record("batchSubmit 10 x 1-chunk, fresh flow, per file", freshGas, ZG.batchFresh);
    assert.ok(warmGas <= TARGET_BATCH_PER_FILE, `batch per file ${warmGas} > ${TARGET_BATCH_PER_FILE}`);
    assert.ok(freshGas <= TARGET_BATCH_PER_FILE, `fresh batch per file ${freshGas}`);
  });

  it("submit crossing an epoch boundary (makes the context, emits NewEpoch)", async () => {
    const { flow, submit } = await deploy();
    for (let i = 0; i < 3; i++) await submit(200);
    await networkHelpers.mine(Number(MAINNET_BLOCKS_PER_EPOCH));
    const gas = await submit(200);
    assert.equal(await flow.read.epoch(), 1n);
    record("submit crossing an epoch boundary", gas, ZG.epochCrossing);
    assert.ok(gas < (ZG.epochCrossing * 8n) / 10n, `epoch crossing: ${gas}`);
  });

  after(() => {
    const pad = (s: string, n: number) => s.padEnd(n);
    const lines = rows.map(
      ({ operation, ours, zg }) =>
        `      | ${pad(operation, 52)} | ${ours.toLocaleString("en-US").padStart(9)} | ${zg
          .toLocaleString("en-US")
          .padStart(9)} | ${((Number(ours) / Number(zg)) * 100).toFixed(0).padStart(3)}% |`,
    );
    console.log(
      [
        "",
        `      | ${pad("operation (gasUsed, 21,000 base included)", 52)} |      ours |   0G's   | ours/0G |`,
        `      |${"-".repeat(54)}|-----------|-----------|---------|`,
        ...lines,
      ].join("\n"),
    );
  });
});
