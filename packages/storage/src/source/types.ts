/** What `upload()` reads: bytes, a Blob/File, a web stream (read once), or (Node only) a file path. */
export type UploadSource = Uint8Array | Blob | ReadableStream<Uint8Array> | string;

/** What `merkleTree()` / `fileRoot()` read: an upload source or any async iterable of bytes. */
export type MerkleSource = UploadSource | AsyncIterable<Uint8Array>;

/** Bytes that can be read at any offset, again and again (what segment uploads re-read). */
export type RandomAccess = {
  /** Size in bytes. */
  readonly size: number;
  /** `min(length, size - offset)` bytes from `offset`. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases files and temporary storage. */
  close(): Promise<void>;
};

/** Bytes written once, sequentially, then read at random (a stream spooled while it is hashed). */
export type Spool = {
  write(bytes: Uint8Array): Promise<void>;
  /** Ends writing; the spool becomes readable. */
  finish(): Promise<RandomAccess>;
  /** Discards everything (on failure before `finish`). */
  discard(): Promise<void>;
};

/** A download's target file, written at offsets. */
export type FileSink = {
  write(offset: number, bytes: Uint8Array): Promise<void>;
  /** Closes the file, keeping it. */
  close(): Promise<void>;
  /** Closes and deletes the (partial) file. */
  abort(): Promise<void>;
};
