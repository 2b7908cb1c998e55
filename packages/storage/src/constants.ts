/**
 * 0G Storage constants (0g-storage-node `shared_types`, 0g-ts-sdk `constant.ts`, 0g-storage-contracts
 * `ZgsSpec.sol` / `Submission.sol`).
 */

/** Bytes per chunk: the leaf of every merkle tree, the on-chain "sector" and the flow "entry". */
export const chunkSize = 256;

/** Chunks per segment: the unit of upload, download, proofs and sharding. */
export const segmentChunks = 1024;

/** Bytes per segment (256 KiB). */
export const segmentSize = 262_144;

/** Depth of the complete chunk tree of one segment: `log2(segmentChunks)`. */
export const segmentTreeDepth = 10;

/** Files larger than this are split into separately rooted fragments, each its own Flow submission (4 GiB). */
export const defaultFragmentSize = 4 * 1024 ** 3;

/** `keccak256` of 256 zero bytes: the leaf of a padding chunk (`ZERO_HASH` in the node's `types.rs`). */
export const emptyChunkHash = "0xd397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5" as const;

/**
 * `Submission.sol` `MAX_LENGTH`: the first and last node heights of a submission differ by less than
 * this (`h0 - hLast < 4`), so a submission has at most 4 nodes.
 */
export const maxSubmissionNodeSpan = 4;

/** `Submission.sol` `MAX_DEPTH`: every node height is below 64. */
export const maxSubmissionNodeHeight = 64;
