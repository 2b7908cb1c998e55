import { StreamData as OfficialStreamData } from "@0gfoundation/0g-ts-sdk";
import fc from "fast-check";
import { bytesToHex, concatBytes, getAddress, hexToBytes, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { kvAccessControlOps, type KvAccessControl } from "./access-control.js";
import { kvBlindWriteVersion, maxKvOperations } from "./constants.js";
import { StreamDataDecodeError } from "./errors.js";
import { decodeStreamData, encodeStreamData, streamDataSize, type StreamData } from "./stream-data.js";

const streamIdArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => bytesToHex(b));
const keyArb = fc.uint8Array({ minLength: 1, maxLength: 40 });
const accountArb = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(bytesToHex(b)));
const controlArb: fc.Arbitrary<KvAccessControl> = fc.oneof(
  fc.record({ type: fc.constantFrom("grantAdmin", "grantWriter", "revokeWriter") as fc.Arbitrary<"grantAdmin">, streamId: streamIdArb, account: accountArb }),
  fc.record({ type: fc.constantFrom("renounceAdmin", "renounceWriter") as fc.Arbitrary<"renounceAdmin">, streamId: streamIdArb }),
  fc.record({
    type: fc.constantFrom("setKeySpecial", "setKeyNormal", "renounceSpecialWriter") as fc.Arbitrary<"setKeySpecial">,
    streamId: streamIdArb,
    key: keyArb,
  }),
  fc.record({
    type: fc.constantFrom("grantSpecialWriter", "revokeSpecialWriter") as fc.Arbitrary<"grantSpecialWriter">,
    streamId: streamIdArb,
    key: keyArb,
    account: accountArb,
  }),
);
const streamDataArb = (maxVersion: bigint): fc.Arbitrary<StreamData> =>
  fc.record({
    version: fc.bigInt({ min: 0n, max: maxVersion }),
    reads: fc.array(fc.record({ streamId: streamIdArb, key: keyArb }), { maxLength: 5 }),
    writes: fc.array(fc.record({ streamId: streamIdArb, key: keyArb, value: fc.uint8Array({ maxLength: 600 }) }), { maxLength: 5 }),
    controls: fc.array(controlArb, { maxLength: 6 }),
  });

/** The same transaction in the official SDK's classes. */
function official(data: StreamData): Uint8Array {
  const sd = new OfficialStreamData(Number(data.version));
  sd.Reads = data.reads.map((r) => ({ StreamId: r.streamId, Key: r.key }));
  sd.Writes = data.writes.map((w) => ({ StreamId: w.streamId, Key: w.key, Data: w.value }));
  sd.Controls = data.controls.map((c) => ({
    Type: kvAccessControlOps[c.type],
    StreamId: c.streamId,
    ...("key" in c ? { Key: c.key } : {}),
    ...("account" in c ? { Account: c.account } : {}),
  }));
  return sd.encode();
}

const id = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
const alice: Address = "0x1111111111111111111111111111111111111111";

describe("StreamData encoding", () => {
  it("lays out a transaction as 0G's node parses it", () => {
    const data: StreamData = {
      version: 7n,
      reads: [{ streamId: id(1), key: new Uint8Array([0x61]) }],
      writes: [
        { streamId: id(1), key: new Uint8Array([0x62, 0x63]), value: new Uint8Array([1, 2, 3]) },
        { streamId: id(2), key: new Uint8Array([0x64]), value: new Uint8Array([]) },
      ],
      controls: [{ type: "grantWriter", streamId: id(1), account: alice }],
    };
    const bytes = encodeStreamData(data);
    const expected = concatBytes([
      hexToBytes("0x0000000000000007"),
      hexToBytes("0x00000001"),
      hexToBytes(id(1)),
      hexToBytes("0x000001"),
      new Uint8Array([0x61]),
      hexToBytes("0x00000002"),
      hexToBytes(id(1)),
      hexToBytes("0x000002"),
      new Uint8Array([0x62, 0x63]),
      hexToBytes("0x0000000000000003"),
      hexToBytes(id(2)),
      hexToBytes("0x000001"),
      new Uint8Array([0x64]),
      hexToBytes("0x0000000000000000"),
      new Uint8Array([1, 2, 3]),
      hexToBytes("0x00000001"),
      new Uint8Array([0x20]),
      hexToBytes(id(1)),
      hexToBytes(alice),
    ]);
    expect(bytesToHex(bytes)).toBe(bytesToHex(expected));
    expect(streamDataSize(data)).toBe(bytes.length);
    expect(decodeStreamData(bytes)).toEqual(data);
  });

  it("round-trips random transactions (property)", () => {
    fc.assert(
      fc.property(streamDataArb(kvBlindWriteVersion), (data) => {
        const bytes = encodeStreamData(data);
        expect(bytes.length).toBe(streamDataSize(data));
        expect(decodeStreamData(bytes)).toEqual(data);
      }),
      { numRuns: 300 },
    );
  });

  it("is byte-identical to the official SDK's StreamData.encode() (property)", () => {
    fc.assert(
      fc.property(streamDataArb(BigInt(Number.MAX_SAFE_INTEGER)), (data) => {
        expect(bytesToHex(encodeStreamData(data))).toBe(bytesToHex(official(data)));
      }),
      { numRuns: 300 },
    );
    const blind = { version: kvBlindWriteVersion, reads: [], writes: [], controls: [] };
    expect(bytesToHex(encodeStreamData(blind)).slice(0, 18)).toBe("0xffffffffffffffff");
  });

  it("refuses what the node would reject, before anything is written", () => {
    const empty = { version: 0n, reads: [], writes: [], controls: [] };
    expect(() => encodeStreamData({ ...empty, reads: [{ streamId: id(1), key: new Uint8Array() }] })).toThrow(expect.objectContaining({ code: 2501 }));
    expect(() => encodeStreamData({ ...empty, reads: [{ streamId: "0x12" as Hex, key: new Uint8Array([1]) }] })).toThrow(
      expect.objectContaining({ code: 2500 }),
    );
    const many = Array.from({ length: maxKvOperations + 1 }, () => ({ streamId: id(1), key: new Uint8Array([1]) }));
    expect(() => encodeStreamData({ ...empty, reads: many })).toThrow(expect.objectContaining({ code: 2502, kind: "reads", count: maxKvOperations + 1 }));
    expect(() => encodeStreamData({ ...empty, version: -1n })).toThrow(RangeError);
  });
});

