// Node only: file paths, temporary spool files and download files. The browser build swaps this
// module for platform.browser.ts (see tsup.config.ts), so browsers never see node:*.
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileExistsError } from "../transfer/errors.js";
import type { FileSink, RandomAccess, Spool } from "./types.js";

/** Whether file paths are supported. */
export const fileSystemAvailable = true;

function handleAccess(handle: FileHandle, size: number, cleanup: () => Promise<void>): RandomAccess {
  let closed: Promise<void> | undefined;
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await handle.read(out, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? out : out.subarray(0, done);
    },
    close() {
      closed ??= handle.close().catch(() => {}).then(cleanup);
      return closed;
    },
  };
}

/** Opens a file for random reads. */
export async function openPath(path: string): Promise<RandomAccess> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    return handleAccess(handle, size, async () => {});
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A spool in a temporary file (deleted on close), so a stream of any size is read only once. */
export async function createSpool(): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), "0g-upload-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  let handle: FileHandle;
  try {
    handle = await open(join(dir, "data"), "w+");
  } catch (error) {
    await remove();
    throw error;
  }
  let size = 0;
  return {
    async write(bytes) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, size + done);
        done += bytesWritten;
      }
      size += bytes.length;
    },
    async finish() {
      return handleAccess(handle, size, remove);
    },
    async discard() {
      await handle.close().catch(() => {});
      await remove();
    },
  };
}

/** Creates the download's file; fails with `FileExistsError` when it exists and `overwrite` is off. */
export async function openFileSink(path: string, overwrite: boolean): Promise<FileSink> {
  let handle: FileHandle;
  try {
    handle = await open(path, overwrite ? "w" : "wx");
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") throw new FileExistsError({ path });
    throw error;
  }
  let ended = false;
  return {
    async write(offset, bytes) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done);
        done += bytesWritten;
      }
    },
    async close() {
      if (ended) return;
      ended = true;
      await handle.close();
    },
    async abort() {
      if (ended) return;
      ended = true;
      await handle.close().catch(() => {});
      await rm(path, { force: true });
    },
  };
}
