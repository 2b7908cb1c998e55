import { bytesToHex, stringToBytes, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { kvBatch } from "./batch.js";
import { compareBytes, prefixEnd } from "./bytes.js";
import { kvBlindWriteVersion, maxKvKeySize, maxKvOperations, streamDomain } from "./constants.js";
import { decodeStreamData } from "./stream-data.js";
import { streamIdsFromTags, toStreamId } from "./stream-id.js";

const a = toStreamId("a");
const b = toStreamId("b");
const alice: Address = "0x1111111111111111111111111111111111111111";

describe("kvBatch", () => {
  it("builds a transaction, chaining", () => {
    const batch = kvBatch()
      .set(a, "k1", "v1")
      .set(a, new Uint8Array([0, 1]), new Uint8Array([9]))
      .delete(b, "gone")
      .read(a, "r")
      .grantWriter(b, alice)
      .renounceAdmin(a)
      .grantSpecialWriter(a, "special", alice.toLowerCase() as Address);
    expect(batch.version).toBe(kvBlindWriteVersion);
    expect(batch.isEmpty).toBe(false);
    expect(batch.streamIds).toEqual([a, b]);
    expect(batch.tags()).toBe(`${streamDomain}${a.slice(2)}${b.slice(2)}`);
    expect(streamIdsFromTags(batch.tags())).toEqual([a, b]);
    const data = batch.toStreamData();
    expect(data.writes.map((w) => [w.streamId, bytesToHex(w.key), bytesToHex(w.value)])).toEqual([
      [a, bytesToHex(stringToBytes("k1")), bytesToHex(stringToBytes("v1"))],
      [a, "0x0001", "0x09"],
      [b, bytesToHex(stringToBytes("gone")), "0x"],
    ]);
    expect(data.reads).toEqual([{ streamId: a, key: stringToBytes("r") }]);
    expect(data.controls).toEqual([
      { type: "grantWriter", streamId: b, account: alice },
      { type: "renounceAdmin", streamId: a },
      { type: "grantSpecialWriter", streamId: a, key: stringToBytes("special"), account: alice },
    ]);
    expect(decodeStreamData(batch.encode())).toEqual(data);
  });

  it("keeps the last set of a key, and a read once", () => {
    const batch = kvBatch({ version: 5n }).set(a, "k", "1").set(b, "k", "x").delete(a, "k").set(a, "k", "3").read(a, "k").read(a, "k");
    const data = batch.toStreamData();
    expect(data.version).toBe(5n);
    expect(data.writes.map((w) => new TextDecoder().decode(w.value))).toEqual(["3", "x"]);
    expect(data.reads).toHaveLength(1);
  });

  it("copies keys and values, normalizes stream ids", () => {
    const value = new Uint8Array([1, 2, 3]);
    const batch = kvBatch().set(a.toUpperCase().replace("0X", "0x") as Hex, "k", value);
    value[0] = 9;
    expect(batch.toStreamData().writes[0]!.value).toEqual(new Uint8Array([1, 2, 3]));
    expect(batch.streamIds).toEqual([a]);
  });

  it("covers every access-control operation", () => {
    const batch = kvBatch()
      .grantAdmin(a, alice)
      .renounceAdmin(a)
      .setKeySpecial(a, "k")
      .setKeyNormal(a, "k")
      .grantWriter(a, alice)
      .revokeWriter(a, alice)
      .renounceWriter(a)
      .grantSpecialWriter(a, "k", alice)
      .revokeSpecialWriter(a, "k", alice)
      .renounceSpecialWriter(a, "k");
    expect(decodeStreamData(batch.encode()).controls.map((c) => c.type)).toEqual([
      "grantAdmin",
      "renounceAdmin",
      "setKeySpecial",
      "setKeyNormal",
      "grantWriter",
      "revokeWriter",
      "renounceWriter",
      "grantSpecialWriter",
      "revokeSpecialWriter",
      "renounceSpecialWriter",
    ]);
  });

  it("is empty until an operation is added", () => {
    const batch = kvBatch();
    expect(batch.isEmpty).toBe(true);
    expect(batch.streamIds).toEqual([]);
    expect(batch.read(a, "k").isEmpty).toBe(false);
  });

  it("checks every input at once, with typed errors", () => {
    expect(() => kvBatch().set(a, "", "v")).toThrow(expect.objectContaining({ code: 2501, name: "InvalidKvKeyError", size: 0 }));
    expect(() => kvBatch().set(a, new Uint8Array(), "v")).toThrow(expect.objectContaining({ code: 2501 }));
    expect(() => kvBatch().read(a, new Uint8Array(maxKvKeySize + 1))).toThrow(expect.objectContaining({ code: 2501, size: maxKvKeySize + 1 }));
    expect(() => kvBatch().setKeySpecial(a, "")).toThrow(expect.objectContaining({ code: 2501 }));
    expect(kvBatch().set(a, new Uint8Array(maxKvKeySize), "").isEmpty).toBe(false);
    for (const bad of ["0x12", `${a}00`, a.replace("0x", "0X"), a.slice(2), `0x${"g".repeat(64)}`, 42 as unknown as string]) {
      expect(() => kvBatch().set(bad as Hex, "k", "v")).toThrow(expect.objectContaining({ code: 2500, name: "InvalidStreamIdError" }));
    }
    expect(() => kvBatch().grantWriter(a, "0x12" as Address)).toThrow(/Invalid parameter "account"/);
    expect(() => kvBatch().set(a, "k", 5 as unknown as string)).toThrow(/Invalid parameter "value"/);
    expect(() => kvBatch({ version: -1n })).toThrow(/Invalid parameter "version"/);
    expect(() => kvBatch({ version: 2n ** 64n })).toThrow(/Invalid parameter "version"/);
    expect(() => kvBatch({ version: 1 as unknown as bigint })).toThrow(/Invalid parameter "version"/);
  });

  it(`refuses more than ${maxKvOperations} operations of a kind`, () => {
    const batch = kvBatch();
    for (let i = 0; i < maxKvOperations; i++) batch.set(a, `k${i}`, "");
    batch.set(a, "k0", "replacing is fine");
    expect(() => batch.set(a, "one-more", "")).toThrow(expect.objectContaining({ code: 2502, kind: "writes", count: maxKvOperations + 1 }));
    const reads = kvBatch();
    for (let i = 0; i < maxKvOperations; i++) reads.read(a, `k${i}`);
    expect(() => reads.read(a, "one-more")).toThrow(expect.objectContaining({ code: 2502, kind: "reads" }));
    const controls = kvBatch();
    for (let i = 0; i < maxKvOperations; i++) controls.renounceWriter(a);
    expect(() => controls.renounceAdmin(a)).toThrow(expect.objectContaining({ code: 2502, kind: "controls" }));
  });
});

describe("key order helpers", () => {
  it("compares bytes as the node orders keys", () => {
    const keys = [[1], [0, 255], [], [0], [1, 0], [0, 0]].map((k) => new Uint8Array(k));
    expect(keys.sort(compareBytes).map((k) => bytesToHex(k))).toEqual(["0x", "0x00", "0x0000", "0x00ff", "0x01", "0x0100"]);
  });

  it("finds the end of a prefix range", () => {
    expect(prefixEnd(stringToBytes("ab"))).toEqual(stringToBytes("ac"));
    expect(prefixEnd(new Uint8Array([1, 255, 255]))).toEqual(new Uint8Array([2]));
    expect(prefixEnd(new Uint8Array([255]))).toBeUndefined();
    expect(prefixEnd(new Uint8Array())).toBeUndefined();
  });
});
