// The README's protocol-core example, run as written (keep the two in sync).
import { expect, it } from "vitest";
import {
  fileMerkle, loadKeccak, rootFromSubmissionNodes, segmentBytes, submissionSectors,
  toSegmentWithProof, toSubmission, fromSegmentWithProof, verifySegmentWithProof,
} from "./index.js";

it("README: protocol core example", async () => {
  const bytes = new Uint8Array(700_000);
  const merkle = await fileMerkle(bytes);
  expect(merkle.nodes.map((n) => n.height)).toEqual([11, 9, 8]);
  const submission = toSubmission(merkle, { submitter: "0x1111111111111111111111111111111111111111" });
  expect(submission.data.length).toBe(700_000n);
  expect(submissionSectors(merkle.nodes)).toBe(2816n);
  const keccak = await loadKeccak();
  const wire = toSegmentWithProof(merkle, 2, segmentBytes(bytes, 2));
  expect(verifySegmentWithProof(keccak, fromSegmentWithProof(wire), { fileSize: 700_000 })).toEqual({ ok: true });
  expect(rootFromSubmissionNodes(keccak, merkle.nodes)).toBe(merkle.root);
});
