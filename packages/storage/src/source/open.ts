import { BaseError, InvalidParameterError } from "@0g/core";
import { FileReadError } from "../errors.js";
import type { Encryptor } from "../encryption/index.js";
import { createSpool, openPath } from "./platform.node.js";
import type { MerkleSource, RandomAccess, UploadSource } from "./types.js";

/** Bytes per sequential read of a random-access source (what the hasher is fed). */
export const readStep = 4 * 1024 * 1024;

export function isBlob(value: unknown): value is Blob {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

export function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === "function";
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new InvalidParameterError({ name: "data", value: typeof value, expected: "a stream of Uint8Array chunks" });
}

/** Random access over bytes in memory. */
export function bytesAccess(bytes: Uint8Array): RandomAccess {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
    close: async () => {},
  };
}

/** Random access over a Blob or File. */
export function blobAccess(blob: Blob): RandomAccess {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
    close: async () => {},
  };
}

/** The bytes `[offset, offset + size)` of another source. */
export function sliceAccess(inner: RandomAccess, offset: number, size: number): RandomAccess {
  return {
    size,
    read: (at, length) => inner.read(offset + at, Math.min(length, size - at)),
    close: async () => {},
  };
}

/** The encrypted view of a source: the header, then the ciphertext of every byte (encrypted on read). */
export function encryptedAccess(inner: RandomAccess, { header, cipher }: Encryptor): RandomAccess {
  const h = header.length;
  return {
    size: inner.size + h,
    async read(offset, length) {
      const end = Math.min(inner.size + h, offset + length);
      if (end <= offset) return new Uint8Array(0);
      const out = new Uint8Array(end - offset);
      let at = 0;
      if (offset < h) {
        const part = header.subarray(offset, Math.min(h, end));
        out.set(part);
        at = part.length;
      }
      if (end > h) {
        const innerStart = Math.max(0, offset - h);
        const plain = await inner.read(innerStart, end - h - innerStart);
        out.set(await cipher.cryptAt(innerStart, plain), at);
      }
      return out;
    },
    close: () => inner.close(),
  };
}

/** Reads `[offset, offset + size)` of a random-access source sequentially, `readStep` at a time. */
export async function* readPieces(access: RandomAccess, offset = 0, size = access.size - offset, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < size; at += readStep) {
    signal?.throwIfAborted();
    yield await access.read(offset + at, Math.min(readStep, size - at));
  }
}

/** The pieces of a web stream, as they come. */
export async function* streamPieces(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    while (true) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) return;
      yield toBytes(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The encrypted pieces of plaintext pieces: the header first, then each piece's ciphertext. */
export async function* encryptPieces(pieces: AsyncIterable<Uint8Array>, { header, cipher }: Encryptor): AsyncGenerator<Uint8Array> {
  yield header;
  let offset = 0;
  for await (const piece of pieces) {
    if (piece.length === 0) continue;
    yield await cipher.cryptAt(offset, piece);
    offset += piece.length;
  }
}

/** Opens a source that can be read at random offsets; `undefined` for a stream (spool it instead). */
export async function openRandomAccess(source: UploadSource): Promise<RandomAccess | undefined> {
  if (source instanceof Uint8Array) return bytesAccess(source);
  if (isBlob(source)) return blobAccess(source);
  if (typeof source === "string") {
    try {
      return await openPath(source);
    } catch (error) {
      if (error instanceof BaseError) throw error;
      throw new FileReadError({ cause: error });
    }
  }
  if (isReadableStream(source)) return undefined;
  throw new InvalidParameterError({
    name: "data",
    value: typeof source,
    expected: "a Uint8Array, Blob, File, ReadableStream<Uint8Array> or (in Node) a file path",
  });
}

/**
 * Pulls bytes from an async iterator in ranges: `take(n)` yields the next `n` bytes (fewer at the
 * end), splitting pieces at the boundary and keeping the rest for the next range.
 */
export class PieceReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #pending: Uint8Array | undefined;
  #done = false;

  constructor(pieces: AsyncIterable<Uint8Array>) {
    this.#iterator = pieces[Symbol.asyncIterator]();
  }

  async #next(): Promise<Uint8Array | undefined> {
    if (this.#pending) {
      const piece = this.#pending;
      this.#pending = undefined;
      return piece;
    }
    while (!this.#done) {
      const { done, value } = await this.#iterator.next();
      if (done) this.#done = true;
      else if (value.length > 0) return value;
    }
    return undefined;
  }

  /** Whether any byte is left. */
  async hasMore(): Promise<boolean> {
    const piece = await this.#next();
    if (piece) this.#pending = piece;
    return piece !== undefined;
  }

  async *take(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      const piece = await this.#next();
      if (!piece) return;
      if (piece.length > left) {
        this.#pending = piece.subarray(left);
        yield piece.subarray(0, left);
        return;
      }
      left -= piece.length;
      yield piece;
    }
  }

  async close(): Promise<void> {
    await this.#iterator.return?.();
  }
}

/** The pieces of any merkle source (a path is opened and read; the caller's stream is read once). */
export async function* sourcePieces(source: MerkleSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (isAsyncIterable(source) && !isReadableStream(source)) {
    for await (const piece of source) {
      signal?.throwIfAborted();
      yield toBytes(piece);
    }
    return;
  }
  if (isReadableStream(source)) {
    yield* streamPieces(source, signal);
    return;
  }
  const access = await openRandomAccess(source);
  try {
    yield* readPieces(access!, 0, access!.size, signal);
  } finally {
    await access!.close();
  }
}

/** Spools pieces while passing them on: the returned pieces feed the hasher, `spool` re-reads them later. */
export async function createSpooler(): Promise<{ tee(pieces: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array>; spool: Awaited<ReturnType<typeof createSpool>> }> {
  const spool = await createSpool();
  return {
    spool,
    async *tee(pieces) {
      for await (const piece of pieces) {
        await spool.write(piece);
        yield piece;
      }
    },
  };
}
