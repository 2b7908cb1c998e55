import { concatHex, decodeFunctionData, encodeFunctionData, keccak256, parseAbi, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { createFileMerkleBuilder } from "./merkle/file.js";
import { loadKeccak } from "./merkle/keccak.js";
import { fileLayout } from "./merkle/padding.js";
import { isValidSubmission, submissionDigest, submissionSectors, toSubmission } from "./submission.js";
import { randomBytes } from "./test/reference.js";

const keccak = await loadKeccak();
const flowAbi = parseAbi([
  "struct SubmissionNode { bytes32 root; uint256 height; }",
  "struct SubmissionData { uint256 length; bytes tags; SubmissionNode[] nodes; }",
  "struct Submission { SubmissionData data; address submitter; }",
  "function submit(Submission submission) payable returns (uint256, bytes32, uint256, uint256)",
]);
const submitter = "0x1111111111111111111111111111111111111111" as const;

describe("toSubmission", () => {
  const merkle = createFileMerkleBuilder(keccak).update(randomBytes(700_000)).finish();

  it("encodes Flow.submit with selector 0xbc8c11f8", () => {
    expect(toFunctionSelector("submit(((uint256,bytes,(bytes32,uint256)[]),address))")).toBe("0xbc8c11f8");
    const submission = toSubmission(merkle, { submitter });
    const data = encodeFunctionData({ abi: flowAbi, functionName: "submit", args: [submission] });
    expect(data.slice(0, 10)).toBe("0xbc8c11f8");
    expect(decodeFunctionData({ abi: flowAbi, data }).args[0]).toEqual(submission);
    expect(submission).toEqual({
      data: { length: 700_000n, tags: "0x", nodes: merkle.nodes.map((n) => ({ root: n.root, height: BigInt(n.height) })) },
      submitter,
    });
    expect(toSubmission(merkle, { submitter, tags: "0xabcd" }).data.tags).toBe("0xabcd");
  });

  it("rejects a bad submitter or tags", () => {
    expect(() => toSubmission(merkle, { submitter: "0x12" })).toThrow(/submitter/);
    expect(() => toSubmission(merkle, { submitter, tags: "0xabc" })).toThrow(/tags/);
  });

  it("digest is keccak256(abi.encodePacked(roots)) and sectors are the padded chunks", () => {
    expect(submissionDigest(merkle.nodes)).toBe(keccak256(concatHex(merkle.nodes.map((n) => n.root))));
    expect(submissionSectors(merkle.nodes)).toBe(2816n);
    expect(submissionSectors(toSubmission(merkle, { submitter }).data.nodes)).toBe(2816n);
  });
});

describe("isValidSubmission (Submission.sol valid())", () => {
  const nodesFor = (size: number) => fileLayout(size).nodeHeights.map((height) => ({ root: `0x${"00".repeat(32)}` as const, height }));
  it("accepts every padded layout", () => {
    for (const size of [1, 255, 256, 257, 4000, 700_000, 16384 * 256 + 1, 123_456_789, 4 * 1024 ** 3])
      expect(isValidSubmission({ data: { length: BigInt(size), nodes: nodesFor(size) }, submitter }), `size ${size}`).toBe(true);
  });
  it("rejects loose padding, bad heights and the zero submitter", () => {
    expect(isValidSubmission({ data: { length: 700_000n, nodes: nodesFor(700_000) }, submitter: `0x${"0".repeat(40)}` })).toBe(false);
    expect(isValidSubmission({ data: { length: 100n, nodes: nodesFor(700_000) }, submitter })).toBe(false);
    expect(isValidSubmission({ data: { length: 700_000n, nodes: [] }, submitter })).toBe(false);
    const root = `0x${"00".repeat(32)}` as const;
    expect(isValidSubmission({ data: { length: 256n * 18n, nodes: [{ root, height: 4 }, { root, height: 4 }] }, submitter })).toBe(false);
    expect(isValidSubmission({ data: { length: 256n * 17n, nodes: [{ root, height: 4 }, { root, height: 0 }] }, submitter })).toBe(false);
  });
});
