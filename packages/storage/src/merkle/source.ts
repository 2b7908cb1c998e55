import { BaseError } from "@0g/core";
import { FileReadError } from "../errors.js";
import { createFileMerkleBuilder, type FileMerkle } from "./file.js";
import { loadKeccak, type Keccak } from "./keccak.js";
import { parallelFileMerkle, parallelThreshold, workersAvailable } from "./parallel.node.js";

/** What {@link fileMerkle} reads: bytes, a Blob/File, a web ReadableStream or any async iterable of bytes. */
export type FileSource = Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export type FileMerkleOptions = {
  /** A loaded hasher; loaded with `loadKeccak()` when absent. */
  keccak?: Keccak | undefined;
  /** Stops reading; the promise rejects with `FileReadError` whose cause is the abort reason. */
  signal?: AbortSignal | undefined;
  /**
   * Worker threads for files of 4 MiB and more (Node only; browsers hash on the calling thread).
   * `true` (the default) means 2, `false` or `0` hashes on the calling thread. The roots are the same.
   */
  workers?: boolean | number | undefined;
};

/**
 * The merkle tree of a whole file, read once from `source`.
 *
 * @example
 * const merkle = await fileMerkle(new Blob([bytes]));
 * merkle.root; // the file's dataMerkleRoot
 */
export async function fileMerkle(source: FileSource, options: FileMerkleOptions = {}): Promise<FileMerkle> {
  const keccak = options.keccak ?? (await loadKeccak());
  const workers = options.workers === false ? 0 : options.workers === true || options.workers === undefined ? 2 : options.workers;
  const knownSize = source instanceof Uint8Array ? source.length : isBlob(source) ? source.size : undefined;
  if (workersAvailable && workers > 0 && (knownSize === undefined || knownSize >= parallelThreshold)) {
    try {
      return await parallelFileMerkle(keccak, readSource(source, options.signal), workers);
    } catch (error) {
      if (error instanceof BaseError) throw error;
      throw new FileReadError({ cause: error });
    }
  }
  const builder = createFileMerkleBuilder(keccak);
  if (source instanceof Uint8Array) return builder.update(source).finish();
  try {
    for await (const chunk of readSource(source, options.signal)) builder.update(chunk);
  } catch (error) {
    throw new FileReadError({ cause: error });
  }
  return builder.finish();
}

/** Yields the bytes of a source in the pieces it comes in; checks `signal` between pieces. */
export async function* readSource(source: FileSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  signal?.throwIfAborted();
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (isBlob(source)) {
    // Slices keep memory bounded and work where Blob.stream() is missing.
    const step = 4 * 1024 * 1024;
    for (let offset = 0; offset < source.size; offset += step) {
      yield new Uint8Array(await source.slice(offset, offset + step).arrayBuffer());
      signal?.throwIfAborted();
    }
    return;
  }
  if (isReadableStream(source)) {
    const reader = source.getReader();
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) return;
        yield toBytes(value);
        signal?.throwIfAborted();
      }
    } finally {
      await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    yield toBytes(chunk);
    signal?.throwIfAborted();
  }
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === "function";
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`Expected bytes from the source, got ${typeof value}.`);
}
