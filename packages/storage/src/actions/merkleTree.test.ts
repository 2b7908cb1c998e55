import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmptyFileError, FileReadError } from "../errors.js";
import { officialMerkle } from "../test/sdk.js";
import { bytesOf } from "../test/devnet.js";
import { fileRoot, merkleTree } from "./merkleTree.js";

describe("merkleTree / fileRoot", () => {
  it("agree with 0G's SDK for bytes, Blobs, streams, async iterables and file paths", async () => {
    const dir = await mkdtemp(join(tmpdir(), "0g-merkle-test-"));
    try {
      for (const size of [1, 256, 257, 700_000]) {
        const data = bytesOf(size, size);
        const official = await officialMerkle(data);
        const path = join(dir, `${size}.bin`);
        await writeFile(path, data);
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < data.length; i += 9999) c.enqueue(data.slice(i, i + 9999));
            c.close();
          },
        });
        async function* pieces() {
          yield data.subarray(0, 3);
          yield data.subarray(3);
        }
        for (const source of [data, new Blob([data]), stream, pieces(), path]) expect(await fileRoot(source)).toBe(official.root);
        expect((await merkleTree(data)).nodes).toEqual(official.nodes);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("typed errors for an empty file and a missing path", async () => {
    await expect(fileRoot(new Uint8Array(0))).rejects.toThrow(EmptyFileError);
    await expect(fileRoot(join(tmpdir(), "does-not-exist-0g"))).rejects.toThrow(FileReadError);
  });
});
