import { describe, expect, it } from "vitest";
import { FileReadError } from "../errors.js";
import { randomBytes } from "../test/reference.js";
import { createFileMerkleBuilder } from "./file.js";
import { loadKeccak } from "./keccak.js";
import { fileMerkle } from "./source.js";

const keccak = await loadKeccak();
const data = randomBytes(2 * 1024 * 256 + 4099, 11);
const expected = createFileMerkleBuilder(keccak).update(data).finish().root;

function* pieces(sizes: number[]) {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.slice(offset, offset + n);
    offset += n;
  }
}

describe("fileMerkle sources", () => {
  it("Uint8Array", async () => {
    expect((await fileMerkle(data)).root).toBe(expected);
  });

  it("Blob", async () => {
    expect((await fileMerkle(new Blob([data.slice(0, 1000), data.slice(1000)]))).root).toBe(expected);
  });

  it("ReadableStream with odd chunk sizes", async () => {
    const iterator = pieces([1, 77_777, 255, 300_001, 3]);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    expect((await fileMerkle(stream, { keccak })).root).toBe(expected);
  });

  it("AsyncIterable with odd chunk sizes", async () => {
    async function* source() {
      yield* pieces([262_143, 2, 999, 17]);
    }
    expect((await fileMerkle(source())).root).toBe(expected);
  });

  it("wraps a failing source and an abort in FileReadError", async () => {
    async function* failing() {
      yield data.subarray(0, 10);
      throw new Error("disk gone");
    }
    await expect(fileMerkle(failing())).rejects.toThrow(FileReadError);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(fileMerkle(new Blob([data.slice()]), { signal: controller.signal })).rejects.toThrow(FileReadError);
  });
});