describe("StreamData decoding errors", () => {
  const decodeError = (bytes: Uint8Array): StreamDataDecodeError => {
    try {
      decodeStreamData(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(StreamDataDecodeError);
      return error as StreamDataDecodeError;
    }
    throw new Error("decoded");
  };

  it("reads the data padded to whole 256-byte chunks, as the Flow stores it", () => {
    // Only the version: the zero padding reads as three empty lists.
    expect(decodeStreamData(hexToBytes("0x0000000000000005"))).toEqual({ version: 5n, reads: [], writes: [], controls: [] });
    expect(decodeError(new Uint8Array(0))).toMatchObject({ section: "version", reason: "Invalid stream data" });
  });

  it("fails on truncated data", () => {
    const data: StreamData = { version: 1n, reads: [], writes: [{ streamId: id(1), key: new Uint8Array([1]), value: new Uint8Array(300) }], controls: [] };
    const bytes = encodeStreamData(data);
    const error = decodeError(bytes.subarray(0, 256));
    expect(error).toMatchObject({ code: 2503, reason: "Invalid stream data", section: "writes" });
    // Cut inside the access-control list.
    const withControl = encodeStreamData({ ...data, writes: [{ ...data.writes[0]!, value: new Uint8Array(440) }], controls: [{ type: "grantAdmin", streamId: id(2), account: alice }] });
    expect(withControl.length).toBe(8 + 4 + 4 + 44 + 440 + 4 + 1 + 32 + 20);
    expect(decodeError(withControl.subarray(0, 512))).toMatchObject({ section: "controls", reason: "Invalid stream data" });
  });

  it("fails on over-long lists and lengths", () => {
    const tooMany = concatBytes([new Uint8Array(8), hexToBytes("0x00010001")]);
    expect(decodeError(tooMany)).toMatchObject({ reason: "Stream read/write/access_control list too long", section: "reads" });
    const writes = concatBytes([new Uint8Array(8), new Uint8Array(4), hexToBytes("0x00010001")]);
    expect(decodeError(writes)).toMatchObject({ reason: "Stream read/write/access_control list too long", section: "writes" });
    // A key length beyond the data.
    const longKey = concatBytes([new Uint8Array(8), hexToBytes("0x00000001"), hexToBytes(id(1)), hexToBytes("0xffffff")]);
    expect(decodeError(longKey)).toMatchObject({ reason: "Invalid stream data", section: "reads" });
    // A value length of 2^63.
    const hugeValue = concatBytes([new Uint8Array(8), new Uint8Array(4), hexToBytes("0x00000001"), hexToBytes(id(1)), hexToBytes("0x00000161"), hexToBytes("0x8000000000000000")]);
    expect(decodeError(hugeValue)).toMatchObject({ reason: "Invalid stream data", section: "writes" });
    // An empty key.
    const emptyKey = concatBytes([new Uint8Array(8), hexToBytes("0x00000001"), hexToBytes(id(1)), hexToBytes("0x000000")]);
    expect(decodeError(emptyKey).details).toContain("empty key");
    // An access-control type 0G does not define.
    const badType = concatBytes([new Uint8Array(8), new Uint8Array(4), new Uint8Array(4), hexToBytes("0x0000000105"), hexToBytes(id(1))]);
    expect(decodeError(badType).details).toContain("unknown access-control type 0x05");
  });
});
