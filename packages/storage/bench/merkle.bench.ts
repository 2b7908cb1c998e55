import { MemData } from "@0gfoundation/0g-ts-sdk";
import { defineBench } from "../../../bench/harness.js";
import {
  createFileMerkleBuilder,
  fileMerkle,
  loadKeccak,
  segmentBytes,
  terminateMerkleWorkers,
  verifySegmentWithProof,
} from "../src/index.js";

const MiB = 1024 * 1024;

/** 64 MiB of pseudo-random bytes (xorshift32: no crypto calls, same bytes every run). */
function randomFile(size: number): Uint8Array {
  const words = new Uint32Array(size / 4);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer);
}

export default defineBench("storage", async (b) => {
  const keccak = await loadKeccak();
  const data = randomFile(64 * MiB);

  // The same 64 MiB through ours (2 worker threads) and the official SDK, in alternating rounds.
  // One op is one MiB, so ops/s reads as MiB/s.
  let ourRoot = "";
  let officialRoot = "";
  const [ours, official] = await b.sideBySide(
    [
      {
        name: "file root of 64 MiB, @0g/storage fileMerkle (2 workers), MiB/s",
        run: async () => {
          ourRoot = (await fileMerkle(data, { keccak })).root;
        },
      },
      {
        name: "file root of 64 MiB, @0gfoundation/0g-ts-sdk@1.2.8 MemData.merkleTree(), MiB/s",
        run: async () => {
          const [tree, error] = await new MemData(data).merkleTree();
          if (error !== null || tree === null) throw error ?? new Error("no tree");
          officialRoot = tree.rootHash()!;
        },
      },
    ],
    { ops: 64, rounds: 5, warmupOps: 64 },
  );
  if (ourRoot !== officialRoot) throw new Error(`roots differ: ${ourRoot} vs ${officialRoot}`);
  b.check(ours!, ">=", 150);
  b.check(b.ratio("fileMerkle / official SDK merkleTree (64 MiB)", ours!, official!), ">=", 12);

  // The streaming builder on the calling thread (what browsers and the devnet's nodes use).
  const [single] = await b.sideBySide(
    [
      {
        name: "file root of 64 MiB, createFileMerkleBuilder (calling thread), MiB/s",
        run: async () => {
          createFileMerkleBuilder(keccak).update(data).finish();
        },
      },
    ],
    { ops: 64, rounds: 5, warmupOps: 64 },
  );
  b.check(single!, ">=", 60);

  // What a storage node does per uploaded segment.
  const merkle = await fileMerkle(data, { keccak });
  const segment = { root: merkle.root, data: segmentBytes(data, 7), index: 7, proof: merkle.segmentProof(7), fileSize: data.length };
  const verify = await b.time("verifySegmentWithProof (one 256 KiB segment)", () => {
    if (!verifySegmentWithProof(keccak, segment).ok) throw new Error("segment rejected");
  }, { iterations: 200, warmup: 20 });
  b.check(verify, "<=", 5);
  await b.time("segmentProof (64 MiB file, every segment)", () => {
    for (let i = 0; i < merkle.segments; i++) merkle.segmentProof(i);
  }, { iterations: 20, warmup: 2 });

  await terminateMerkleWorkers();
});
