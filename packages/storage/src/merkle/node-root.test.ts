import { describe, expect, it } from "vitest";
import { randomBytes } from "../test/reference.js";
import { bytesToHex } from "viem";
import { createFileMerkleBuilder } from "./file.js";
import { loadKeccak } from "./keccak.js";
import { rootFromSubmissionNodes } from "./node-root.js";

const keccak = await loadKeccak();

describe("rootFromSubmissionNodes", () => {
  it("folds from the right: H(n0, H(n1, n2))", () => {
    const [a, b, c] = [1, 2, 3].map((s) => randomBytes(32, s));
    const nodes = [a!, b!, c!].map((r, i) => ({ root: bytesToHex(r), height: 10 - i }));
    expect(rootFromSubmissionNodes(keccak, nodes)).toBe(bytesToHex(keccak.hashPair(a!, keccak.hashPair(b!, c!))));
    expect(rootFromSubmissionNodes(keccak, nodes.slice(0, 1))).toBe(nodes[0]!.root);
  });

  it("equals the file root for the sizes the node was checked with", () => {
    for (const size of [1, 255, 256, 257, 76_800, 262_145, 1_280_017, 3_158_073]) {
      const merkle = createFileMerkleBuilder(keccak).update(randomBytes(size, size)).finish();
      expect(rootFromSubmissionNodes(keccak, merkle.nodes), `size ${size}`).toBe(merkle.root);
    }
  });

  it("rejects an empty list", () => {
    expect(() => rootFromSubmissionNodes(keccak, [])).toThrow(/Invalid parameter "nodes"/);
  });
});
