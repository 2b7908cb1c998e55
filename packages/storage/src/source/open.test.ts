import { describe, expect, it } from "vitest";
import { createEncryptor, encryptBytes } from "../encryption/index.js";
import { bytesOf } from "../test/devnet.js";
import { bytesAccess, encryptedAccess, encryptPieces, PieceReader, sliceAccess } from "./open.js";
import { createSpool } from "./platform.node.js";
import { createSpool as createBrowserSpool } from "./platform.browser.js";

async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of pieces) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}
async function* chunked(data: Uint8Array, step: number) {
  for (let i = 0; i < data.length; i += step) yield data.subarray(i, i + step);
}

describe("sources", () => {
  it("PieceReader cuts ranges across piece boundaries", async () => {
    const data = bytesOf(1000, 1);
    const reader = new PieceReader(chunked(data, 70));
    expect(await collect(reader.take(333))).toEqual(data.subarray(0, 333));
    expect(await reader.hasMore()).toBe(true);
    expect(await collect(reader.take(600))).toEqual(data.subarray(333, 933));
    expect(await collect(reader.take(600))).toEqual(data.subarray(933));
    expect(await reader.hasMore()).toBe(false);
  });

  it("encrypted access and encrypted pieces equal encryptBytes with the same header", async () => {
    const data = bytesOf(100_000, 2);
    const encryptor = await createEncryptor({ type: "aes256", key: bytesOf(32, 3) });
    const access = encryptedAccess(bytesAccess(data), encryptor);
    const whole = await access.read(0, access.size);
    expect(whole.length).toBe(data.length + 17);
    expect(whole.subarray(0, 17)).toEqual(encryptor.header);
    for (const [at, n] of [[0, 5], [10, 20], [17, 1], [5000, 33], [99_990, 100]] as const)
      expect(await access.read(at, n)).toEqual(whole.subarray(at, at + n));
    expect(await collect(encryptPieces(chunked(data, 777), encryptor))).toEqual(whole);
    expect(await sliceAccess(access, 100, 50).read(10, 100)).toEqual(whole.subarray(110, 150));
    // Another encryptor makes another nonce.
    expect((await encryptBytes(data, { type: "aes256", key: bytesOf(32, 3) })).subarray(0, 17)).not.toEqual(encryptor.header);
  });

  for (const [name, make] of [["temp file (Node)", createSpool], ["Blob (browsers)", createBrowserSpool]] as const) {
    it(`spools a stream into a ${name} and reads it back at any offset`, async () => {
      const data = bytesOf(300_000, 4);
      const spool = await make();
      for await (const piece of chunked(data, 65_536)) await spool.write(piece);
      const access = await spool.finish();
      expect(access.size).toBe(data.length);
      expect(await access.read(1, 200_000)).toEqual(data.subarray(1, 200_001));
      expect(await access.read(299_990, 100)).toEqual(data.subarray(299_990));
      await access.close();
    });
  }
});
