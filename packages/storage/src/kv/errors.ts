import { BaseError } from "@0g/core";
import type { Hex } from "viem";
import { maxKvKeySize, maxKvOperations } from "./constants.js";

// Errors of 0G Storage KV: codes 2500-2999 of @0g/storage's range.

/** A stream id that is not 32 bytes of hex. */
export class InvalidStreamIdError extends BaseError {
  static override readonly code = 2500;
  static override readonly description = "A KV stream id must be 32 bytes of 0x-prefixed hex.";
  override name = "InvalidStreamIdError";
  readonly value: string;
  constructor({ value }: { value: string }) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    super(`Invalid KV stream id ${JSON.stringify(shown)}.`, {
      code: InvalidStreamIdError.code,
      details: "A stream id is 32 bytes written as 0x followed by 64 hex digits. `toStreamId(name)` derives one from a name.",
    });
    this.value = value;
  }
}

/** An empty key, or one longer than the 24-bit length field allows. */
export class InvalidKvKeyError extends BaseError {
  static override readonly code = 2501;
  static override readonly description = `A KV key must be 1 to ${maxKvKeySize} bytes long.`;
  override name = "InvalidKvKeyError";
  readonly size: number;
  constructor({ size }: { size: number }) {
    super(size === 0 ? "A KV key cannot be empty." : `A KV key of ${size} bytes is too long.`, {
      code: InvalidKvKeyError.code,
      details: `Keys are 1 to ${maxKvKeySize} bytes (0G encodes their length in 24 bits, and its node rejects empty keys).`,
    });
    this.size = size;
  }
}

/** More reads, writes or access-control operations in one transaction than 0G's node accepts. */
export class KvTooManyOperationsError extends BaseError {
  static override readonly code = 2502;
  static override readonly description = `A KV transaction carries at most ${maxKvOperations} reads, ${maxKvOperations} writes and ${maxKvOperations} access-control operations.`;
  override name = "KvTooManyOperationsError";
  readonly kind: "reads" | "writes" | "controls";
  readonly count: number;
  constructor({ kind, count }: { kind: "reads" | "writes" | "controls"; count: number }) {
    super(`Too many ${kind} in one KV transaction (${count}).`, {
      code: KvTooManyOperationsError.code,
      details: `0G's KV node rejects a transaction with more than ${maxKvOperations} ${kind}; split it into several.`,
    });
    this.kind = kind;
    this.count = count;
  }
}

/** Bytes that are not a valid `StreamData`; `reason` is the message 0G's node records for them. */
export class StreamDataDecodeError extends BaseError {
  static override readonly code = 2503;
  static override readonly description = "The bytes are not a valid KV StreamData encoding.";
  override name = "StreamDataDecodeError";
  /** `"Invalid stream data"` or `"Stream read/write/access_control list too long"` (0G's `ParseError`). */
  readonly reason: string;
  readonly section: "version" | "reads" | "writes" | "controls";
  readonly offset: number;
  constructor({ reason, section, offset, details }: { reason: string; section: StreamDataDecodeError["section"]; offset: number; details: string }) {
    super(`Malformed KV stream data: ${reason}.`, { code: StreamDataDecodeError.code, details: `In the ${section} section at byte ${offset}: ${details}` });
    this.reason = reason;
    this.section = section;
    this.offset = offset;
  }
}

/** No KV node URL is known for the network. */
export class KvEndpointNotFoundError extends BaseError {
  static override readonly code = 2504;
  static override readonly description = "No KV node is known for this network; pass `kv` (a KV node URL).";
  override name = "KvEndpointNotFoundError";
  constructor({ chainId }: { chainId?: number | undefined }) {
    super("No KV node is known for this network.", {
      code: KvEndpointNotFoundError.code,
      details: `${chainId === undefined ? "The client has no chain" : `Chain ${chainId} has no KV endpoint in the network registry and is not a devnet`}. 0G runs no public KV node: pass \`kv\`, the URL of one you run (0g-storage-kv, port 6789).`,
    });
  }
}

/** The KV node replayed the transaction and did not commit it; `result` is its recorded reason. */
export class KvTransactionFailedError extends BaseError {
  static override readonly code: number = 2505;
  static override readonly description: string = "The KV node rejected the transaction (its result is not Commit); nothing of it was applied.";
  override name = "KvTransactionFailedError";
  readonly txSeq: number;
  /** The node's result string, e.g. `"WritePermissionDenied: stream: 0x…, key: name"`. */
  readonly result: string;
  constructor({ txSeq, result, code = KvTransactionFailedError.code }: { txSeq: number; result: string; code?: number }) {
    super(`KV transaction ${txSeq} was not committed: ${result.split(":")[0]}.`, {
      code,
      details: `The KV node recorded "${result}". None of its writes or access-control operations were applied.`,
    });
    this.txSeq = txSeq;
    this.result = result;
  }
}

