import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { emptyChunkHash } from "../constants.js";
import { randomBytes } from "../test/reference.js";
import { bytesToHex } from "viem";
import { keccakWasmBytes } from "./keccak-wasm.js";
import { loadKeccak } from "./keccak.js";
import { refTree } from "../test/reference.js";

describe("loadKeccak", async () => {
  const keccak = await loadKeccak();

  it("is cached", async () => {
    expect(await loadKeccak()).toBe(keccak);
  });

  it("hashes any length like keccak256", () => {
    for (const length of [0, 1, 31, 32, 64, 135, 136, 137, 255, 256, 257, 271, 272, 1000, 4096, 100_003, 262_072, 262_073, 600_001]) {
      const data = randomBytes(length, length + 7);
      expect(bytesToHex(keccak.hash(data)), `length ${length}`).toBe(bytesToHex(keccak_256(data)));
    }
    expect(bytesToHex(keccak.hash(new Uint8Array(256)))).toBe(emptyChunkHash);
  });

  it("hashes pairs, chunks and levels", () => {
    const a = randomBytes(32, 1);
    const b = randomBytes(32, 2);
    const ab = new Uint8Array(64);
    ab.set(a);
    ab.set(b, 32);
    expect(keccak.hashPair(a, b)).toEqual(keccak_256(ab));

    const data = randomBytes(256 * 5 + 17, 3);
    const leaves = keccak.hashChunks(data);
    expect(leaves.length).toBe(6 * 32);
    const lastChunk = new Uint8Array(256);
    lastChunk.set(data.subarray(256 * 5));
    expect(leaves.subarray(0, 32)).toEqual(keccak_256(data.subarray(0, 256)));
    expect(leaves.subarray(160, 192)).toEqual(keccak_256(lastChunk));

    const level = keccak.hashLevel(leaves.subarray(0, 5 * 32));
    expect(level.length).toBe(3 * 32);
    expect(level.subarray(0, 32)).toEqual(keccak_256(leaves.subarray(0, 64)));
    expect(level.subarray(64, 96)).toEqual(leaves.subarray(128, 160)); // the odd node moves up
    const inPlace = leaves.slice(0, 5 * 32);
    expect(keccak.hashLevel(inPlace, inPlace)).toEqual(level);
  });

  it("hashes more than one segment of chunks and levels per call", () => {
    const data = randomBytes(256 * 2500 + 3, 8);
    const leaves = keccak.hashChunks(data);
    for (const i of [0, 1023, 1024, 2047, 2048, 2500]) {
      const chunk = new Uint8Array(256);
      chunk.set(data.subarray(i * 256, i * 256 + 256));
      expect(leaves.subarray(i * 32, i * 32 + 32), `leaf ${i}`).toEqual(keccak_256(chunk));
    }
    const nodes = randomBytes(9001 * 32, 9); // more pairs than one call takes (4096)
    const level = keccak.hashLevel(nodes);
    expect(level.length).toBe(4501 * 32);
    for (const i of [0, 4095, 4096, 4200, 4499])
      expect(level.subarray(i * 32, i * 32 + 32), `parent ${i}`).toEqual(keccak_256(nodes.subarray(i * 64, i * 64 + 64)));
    expect(level.subarray(4500 * 32)).toEqual(nodes.subarray(9000 * 32, 9001 * 32));
    expect(keccak.hashLevel(nodes.slice(), undefined)).toEqual(level);
    const inPlace = nodes.slice();
    expect(keccak.hashLevel(inPlace, inPlace)).toEqual(level);
  });

  it("computes chunk-tree roots with empty leaves appended", () => {
    for (const [size, leafCount] of [[1, undefined], [256, 1], [257, 3], [700, 768], [262_144, undefined], [1000, 1024]] as const) {
      const data = randomBytes(size, size);
      const padded = new Uint8Array(Math.max(Math.ceil(size / 256), leafCount ?? 0) * 256);
      padded.set(data);
      const expected = refTree(Array.from({ length: padded.length / 256 }, (_, i) => keccak_256(padded.subarray(i * 256, i * 256 + 256))));
      expect(keccak.chunksRoot(data, leafCount), `size ${size}`).toEqual(expected);
    }
    expect(() => keccak.chunksRoot(new Uint8Array(0))).toThrow(/leafCount/);
    expect(() => keccak.chunksRoot(new Uint8Array(256), 1025)).toThrow(/leafCount/);
  });

  it("emits the same WebAssembly module every time", () => {
    expect(keccakWasmBytes()).toEqual(keccakWasmBytes());
    expect(WebAssembly.validate(keccakWasmBytes() as Uint8Array<ArrayBuffer>)).toBe(true);
  });
});
