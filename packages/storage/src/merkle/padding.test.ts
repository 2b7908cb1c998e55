import { describe, expect, it } from "vitest";
import { refPaddedChunks, refSplitNodes } from "../test/reference.js";
import { chunkCount, fileLayout, nextPow2, paddedChunkCount, segmentCount, submissionNodeHeights } from "./padding.js";

describe("padding", () => {
  it("follows 0G's examples", () => {
    expect(chunkCount(700_000)).toBe(2735);
    expect(paddedChunkCount(2735)).toBe(2816);
    expect(submissionNodeHeights(2816)).toEqual([11, 9, 8]);
    expect(segmentCount(2816)).toBe(3);
    expect(fileLayout(64 * 1024 * 1024)).toMatchObject({ paddedChunks: 262144, nodeHeights: [18], segments: 256 });
    expect(fileLayout(1)).toEqual({ size: 1, chunks: 1, paddedChunks: 1, segments: 1, dataSegments: 1, nodeHeights: [0] });
  });

  it("pads at most 1/16 and only to multiples of nextPow2/16", () => {
    expect(paddedChunkCount(17)).toBe(18); // np2 32 -> multiples of 2
    expect(paddedChunkCount(15)).toBe(15); // below 16 chunks nothing is padded
    expect(paddedChunkCount(16385)).toBe(18432); // np2 32768 -> multiples of 2048
    expect(fileLayout(16384 * 256 + 1)).toMatchObject({ segments: 18, dataSegments: 17, nodeHeights: [14, 11] });
  });

  it("matches the reference for every chunk count up to 5000 and random large ones", () => {
    const counts = [...Array.from({ length: 5000 }, (_, i) => i + 1), 2 ** 20 + 1, 2 ** 30 - 1, 3 * 2 ** 31 + 7];
    for (const c of counts) {
      const padded = paddedChunkCount(c);
      expect(padded).toBe(refPaddedChunks(c));
      expect(submissionNodeHeights(padded)).toEqual(refSplitNodes(padded));
    }
  });

  it("nextPow2", () => {
    expect([0, 1, 2, 3, 4, 5, 1023, 1025].map(nextPow2)).toEqual([1, 1, 2, 4, 4, 8, 1024, 2048]);
  });

  it("rejects negative and fractional sizes", () => {
    expect(() => chunkCount(-1)).toThrow(/Invalid parameter "size"/);
    expect(() => paddedChunkCount(1.5)).toThrow(/Invalid parameter "chunks"/);
  });
});
