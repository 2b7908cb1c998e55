import { encodeStreamData, toStreamId } from "@0g/storage";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { b64, blind, startKvDevnet, utf8, type KvTestNet } from "./test-helpers.js";

// Every result string of 0G's replayer (`ReplayResult`'s Display), produced by real uploads.
// Account 1 creates the streams (and so is their admin); account 2 is a stranger.

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let net: KvTestNet;
beforeAll(async () => {
  net = await startKvDevnet();
});
afterAll(() => net.devnet.stop());

const stream = toStreamId("results/main");
const other = toStreamId("results/other");

describe("transaction results", () => {
  it("Commit, and the value is readable at the tx's version", async () => {
    const { txSeq, result } = await net.write(1, { writes: [{ streamId: stream, key: utf8("k"), value: utf8("v1") }] });
    expect(result).toBe("Commit");
    expect(await net.rpc("kv_getValue", [stream, b64("k"), 0, 100])).toEqual({ result: { version: txSeq, data: b64("v1"), size: 2 } });
    expect(await net.rpc("kv_getTransactionResult", [txSeq])).toEqual({ result: "Commit" });
  });

  it("VersionConfliction: a read or a write of a key written after the tx's version", async () => {
    const first = await net.write(1, { writes: [{ streamId: stream, key: utf8("conflict"), value: utf8("a") }] });
    const read = await net.write(1, { version: BigInt(first.txSeq - 1), reads: [{ streamId: stream, key: utf8("conflict") }], writes: [{ streamId: stream, key: utf8("z"), value: utf8("z") }] });
    expect(read.result).toBe("VersionConfliction");
    const write = await net.write(1, { version: BigInt(first.txSeq - 1), writes: [{ streamId: stream, key: utf8("conflict"), value: utf8("b") }] });
    expect(write.result).toBe("VersionConfliction");
    // Based on the version that wrote it: no conflict.
    const ok = await net.write(1, { version: BigInt(first.txSeq), reads: [{ streamId: stream, key: utf8("conflict") }], writes: [{ streamId: stream, key: utf8("conflict"), value: utf8("c") }] });
    expect(ok.result).toBe("Commit");
    expect(await net.rpc("kv_getValue", [stream, b64("z"), 0, 10])).toEqual({ result: { version: 0, data: "", size: 0 } });
  });

  it("TagsMismatch: a write to a stream the tags do not name", async () => {
    const { result } = await net.write(1, { writes: [{ streamId: other, key: utf8("k"), value: utf8("v") }] }, { streams: [stream] });
    expect(result).toBe("TagsMismatch");
    // An access-control operation on a stream outside the tags, too.
    const acl = await net.write(1, { controls: [{ type: "grantWriter", streamId: other, account: net.address(2) }] }, { streams: [stream] });
    expect(acl.result).toBe("TagsMismatch");
  });

  it("SenderNoWritePermission: the sender can write none of the tx's streams", async () => {
    const { result } = await net.write(2, { writes: [{ streamId: stream, key: utf8("k"), value: utf8("mine") }] });
    expect(result).toBe("SenderNoWritePermission");
    expect(await net.rpc("kv_getValue", [stream, b64("k"), 0, 100])).toMatchObject({ result: { data: b64("v1") } });
  });

  it("WritePermissionDenied: a key the sender may not write, printed as the node prints keys", async () => {
    // Account 2 may write key "mine" only (a special key); it can write the stream, not every key.
    const grant = await net.write(1, {
      controls: [
        { type: "setKeySpecial", streamId: stream, key: utf8("mine") },
        { type: "grantSpecialWriter", streamId: stream, key: utf8("mine"), account: net.address(2) },
      ],
    });
    expect(grant.result).toBe("Commit");
    expect((await net.write(2, { writes: [{ streamId: stream, key: utf8("mine"), value: utf8("ok") }] })).result).toBe("Commit");
    const denied = (key: Uint8Array) => net.write(2, { writes: [{ streamId: stream, key, value: utf8("x") }] });
    expect((await denied(utf8("k"))).result).toBe(`WritePermissionDenied: stream: ${stream}, key: k`);
    expect((await denied(utf8("é".repeat(40)))).result).toBe(`WritePermissionDenied: stream: ${stream}, key: ${"é".repeat(32)}`);
    expect((await denied(Uint8Array.of(0xff, 0xfe))).result).toBe(`WritePermissionDenied: stream: ${stream}, key: UNKNOWN`);
  });

  it("AccessControlPermissionDenied: an operation the sender may not perform", async () => {
    const { result } = await net.write(2, { controls: [{ type: "grantAdmin", streamId: stream, account: net.address(3) }] });
    expect(result).toBe(`AccessControlPermissionDenied: operation: GRANT_ADMIN_ROLE, stream: ${stream}, key: NONE, account: ${net.address(3)}`);
    const special = await net.write(2, { controls: [{ type: "setKeyNormal", streamId: stream, key: utf8("mine") }] });
    expect(special.result).toBe(
      `AccessControlPermissionDenied: operation: SET_KEY_TO_NORMAL, stream: ${stream}, key: mine, account: 0x0000000000000000000000000000000000000000`,
    );
  });

  it("DataParseError with both of the node's reasons", async () => {
    // One write whose key length is 0.
    const emptyKey = new Uint8Array(8 + 4 + 4 + 32 + 3);
    emptyKey.fill(0xff, 0, 8);
    emptyKey[15] = 1;
    emptyKey.set(Buffer.from(stream.slice(2), "hex"), 16);
    expect((await net.write(1, emptyKey, { streams: [stream] })).result).toBe("DataParseError: Invalid stream data");
    // 65,537 reads.
    const tooMany = encodeStreamData({ version: blind, reads: [], writes: [], controls: [] });
    new DataView(tooMany.buffer).setUint32(8, 65_537);
    expect((await net.write(1, tooMany, { streams: [stream] })).result).toBe("DataParseError: Stream read/write/access_control list too long");
    // An unknown access-control type.
    const unknownOp = encodeStreamData({ version: blind, reads: [], writes: [], controls: [{ type: "renounceAdmin", streamId: stream }] });
    unknownOp[20] = 0x40;
    expect((await net.write(1, unknownOp, { streams: [stream] })).result).toBe("DataParseError: Invalid stream data");
  });

  it("no result for a submission that is not a KV transaction, and none before replay", async () => {
    const { txSeq, result } = await net.write(1, utf8("just a file"), { streams: [] });
    expect(result).toBeNull();
    expect(await net.rpc("kv_getTransactionResult", [txSeq])).toEqual({ result: null });
    expect(await net.rpc("kv_getTransactionResult", [txSeq + 1000])).toEqual({ result: null });
    expect(net.devnet.storage.kv.replayProgress()).toEqual({ appliedSeq: txSeq + 1, firstTxSeq: null });
  });

  it("a malformed transaction changes nothing, even when its first sections were valid", async () => {
    const bytes = encodeStreamData({
      version: blind,
      reads: [],
      writes: [{ streamId: stream, key: utf8("a-new-key"), value: utf8("v") }],
      controls: [{ type: "grantWriter", streamId: stream, account: net.address(4) }],
    });
    // Claim 1000 operations where there is one: the rest runs past the data (and its chunk padding).
    new DataView(bytes.buffer).setUint32(bytes.length - (1 + 32 + 20) - 4, 1000);
    const { txSeq, result } = await net.write(1, bytes, { streams: [stream] });
    expect(result).toBe("DataParseError: Invalid stream data");
    expect(await net.rpc("kv_getValue", [stream, b64("a-new-key"), 0, 10])).toEqual({ result: { version: 0, data: "", size: 0 } });
    expect(await net.rpc("kv_isWriterOfStream", [net.address(4), stream, txSeq])).toEqual({ result: false });
  });
});