/** A key the transaction read or wrote was written after the transaction's version (0G's `VersionConfliction`). */
export class KvVersionConflictError extends KvTransactionFailedError {
  static override readonly code = 2506;
  static override readonly description =
    "A key the KV transaction read or wrote changed after the version it was based on; nothing was applied. Read again and retry.";
  override name = "KvVersionConflictError";
  readonly version: bigint;
  constructor({ txSeq, version }: { txSeq: number; version: bigint }) {
    super({ txSeq, result: "VersionConfliction", code: KvVersionConflictError.code });
    this.version = version;
  }
}

/** The KV node did not replay the transaction in time. */
export class KvTimeoutError extends BaseError {
  static override readonly code = 2507;
  static override readonly description = "The KV node did not replay the transaction within the timeout.";
  override name = "KvTimeoutError";
  readonly txSeq: number;
  constructor({ txSeq, timeout }: { txSeq: number; timeout: number }) {
    super(`The KV node did not replay transaction ${txSeq} within ${timeout} ms.`, {
      code: KvTimeoutError.code,
      details: "The submission landed and was paid for; do not send it again. Wait longer with `waitForKvTransaction({ txSeq })`.",
    });
    this.txSeq = txSeq;
  }
}

/** A read of a stream the KV node does not replay. */
export class KvUnknownStreamError extends BaseError {
  static override readonly code = 2508;
  static override readonly description = "The KV node does not hold the stream (no transaction of it was replayed there).";
  override name = "KvUnknownStreamError";
  readonly streamId: Hex;
  constructor({ streamId }: { streamId: Hex }) {
    super(`The KV node does not hold stream ${streamId}.`, {
      code: KvUnknownStreamError.code,
      details: "No transaction of this stream was replayed by the node (a new stream is created by its first write), or the node is configured for other streams.",
    });
    this.streamId = streamId;
  }
}

/** The KV node answered a read with data that does not fit together (a size or version that changed between chunks). */
export class KvInconsistentReadError extends BaseError {
  static override readonly code = 2509;
  static override readonly description = "The KV node's answers for one value do not fit together.";
  override name = "KvInconsistentReadError";
  constructor({ details }: { details: string }) {
    super("Inconsistent value from the KV node.", { code: KvInconsistentReadError.code, details });
  }
}

/** A KV write with nothing in it: refused before anything is submitted or paid for. */
export class EmptyKvBatchError extends BaseError {
  static override readonly code = 2510;
  static override readonly description = "A KV write needs at least one read, write or access-control operation.";
  override name = "EmptyKvBatchError";
  constructor() {
    super("The KV batch is empty.", {
      code: EmptyKvBatchError.code,
      details: "Add a `set`, `delete`, access-control or `read` operation to the batch; an empty one is not submitted (it would cost a Flow submission for nothing).",
    });
  }
}

/**
 * The KV node replayed past the transaction without recording a result: it skipped it, because it
 * does not hold any of the transaction's streams or the submission is not a KV transaction.
 */
export class KvTransactionSkippedError extends BaseError {
  static override readonly code = 2511;
  static override readonly description = "The KV node skipped the transaction (it does not hold its streams, or it is not a KV transaction).";
  override name = "KvTransactionSkippedError";
  readonly txSeq: number;
  constructor({ txSeq }: { txSeq: number }) {
    super(`The KV node skipped transaction ${txSeq}.`, {
      code: KvTransactionSkippedError.code,
      details:
        "Its replay progress is past the transaction and it recorded no result: the node does not hold any of the transaction's streams (0g-storage-kv replays only the streams in its `stream_ids` config), or the submission's tags do not name KV streams.",
    });
    this.txSeq = txSeq;
  }
}

export const kvErrorClasses = [
  InvalidStreamIdError,
  InvalidKvKeyError,
  KvTooManyOperationsError,
  StreamDataDecodeError,
  KvEndpointNotFoundError,
  KvTransactionFailedError,
  KvVersionConflictError,
  KvTimeoutError,
  KvUnknownStreamError,
  KvInconsistentReadError,
  EmptyKvBatchError,
  KvTransactionSkippedError,
] as const;
