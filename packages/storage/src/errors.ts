import { BaseError, describeErrors } from "@0g/core";
import { kvErrorClasses } from "./kv/errors.js";
import { transferErrorClasses } from "./transfer/errors.js";

/** A file of 0 bytes has no merkle root and cannot be submitted to the Flow contract. */
export class EmptyFileError extends BaseError {
  static override readonly code = 2000;
  static override readonly description = "The file is empty; 0G Storage cannot store a file of 0 bytes.";
  override name = "EmptyFileError";
  constructor() {
    super("The file is empty.", {
      code: EmptyFileError.code,
      details: "0G Storage needs at least one byte: the Flow contract rejects empty submissions.",
    });
  }
}

/** A segment index that is not a segment of the file. */
export class SegmentIndexOutOfRangeError extends BaseError {
  static override readonly code = 2001;
  static override readonly description = "A segment index is outside the file's segments.";
  override name = "SegmentIndexOutOfRangeError";
  readonly index: number;
  readonly segments: number;
  constructor({ index, segments }: { index: number; segments: number }) {
    super(`Segment index ${index} is out of range.`, {
      code: SegmentIndexOutOfRangeError.code,
      details: `The file has ${segments} segment${segments === 1 ? "" : "s"} (indices 0 to ${segments - 1}).`,
    });
    this.index = index;
    this.segments = segments;
  }
}

/** A segment failed the checks a 0G storage node applies to an uploaded `SegmentWithProof`. */
export class InvalidSegmentError extends BaseError {
  static override readonly code = 2002;
  static override readonly description =
    "A segment does not belong to the file: its data, index, size or merkle proof failed validation.";
  override name = "InvalidSegmentError";
  /** Why it failed (the `reason` of `verifySegmentWithProof`). */
  readonly reason: string;
  constructor({ index, reason, message }: { index: number; reason: string; message: string }) {
    super(`Segment ${index} failed validation (${reason}).`, { code: InvalidSegmentError.code, details: message });
    this.reason = reason;
  }
}

/** A merkle proof is malformed or does not lead to the expected root. */
export class InvalidProofError extends BaseError {
  static override readonly code = 2003;
  static override readonly description = "A merkle proof is malformed or does not prove the leaf under the root.";
  override name = "InvalidProofError";
  constructor({ details }: { details: string }) {
    super("Invalid merkle proof.", { code: InvalidProofError.code, details });
  }
}

/** The storage nodes on offer cannot hold the requested number of replicas of every segment. */
export class NodeSelectionError extends BaseError {
  static override readonly code = 2004;
  static override readonly description =
    "The storage nodes cannot cover every shard the requested number of times.";
  override name = "NodeSelectionError";
  constructor({ expectedReplica, candidates }: { expectedReplica: number; candidates: number }) {
    super("cannot select a subset from the returned nodes that meets the replication requirement", {
      code: NodeSelectionError.code,
      details: `${candidates} candidate node${candidates === 1 ? "" : "s"} cannot hold ${expectedReplica} replica${expectedReplica === 1 ? "" : "s"} of every shard.`,
    });
  }
}

/** Reading the file's bytes failed (a stream errored, a Blob could not be read, the read was aborted). */
export class FileReadError extends BaseError {
  static override readonly code = 2005;
  static override readonly description = "Reading the file's bytes failed; the cause says why.";
  override name = "FileReadError";
  constructor({ cause }: { cause: unknown }) {
    super("Reading the file failed.", { code: FileReadError.code, cause });
  }
}

/** A merkle worker thread failed; the cause says why. */
export class MerkleWorkerError extends BaseError {
  static override readonly code = 2006;
  static override readonly description = "A merkle hashing worker thread failed or exited early.";
  override name = "MerkleWorkerError";
  constructor({ cause }: { cause: unknown }) {
    super("A merkle worker failed.", { code: MerkleWorkerError.code, cause });
  }
}

/** A file larger than the upload's `maxFileSize`: refused before it is hashed, submitted or paid for. */
export class FileTooLargeError extends BaseError {
  static override readonly code = 2007;
  static override readonly description = "The file is larger than the upload's maxFileSize; nothing was submitted or paid.";
  override name = "FileTooLargeError";
  /** Bytes of the file, or (for a stream, whose size is not known up front) read when it went over. */
  readonly size: number;
  readonly maxFileSize: number;
  constructor({ size, maxFileSize }: { size: number; maxFileSize: number }) {
    super(`The file is larger than maxFileSize (${maxFileSize} bytes).`, {
      code: FileTooLargeError.code,
      details: `${size} bytes${Number.isSafeInteger(size) ? "" : " or more"} > ${maxFileSize}. Nothing was submitted or paid. Raise maxFileSize, or split the file.`,
    });
    this.size = size;
    this.maxFileSize = maxFileSize;
  }
}

/**
 * Every error of `@0g/storage` with its stable code and description (2000-2499; KV uses 2500-2999).
 *
 * @example
 * import { storageErrors } from "@0g/storage";
 * storageErrors.find((e) => e.code === 2000); // { name: "EmptyFileError", ... }
 */
export const storageErrors = /*#__PURE__*/ describeErrors([
  EmptyFileError,
  SegmentIndexOutOfRangeError,
  InvalidSegmentError,
  InvalidProofError,
  NodeSelectionError,
  FileReadError,
  MerkleWorkerError,
  FileTooLargeError,
  // Uploads and downloads (2100-2299): src/transfer/errors.ts
  ...transferErrorClasses,
  // KV (2500-2999): src/kv/errors.ts
  ...kvErrorClasses,
]);
