import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmptyFileError, SegmentIndexOutOfRangeError } from "../errors.js";
import { randomBytes, refFileMerkle } from "../test/reference.js";
import { officialMerkle } from "../test/sdk.js";
import { createFileMerkleBuilder, type FileMerkle } from "./file.js";
import { loadKeccak } from "./keccak.js";
import { rootFromSubmissionNodes } from "./node-root.js";
import { merkleRoot, verifyProof } from "./tree.js";

const keccak = await loadKeccak();
const build = (data: Uint8Array, step = data.length || 1): FileMerkle => {
  const builder = createFileMerkleBuilder(keccak);
  for (let o = 0; o < data.length; o += step) builder.update(data.subarray(o, o + step));
  return builder.finish();
};

const sizes = [
  1, 255, 256, 257, 1024 * 256 - 1, 1024 * 256, 1024 * 256 + 1, 700_000,
  16384 * 256 + 1, // 17 data segments, 18 padded: a segment made only of padding
  5 * 1024 * 1024 + 12_345,
];

describe("file merkle against the reference and the official SDK", () => {
  for (const size of sizes) {
    it(`size ${size}`, async () => {
      const data = randomBytes(size, size);
      const merkle = build(data);
      const reference = refFileMerkle(data);
      expect(merkle.root).toBe(reference.root);
      expect(merkle.nodes).toEqual(reference.nodes);
      expect(merkle.segmentRoots).toEqual(reference.segmentRoots);
      const official = await officialMerkle(data);
      expect(merkle.root).toBe(official.root);
      expect(merkle.nodes).toEqual(official.nodes);
      expect(rootFromSubmissionNodes(keccak, merkle.nodes)).toBe(merkle.root);
    }, 60_000);
  }

  it("random sizes up to 3 MiB", async () => {
    const random = randomBytes(8, 42);
    for (let i = 0; i < 6; i++) {
      const size = 1 + ((random[i]! * 65_537 + i * 7919 * 31) % (3 * 1024 * 1024));
      const data = randomBytes(size, 100 + i);
      const merkle = build(data, 1 + (size % 70_001));
      expect(merkle.root, `size ${size}`).toBe(refFileMerkle(data).root);
      expect(merkle.nodes).toEqual((await officialMerkle(data)).nodes);
    }
  }, 120_000);

  it("700000 bytes: nodes of heights [11, 9, 8] and 3 segments", () => {
    const merkle = build(randomBytes(700_000));
    expect(merkle.nodes.map((n) => n.height)).toEqual([11, 9, 8]);
    expect(merkle).toMatchObject({ size: 700_000, chunks: 2735, paddedChunks: 2816, segments: 3, dataSegments: 3 });
  });

  it("an all-zero file has zero-subtree nodes", () => {
    const merkle = build(new Uint8Array(16 * 1024 * 256));
    expect(merkle.nodes).toEqual([{ root: merkleRoot(keccak, merkle.segmentRoots), height: 14 }]);
  });
});

describe("segment proofs", () => {
  for (const size of [1, 700_000, 16384 * 256 + 1, 9 * 1024 * 256 + 300]) {
    it(`round-trip every segment of a ${size}-byte file`, () => {
      const merkle = build(randomBytes(size, 3));
      for (let i = 0; i < merkle.segments; i++) {
        const proof = merkle.segmentProof(i);
        const leaf = merkle.segmentRoot(i);
        expect(verifyProof(keccak, { root: merkle.root, leaf, index: i, numLeaves: merkle.segments, proof })).toBe(true);
        if (merkle.segments > 1) {
          const other = (i + 1) % merkle.segments;
          expect(verifyProof(keccak, { root: merkle.root, leaf, index: other, numLeaves: merkle.segments, proof })).toBe(false);
        }
      }
      expect(() => merkle.segmentProof(merkle.segments)).toThrow(SegmentIndexOutOfRangeError);
    });
  }
});

describe("streaming builder", () => {
  it("gives the one-shot root for any chunking (property)", () => {
    const data = randomBytes(3 * 1024 * 256 + 777, 5);
    const oneShot = build(data);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 12 }), (cuts) => {
        const builder = createFileMerkleBuilder(keccak);
        let offset = 0;
        for (const cut of cuts) {
          const end = Math.min(data.length, offset + cut);
          builder.update(data.subarray(offset, end));
          offset = end;
        }
        builder.update(data.subarray(offset));
        const merkle = builder.finish();
        expect(merkle.root).toBe(oneShot.root);
        expect(merkle.nodes).toEqual(oneShot.nodes);
      }),
      { numRuns: 25 },
    );
  });

  it("gives the reference root for random sizes and byte-wise chunkings (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 999 }), (size, step) => {
        const data = randomBytes(size, size * 3 + step);
        const merkle = build(data, step);
        expect(merkle.root).toBe(refFileMerkle(data).root);
        expect(merkle.size).toBe(size);
      }),
      { numRuns: 60 },
    );
  });

  it("throws EmptyFileError for 0 bytes", () => {
    expect(() => createFileMerkleBuilder(keccak).finish()).toThrow(EmptyFileError);
    expect(() => createFileMerkleBuilder(keccak).update(new Uint8Array(0)).finish()).toThrow(EmptyFileError);
  });
});
