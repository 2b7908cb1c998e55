import type { RpcClient } from "@0g/core";
import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import { bytesToBase64 } from "../rpc/base64.js";
import type { KvRpcSchema, ValueSegment } from "../rpc/kv-schema.js";
import { kvQueryChunkSize } from "./constants.js";
import type { KvNode } from "./endpoint.js";
import { completeValue } from "./read.js";
import { toStreamId } from "./stream-id.js";

const streamId = toStreamId("read-test");
const bytesOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);
const key = new Uint8Array([1]);

/** A KV node whose kv_getValue answers from `answer(start, len, version)`, recording the calls. */
function fakeNode(answer: (start: number, len: number, version: number | null | undefined) => ValueSegment | null) {
  const calls: unknown[][] = [];
  const rpc = {
    request: async ({ method, params }: { method: string; params: unknown[] }) => {
      if (method !== "kv_getValue") throw new Error(method);
      calls.push(params);
      const [, , start, len, version] = params as [string, string, number, number, number | undefined];
      return answer(start, len, version);
    },
  } as unknown as RpcClient<KvRpcSchema>;
  return { node: { url: "http://fake", rpc } satisfies KvNode, calls };
}

describe("completeValue", () => {
  const value = bytesOf(2 * kvQueryChunkSize + 1000, 7);
  const slice = (start: number, len: number) => bytesToBase64(value.subarray(start, start + len));

  it("fetches the chunks after the first at the first one's version", async () => {
    const { node, calls } = fakeNode((start, len) => ({ version: 12, size: value.length, data: slice(start, len) }));
    const first = { version: 12, size: value.length, data: value.subarray(0, kvQueryChunkSize) };
    const whole = await completeValue(node, streamId, key, first);
    expect(bytesToHex(whole)).toBe(bytesToHex(value));
    expect(calls.map((c) => c.slice(2))).toEqual([
      [kvQueryChunkSize, kvQueryChunkSize, 12],
      [2 * kvQueryChunkSize, 1000, 12],
    ]);
  });

  it("returns a value that came whole without asking again", async () => {
    const { node, calls } = fakeNode(() => null);
    expect(await completeValue(node, streamId, key, { version: 1, size: 3, data: new Uint8Array([1, 2, 3]) })).toEqual(new Uint8Array([1, 2, 3]));
    expect(calls).toEqual([]);
  });

  it("throws KvInconsistentReadError when the chunks do not fit together", async () => {
    const first = { version: 12, size: value.length, data: value.subarray(0, kvQueryChunkSize) };
    const cases: ((start: number, len: number) => ValueSegment | null)[] = [
      (start, len) => ({ version: 13, size: value.length, data: slice(start, len) }), // another write
      (start, len) => ({ version: 12, size: value.length + 1, data: slice(start, len) }), // another size
      (start, len) => ({ version: 12, size: value.length, data: slice(start, len - 1) }), // short
      () => null,
    ];
    for (const answer of cases) {
      await expect(completeValue(fakeNode(answer).node, streamId, key, first)).rejects.toMatchObject({ code: 2509, name: "KvInconsistentReadError" });
    }
    await expect(completeValue(fakeNode(() => null).node, streamId, key, { version: 1, size: 10, data: new Uint8Array(11) })).rejects.toMatchObject({
      code: 2509,
    });
    await expect(completeValue(fakeNode(() => null).node, streamId, key, { version: 1, size: 10, data: new Uint8Array(0) })).rejects.toMatchObject({
      code: 2509,
    });
  });
});
