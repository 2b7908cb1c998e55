import { EmptyFileError, FileTooLargeError } from "../errors.js";
import type { Encryptor } from "../encryption/index.js";
import type { FileMerkle } from "../merkle/file.js";
import { fileMerkle } from "../merkle/source.js";
import { nextPow2 } from "../merkle/padding.js";
import {
  createSpooler,
  encryptedAccess,
  encryptPieces,
  openRandomAccess,
  PieceReader,
  readPieces,
  sliceAccess,
  streamPieces,
} from "../source/open.js";
import type { RandomAccess, UploadSource } from "../source/types.js";

/** One fragment of an upload: its own merkle tree and Flow submission. */
export type PreparedFragment = {
  readonly index: number;
  /** Offset of the fragment in the (encrypted) file. */
  readonly offset: number;
  readonly merkle: FileMerkle;
  /** The fragment's bytes, readable at any offset (segments are read from here). */
  readonly access: RandomAccess;
};

export type PreparedFile = {
  /** Bytes uploaded: the file, plus the encryption header. */
  readonly size: number;
  readonly fragments: readonly PreparedFragment[];
  close(): Promise<void>;
};

/** 0G's fragment size rule (`splitableUpload`): at least a chunk, rounded up to a power of two. */
export function alignFragmentSize(fragmentSize: number): number {
  return nextPow2(Math.max(256, Math.floor(fragmentSize)));
}

/**
 * Reads the source once, hashing it (a stream is spooled meanwhile, to a temporary file in Node or
 * a Blob in browsers, so segments can be re-read without hashing again), and splits it into
 * fragments of `fragmentSize` bytes, each with its merkle tree.
 *
 * @throws {EmptyFileError} for 0 bytes.
 * @throws {FileTooLargeError} over `maxFileSize` (known before reading, except for streams: then as
 * soon as more bytes than that have arrived).
 */
export async function prepareUpload(
  data: UploadSource,
  {
    encryptor,
    fragmentSize,
    signal,
    workers,
    maxFileSize = Number.MAX_SAFE_INTEGER,
    onBytes,
  }: {
    encryptor: Encryptor | undefined;
    fragmentSize: number;
    signal: AbortSignal | undefined;
    workers: boolean | number | undefined;
    /** Bytes (as stored: with the encryption header) above which the file is refused. */
    maxFileSize?: number | undefined;
    onBytes: (bytes: number, total: number | undefined) => void;
  },
): Promise<PreparedFile> {
  const plain = await openRandomAccess(data);
  let access: RandomAccess | undefined;
  let pieces: AsyncIterable<Uint8Array>;
  let spooler: Awaited<ReturnType<typeof createSpooler>> | undefined;
  if (plain) {
    access = encryptor ? encryptedAccess(plain, encryptor) : plain;
    pieces = data instanceof Uint8Array && !encryptor ? singlePiece(data) : readPieces(access, 0, access.size, signal);
  } else {
    spooler = await createSpooler();
    const stream = streamPieces(data as ReadableStream<Uint8Array>, signal);
    pieces = spooler.tee(encryptor ? encryptPieces(stream, encryptor) : stream);
  }
  const total = access?.size;
  let seen = 0;
  let arrived = 0;
  const reader = new PieceReader(
    counted(
      pieces,
      (n) => {
        arrived += n;
        if (arrived > maxFileSize) throw new FileTooLargeError({ size: arrived, maxFileSize });
      },
      (n) => onBytes((seen += n), total),
    ),
  );
  const ranges: { offset: number; merkle: FileMerkle }[] = [];
  try {
    if (total === 0) throw new EmptyFileError();
    if (total !== undefined && total > maxFileSize) throw new FileTooLargeError({ size: total, maxFileSize });
    let offset = 0;
    for (;;) {
      if (ranges.length > 0 && !(await reader.hasMore())) break;
      const merkle = await fileMerkle(reader.take(fragmentSize), { signal, workers });
      ranges.push({ offset, merkle });
      offset += merkle.size;
      if (merkle.size < fragmentSize) break;
    }
    if (spooler) access = await spooler.spool.finish();
  } catch (error) {
    await reader.close().catch(() => {});
    await spooler?.spool.discard();
    await plain?.close();
    throw error;
  }
  const whole = access!;
  return {
    size: whole.size,
    fragments: ranges.map(({ offset, merkle }, index) => ({
      index,
      offset,
      merkle,
      access: ranges.length === 1 ? whole : sliceAccess(whole, offset, merkle.size),
    })),
    close: () => whole.close(),
  };
}

async function* singlePiece(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** `pieces`, with `arriving` told of each piece before it is used and `used` after. */
async function* counted(
  pieces: AsyncIterable<Uint8Array>,
  arriving: (n: number) => void,
  used: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces) {
    arriving(piece.length);
    yield piece;
    used(piece.length);
  }
}

