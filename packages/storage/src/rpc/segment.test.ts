import { describe, expect, it } from "vitest";
import { SegmentIndexOutOfRangeError } from "../errors.js";
import { createFileMerkleBuilder } from "../merkle/file.js";
import { loadKeccak } from "../merkle/keccak.js";
import { randomBytes } from "../test/reference.js";
import { fromSegmentWithProof, segmentBytes, toSegmentWithProof } from "./segment.js";

describe("segment wire format", async () => {
  const keccak = await loadKeccak();
  const data = randomBytes(700_000);
  const merkle = createFileMerkleBuilder(keccak).update(data).finish();

  it("cuts full segments and the last one to its chunks, zero-filling the last chunk", () => {
    expect(segmentBytes(data, 0)).toEqual(data.subarray(0, 262_144));
    const last = segmentBytes(data, 2);
    expect(last.length).toBe((2735 - 2048) * 256);
    expect(last.subarray(0, 700_000 - 524_288)).toEqual(data.subarray(524_288));
    expect(last.subarray(700_000 - 524_288).every((b) => b === 0)).toBe(true);
    expect(() => segmentBytes(data, 3)).toThrow(SegmentIndexOutOfRangeError);
  });

  it("round-trips SegmentWithProof through JSON with 0G's field names", () => {
    const wire = toSegmentWithProof(merkle, 1, segmentBytes(data, 1));
    expect(Object.keys(wire)).toEqual(["root", "data", "index", "proof", "fileSize"]);
    expect(wire.data).toBe(Buffer.from(segmentBytes(data, 1)).toString("base64"));
    const back = fromSegmentWithProof(JSON.parse(JSON.stringify(wire)));
    expect(back).toEqual({ root: merkle.root, data: segmentBytes(data, 1), index: 1, proof: merkle.segmentProof(1), fileSize: 700_000 });
  });
});
