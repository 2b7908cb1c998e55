// The browser build's stand-in for platform.node.ts: no file system; streams spool into a Blob.
import { UnsupportedSourceError } from "../transfer/errors.js";
import type { FileSink, RandomAccess, Spool } from "./types.js";

/** Whether file paths are supported. */
export const fileSystemAvailable: boolean = false;

export async function openPath(_path: string): Promise<RandomAccess> {
  throw new UnsupportedSourceError({ what: "Reading a file path" });
}

/** A spool in memory, handed to a Blob when complete (browsers may page large Blobs to disk). */
export async function createSpool(): Promise<Spool> {
  let pieces: Uint8Array[] = [];
  return {
    async write(bytes) {
      pieces.push(bytes);
    },
    async finish() {
      const blob = new Blob(pieces as Uint8Array<ArrayBuffer>[]);
      pieces = [];
      return {
        size: blob.size,
        async read(offset, length) {
          return new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer());
        },
        async close() {},
      };
    },
    async discard() {
      pieces = [];
    },
  };
}

export async function openFileSink(_path: string, _overwrite: boolean): Promise<FileSink> {
  throw new UnsupportedSourceError({ what: "Downloading to a file path" });
}
