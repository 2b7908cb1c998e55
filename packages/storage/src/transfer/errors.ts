import { BaseError } from "@0g/core";
import type { Address, Hash, Hex } from "viem";

// Errors of uploads and downloads: codes 2100-2299 of @0g/storage's range (2000-2999).
// Upload errors that happen after a Flow submission landed carry its `txSeq` / `txHash`: calling
// `upload()` again with the same data resumes that submission and never pays twice.

/** Where a failed upload stood: what a retry resumes. */
export type UploadState = {
  /** The file (or fragment) root. */
  root?: Hex | undefined;
  /** The Flow `submit` transaction, when one was sent. */
  txHash?: Hash | undefined;
  /** The submission index, when the submission landed. */
  txSeq?: number | undefined;
};

function stateLines({ root, txHash, txSeq }: UploadState): string[] {
  return [
    ...(root === undefined ? [] : [`Root: ${root}`]),
    ...(txHash === undefined ? [] : [`Transaction: ${txHash}`]),
    ...(txSeq === undefined ? [] : [`txSeq: ${txSeq}`]),
  ];
}

/** No indexer and no storage node URL is known for the network. */
export class StorageEndpointNotFoundError extends BaseError {
  static override readonly code = 2100;
  static override readonly description =
    "No indexer or storage node is known for this network; pass `indexer` (or `nodes`).";
  override name = "StorageEndpointNotFoundError";
  constructor({ chainId, cause }: { chainId?: number | undefined; cause?: unknown }) {
    super("No storage indexer is known for this network.", {
      code: StorageEndpointNotFoundError.code,
      details: `${chainId === undefined ? "The client has no chain" : `Chain ${chainId} is not in the network registry and is not a devnet`}; pass \`indexer\` (an indexer URL) or \`nodes\` (storage node URLs).`,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** The Flow contract's address could not be found. */
export class FlowNotFoundError extends BaseError {
  static override readonly code = 2101;
  static override readonly description =
    "The Flow contract's address is unknown for this network and no storage node reported it; pass `flow`.";
  override name = "FlowNotFoundError";
  constructor({ chainId }: { chainId?: number | undefined }) {
    super("The Flow contract's address is unknown.", {
      code: FlowNotFoundError.code,
      details: `Chain ${chainId ?? "(none)"} has no \`flow\` in the network registry and no storage node answered zgs_getStatus; pass \`flow\`.`,
    });
  }
}

/** The account cannot pay the storage fee (and gas). Nothing was sent. */
export class InsufficientFundsError extends BaseError {
  static override readonly code = 2102;
  static override readonly description =
    "The account's balance does not cover the storage fee and gas; nothing was submitted or paid.";
  override name = "InsufficientFundsError";
  readonly address: Address;
  /** Wei needed: the fee, plus the gas estimate when known. */
  readonly required: bigint;
  readonly balance: bigint;
  constructor({ address, required, balance, cause }: { address: Address; required: bigint; balance: bigint; cause?: unknown }) {
    super("The account cannot pay for the upload.", {
      code: InsufficientFundsError.code,
      details: `${address} has ${balance} wei; the submission needs ${required} wei. Nothing was submitted.`,
      ...(cause === undefined ? {} : { cause }),
    });
    this.address = address;
    this.required = required;
    this.balance = balance;
  }
}

/** The Flow `submit` transaction failed or reverted. */
export class SubmissionFailedError extends BaseError {
  static override readonly code = 2103;
  static override readonly description =
    "The Flow `submit` transaction could not be sent, reverted, or its receipt has no `Submit` event.";
  override name = "SubmissionFailedError";
  readonly root: Hex;
  readonly txHash: Hash | undefined;
  constructor({ root, txHash, reason, cause }: { root: Hex; txHash?: Hash | undefined; reason: string; cause?: unknown }) {
    super("The Flow submission failed.", {
      code: SubmissionFailedError.code,
      details: reason,
      metaMessages: stateLines({ root, txHash }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.root = root;
    this.txHash = txHash;
  }
}

/** Storage nodes did not see the submission, or did not finalize the file, in time. */
export class StorageTimeoutError extends BaseError {
  static override readonly code = 2104;
  static override readonly description =
    "Storage nodes did not sync the submission or finalize the file within the timeout; a retry resumes without paying again.";
  override name = "StorageTimeoutError";
  readonly root: Hex;
  readonly txHash: Hash | undefined;
  readonly txSeq: number;
  constructor({ waitingFor, timeout, root, txHash, txSeq }: { waitingFor: string; timeout: number } & UploadState & { root: Hex; txSeq: number }) {
    super(`Timed out waiting for ${waitingFor}.`, {
      code: StorageTimeoutError.code,
      details: `Nothing changed within ${timeout} ms. The submission is on chain: upload the same data again to resume it without paying twice.`,
      metaMessages: stateLines({ root, txHash, txSeq }),
    });
    this.root = root;
    this.txHash = txHash;
    this.txSeq = txSeq;
  }
}

/** Some segments could not be stored on any node of their shard. */
export class SegmentUploadError extends BaseError {
  static override readonly code = 2105;
  static override readonly description =
    "Segments could not be stored on any storage node of their shard; a retry resumes the landed submission without paying again.";
  override name = "SegmentUploadError";
  readonly root: Hex;
  readonly txHash: Hash | undefined;
  readonly txSeq: number;
  /** File-local indices of the segments that no node accepted. */
  readonly segments: readonly number[];
  constructor({ root, txHash, txSeq, segments, cause }: UploadState & { root: Hex; txSeq: number; segments: readonly number[]; cause?: unknown }) {
    const list = segments.length > 8 ? `${segments.slice(0, 8).join(", ")}, … (${segments.length})` : segments.join(", ");
    super(`Segment${segments.length === 1 ? "" : "s"} ${list} could not be uploaded.`, {
      code: SegmentUploadError.code,
      details: "No storage node of the segments' shard accepted them. The submission is on chain: upload the same data again to resume it without paying twice.",
      metaMessages: stateLines({ root, txHash, txSeq }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.root = root;
    this.txHash = txHash;
    this.txSeq = txSeq;
    this.segments = segments;
  }
}

/** The operation was aborted through its `signal`. */
export class TransferAbortedError extends BaseError {
  static override readonly code = 2106;
  static override readonly description = "The upload or download was aborted through its AbortSignal; `cause` is the signal's reason.";
  override name = "TransferAbortedError";
  readonly root: Hex | undefined;
  readonly txHash: Hash | undefined;
  readonly txSeq: number | undefined;
  constructor({ cause, ...state }: UploadState & { cause?: unknown }) {
    super("The transfer was aborted.", {
      code: TransferAbortedError.code,
      details: state.txSeq !== undefined || state.txHash !== undefined ? "The submission is on chain: upload the same data again to resume it without paying twice." : "Aborted by the caller.",
      metaMessages: stateLines(state),
      ...(cause === undefined ? {} : { cause }),
    });
    this.root = state.root;
    this.txHash = state.txHash;
    this.txSeq = state.txSeq;
  }
}

/** An action that sends a transaction was given no account. */
export class AccountRequiredError extends BaseError {
  static override readonly code = 2107;
  static override readonly description = "Uploading submits a transaction: the client needs an account (or pass `account`).";
  override name = "AccountRequiredError";
  constructor() {
    super("No account to submit the file with.", {
      code: AccountRequiredError.code,
      details: "Create the client with an `account`, or pass `account` to upload().",
    });
  }
}

/** Path sources and sinks need Node's file system, which this build (a browser's) does not have. */
export class UnsupportedSourceError extends BaseError {
  static override readonly code = 2108;
  static override readonly description =
    "A file path was given where there is no file system (the browser build); pass bytes, a Blob or a stream.";
  override name = "UnsupportedSourceError";
  constructor({ what }: { what: string }) {
    super(`${what} is not supported in this environment.`, {
      code: UnsupportedSourceError.code,
      details: "File paths need Node's file system. In a browser pass a Uint8Array, a Blob/File or a ReadableStream (or download to bytes, a Blob or a WritableStream).",
    });
  }
}

/** No storage node knows the file. */
export class FileNotFoundError extends BaseError {
  static override readonly code = 2110;
  static override readonly description = "No storage node (or the indexer) knows a file with this root or txSeq.";
  override name = "FileNotFoundError";
  readonly root: Hex | undefined;
  readonly txSeq: number | undefined;
  constructor({ root, txSeq, cause }: { root?: Hex | undefined; txSeq?: number | undefined; cause?: unknown }) {
    super(`File ${root ?? `with txSeq ${txSeq}`} was not found.`, {
      code: FileNotFoundError.code,
      details: "Neither the indexer nor any storage node knows it. Check the root (or txSeq) and the network.",
      ...(cause === undefined ? {} : { cause }),
    });
    this.root = root;
    this.txSeq = txSeq;
  }
}

/** No node that should hold a segment served it with a valid proof. */
export class SegmentUnavailableError extends BaseError {
  static override readonly code = 2111;
  static override readonly description =
    "No storage node served the segment with a valid merkle proof (missing, withheld or corrupted on every replica).";
  override name = "SegmentUnavailableError";
  readonly root: Hex;
  readonly index: number;
  /** What each node tried answered. */
  readonly attempts: readonly { url: string; reason: string }[];
  constructor({ root, index, attempts }: { root: Hex; index: number; attempts: readonly { url: string; reason: string }[] }) {
    super(`Segment ${index} of ${root} is not available from any node.`, {
      code: SegmentUnavailableError.code,
      details:
        attempts.length === 0
          ? "No known node stores this segment's shard."
          : attempts.map((a) => `${a.url}: ${a.reason}`).join("; "),
    });
    this.root = root;
    this.index = index;
    this.attempts = attempts;
  }
}

/** The download target path exists and `overwrite` was not set. */
export class FileExistsError extends BaseError {
  static override readonly code = 2112;
  static override readonly description = "The download's target path already exists; pass `overwrite: true` to replace it.";
  override name = "FileExistsError";
  readonly path: string;
  constructor({ path }: { path: string }) {
    super(`${path} already exists.`, {
      code: FileExistsError.code,
      details: "Downloads never overwrite a file unless `overwrite: true` (`--overwrite` on the CLI).",
    });
    this.path = path;
  }
}

/** The downloaded file cannot be decrypted with what was given. */
export class DecryptionError extends BaseError {
  static override readonly code = 2113;
  static override readonly description =
    "The file has no valid 0G encryption header, or its version does not match the key given (aes256 for v1, ecies for v2).";
  override name = "DecryptionError";
  constructor({ reason }: { reason: string }) {
    super("The file cannot be decrypted.", { code: DecryptionError.code, details: reason });
  }
}

/** Encryption needs WebCrypto (`crypto.subtle`), which this environment lacks. */
export class CryptoUnavailableError extends BaseError {
  static override readonly code = 2114;
  static override readonly description =
    "Encryption needs WebCrypto (`globalThis.crypto.subtle`): Node 22+, or a browser page served over https or localhost.";
  override name = "CryptoUnavailableError";
  constructor() {
    super("WebCrypto is not available.", {
      code: CryptoUnavailableError.code,
      details: "globalThis.crypto.subtle is missing. Browsers only offer it in secure contexts (https, localhost).",
    });
  }
}

/** The errors of uploads and downloads (2100-2299), for `storageErrors`. */
export const transferErrorClasses = [
  StorageEndpointNotFoundError,
  FlowNotFoundError,
  InsufficientFundsError,
  SubmissionFailedError,
  StorageTimeoutError,
  SegmentUploadError,
  TransferAbortedError,
  AccountRequiredError,
  UnsupportedSourceError,
  FileNotFoundError,
  SegmentUnavailableError,
  FileExistsError,
  DecryptionError,
  CryptoUnavailableError,
] as const;
