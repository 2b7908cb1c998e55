import { segmentChunks, segmentSize } from "../constants.js";
import { wasmLayout } from "./keccak-wasm.js";

/**
 * The merkle worker's code, run with `new Worker(code, { eval: true })` so that it needs no file of
 * its own next to the bundle (ESM, CJS and the TypeScript sources load it alike). It instantiates
 * the compiled keccak module it is given, then hashes full segments of a SharedArrayBuffer into
 * their roots: a complete tree over 1024 chunk leaves.
 */
export const merkleWorkerSource = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { chunks, pairs, memory } = new WebAssembly.Instance(workerData.module, {}).exports;
const mem = new Uint8Array(memory.buffer);
const input = ${wasmLayout.input};
const leaves = ${wasmLayout.leaves};
parentPort.on("message", ({ id, buffer, offset, count }) => {
  try {
    const roots = new Uint8Array(count * 32);
    for (let s = 0; s < count; s++) {
      mem.set(new Uint8Array(buffer, offset + s * ${segmentSize}, ${segmentSize}), input);
      chunks(input, ${segmentChunks}, leaves);
      for (let n = ${segmentChunks}; n > 1; n >>= 1) pairs(leaves, n >> 1, leaves);
      roots.set(mem.subarray(leaves, leaves + 32), s * 32);
    }
    parentPort.postMessage({ id, roots }, [roots.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
});
parentPort.postMessage({ ready: true });
`;
