import { flowAbi } from "@0g/contracts";
import { fileLayout, submissionSectors, toSubmission, type FlowSubmission } from "@0g/storage";
import { keccak256, numberToHex, type Hex } from "viem";
import { defineBench } from "../../bench/harness.js";
import { createDevnet, type Devnet } from "../src/index.js";

// Gas of Flow.submit and Flow.batchSubmit sent through the devnet (EDR, cancun, one transaction per
// block, gasUsed from receipts), beside 0G's own FixedPriceFlow as ../shared/reference/0g-gas.md
// measured it: same price (mainnet-turbo, 30,733,644,962 wei/sector) and epoch length (3,750
// blocks). Each scenario starts from a fresh devnet, so "Nth in a row" counts from an empty flow as
// 0G's figures do. The submission nodes' roots are random (the gas does not depend on them); their
// heights are the file's (`fileLayout(size).nodeHeights`), as @0g/storage's upload submits them.

/** 0G's FixedPriceFlow behind a BeaconProxy (reference/0g-gas.md). */
const zg = { oneChunk10th: 177_834, kb700Sixth: 222_821, mib64Sixth: 172_385, batchWarmPerFile: 106_979 };
/** The target: at most 80% of 0G's gas. */
const target = 0.8;
const turboPrice = 30_733_644_962n;

export default defineBench("storage-gas", async (b) => {
  let seed = 0;
  const randomRoot = (): Hex => keccak256(numberToHex(++seed, { size: 32 }));
  const submissionOf = (devnet: Devnet, size: number): FlowSubmission =>
    toSubmission(
      { size, nodes: fileLayout(size).nodeHeights.map((height) => ({ height, root: randomRoot() })) },
      { submitter: devnet.accounts[0]!.address },
    );
  const feeOf = (subs: readonly FlowSubmission[]) =>
    subs.reduce((sum, s) => sum + submissionSectors(s.data.nodes) * turboPrice, 0n);

  /** A fresh devnet with 0G mainnet-turbo's Flow parameters and nobody else sending transactions. */
  const fresh = () => createDevnet({ accounts: 1, storage: { nodes: 1, pricePerSector: turboPrice, epochBlocks: 3750, mining: false } });
  const gasOf = async (devnet: Devnet, hash: Hex) => {
    const receipt = await devnet.publicClient.getTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return Number(receipt.gasUsed);
  };
  const submit = async (devnet: Devnet, size: number) => {
    const submission = submissionOf(devnet, size);
    const hash = await devnet.walletClient.writeContract({
      address: devnet.contracts.flow!,
      abi: flowAbi,
      functionName: "submit",
      args: [submission],
      value: feeOf([submission]),
    });
    return gasOf(devnet, hash);
  };
  const batchSubmit = async (devnet: Devnet, sizes: readonly number[]) => {
    const submissions = sizes.map((size) => submissionOf(devnet, size));
    const hash = await devnet.walletClient.writeContract({
      address: devnet.contracts.flow!,
      abi: flowAbi,
      functionName: "batchSubmit",
      args: [submissions],
      value: feeOf(submissions),
    });
    return gasOf(devnet, hash);
  };
  /** Records ours and 0G's figure as rows of their own, and checks ours against 80% of 0G's. */
  const compare = (operation: string, ours: number, theirs: number) => {
    const measured = b.record(`${operation}, @0g/contracts Flow on the devnet`, "gas", [ours]);
    const reference = b.record(`${operation}, 0G's FixedPriceFlow (reference/0g-gas.md)`, "gas", [theirs]);
    b.ratio(`${operation}, ours / 0G's`, measured, reference);
    b.check(measured, "<=", Math.floor(theirs * target));
  };

  // submit of a 1-chunk file, the 10th in a row.
  {
    const devnet = await fresh();
    const gas: number[] = [];
    for (let i = 0; i < 10; i++) gas.push(await submit(devnet, 200));
    compare("Flow.submit, 1-chunk file, 10th in a row", gas[9]!, zg.oneChunk10th);
    await devnet.stop();
  }
  // submit of 700,000 B (nodes of heights 11, 9, 8) and of 64 MiB (one node of height 18), the 6th in a row.
  for (const [size, label, theirs] of [
    [700_000, "Flow.submit, 700,000 B file (nodes 11, 9, 8), 6th in a row", zg.kb700Sixth],
    [64 * 1024 * 1024, "Flow.submit, 64 MiB file (node 18), 6th in a row", zg.mib64Sixth],
  ] as const) {
    const devnet = await fresh();
    const gas: number[] = [];
    for (let i = 0; i < 6; i++) gas.push(await submit(devnet, size));
    compare(label, gas[5]!, theirs);
    await devnet.stop();
  }
  // batchSubmit of 10 x 1-chunk files on a warm flow (3 submits before), per file.
  {
    const devnet = await fresh();
    for (let i = 0; i < 3; i++) await submit(devnet, 200);
    const gas = await batchSubmit(devnet, Array.from({ length: 10 }, () => 200));
    compare("Flow.batchSubmit, 10 x 1-chunk files, warm flow, per file", gas / 10, zg.batchWarmPerFile);
    await devnet.stop();
  }
});
