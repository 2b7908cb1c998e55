import { InvalidParameterError } from "@0g/core";
import { concatHex, isAddress, keccak256, type Address, type Hex } from "viem";
import { chunkSize, maxSubmissionNodeHeight, maxSubmissionNodeSpan } from "./constants.js";
import type { FileMerkle, SubmissionNode } from "./merkle/file.js";

/** `SubmissionNode` of the Flow contract as viem encodes it. */
export type FlowSubmissionNode = { root: Hex; height: bigint };

/**
 * The `Submission` struct of Flow's current `submit(((uint256,bytes,(bytes32,uint256)[]),address))`
 * (selector `0xbc8c11f8`), ready for viem's `writeContract` / `encodeFunctionData`.
 */
export type FlowSubmission = {
  data: { length: bigint; tags: Hex; nodes: FlowSubmissionNode[] };
  submitter: Address;
};

export type ToSubmissionParameters = {
  /** The account the `Submit` event names as sender (must not be the zero address). */
  submitter: Address;
  /** Tags stored with the submission (KV streams put their stream ids here). Defaults to `0x`. */
  tags?: Hex | undefined;
};

/**
 * The Flow `Submission` for a file.
 *
 * @example
 * const submission = toSubmission(merkle, { submitter: account.address });
 * await walletClient.writeContract({ address: flow, abi: flowAbi, functionName: "submit", args: [submission], value: fee });
 */
export function toSubmission(
  merkle: Pick<FileMerkle, "size" | "nodes">,
  { submitter, tags = "0x" }: ToSubmissionParameters,
): FlowSubmission {
  if (!isAddress(submitter, { strict: false }))
    throw new InvalidParameterError({ name: "submitter", value: submitter, expected: "an address" });
  if (!/^0x([0-9a-fA-F]{2})*$/.test(tags))
    throw new InvalidParameterError({ name: "tags", value: tags, expected: "hex bytes" });
  return {
    data: {
      length: BigInt(merkle.size),
      tags,
      nodes: merkle.nodes.map((n) => ({ root: n.root, height: BigInt(n.height) })),
    },
    submitter,
  };
}

type AnyNode = { root: Hex; height: number | bigint };

/**
 * The submission's identity as the Flow contract computes it: `keccak256(abi.encodePacked(roots))`.
 * It is the `identity` topic of the `Submit` event.
 *
 * @example
 * submissionDigest(merkle.nodes); // 0x…
 */
export function submissionDigest(nodes: readonly { root: Hex }[]): Hex {
  return keccak256(nodes.length === 0 ? "0x" : concatHex(nodes.map((n) => n.root)));
}

/**
 * Sectors (256-byte chunks) a submission occupies and pays for: `Σ 2^height`. The fee is this times
 * `Market.pricePerSector()`.
 *
 * @example
 * submissionSectors(merkle.nodes) * pricePerSector; // the `value` of `submit`
 */
export function submissionSectors(nodes: readonly AnyNode[]): bigint {
  return nodes.reduce((sum, n) => sum + (1n << BigInt(n.height)), 0n);
}

/**
 * Whether the Flow contract accepts a submission (`SubmissionLibrary.valid` in `Submission.sol`):
 * a non-zero submitter; 1 to 4 nodes with strictly decreasing heights below 64, spanning less than
 * 4 heights; and a length that needs every node (tight padding).
 *
 * @example
 * isValidSubmission(toSubmission(merkle, { submitter })); // true
 */
export function isValidSubmission(submission: {
  data: { length: bigint | number; nodes: readonly AnyNode[] };
  submitter: Address;
}): boolean {
  const { data, submitter } = submission;
  if (/^0x0{40}$/i.test(submitter)) return false;
  const heights = data.nodes.map((n) => BigInt(n.height));
  if (heights.length === 0) return false;
  const first = heights[0]!;
  const last = heights[heights.length - 1]!;
  if (first - last >= BigInt(maxSubmissionNodeSpan) || first >= BigInt(maxSubmissionNodeHeight)) return false;
  for (let i = 0; i + 1 < heights.length; i++) if (heights[i + 1]! >= heights[i]!) return false;
  const capacity = heights.reduce((sum, h) => sum + (1n << h), 0n);
  const length = BigInt(data.length);
  const entry = BigInt(chunkSize);
  if (length > capacity * entry) return false;
  const span = BigInt(maxSubmissionNodeSpan);
  const lastCapacity =
    capacity < 1n << span
      ? capacity - 1n
      : heights.length === 1
        ? capacity - (capacity >> span)
        : capacity - (1n << (first - span + 1n));
  return length > lastCapacity * entry;
}


