import { toStreamId } from "@0g/storage";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { b64, startKvDevnet, utf8, type KvTestNet } from "./test-helpers.js";

// Access control of KV streams through real uploads: the creator is admin, admins grant writers
// and special writers, writers grant writers, roles are revoked and renounced, and who counts is
// the signer of the Flow transaction (tx.from), never the submission's `submitter`.

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let net: KvTestNet;
beforeAll(async () => {
  net = await startKvDevnet();
});
afterAll(() => net.devnet.stop());

const set = (streamId: `0x${string}`, key: string, value: string) => ({ writes: [{ streamId, key: utf8(key), value: utf8(value) }] });
const value = async (streamId: `0x${string}`, key: string) =>
  ((await net.rpc("kv_getValue", [streamId, b64(key), 0, 100])).result as { data: string }).data;
const ask = async (method: string, params: unknown[]) => (await net.rpc(method, params)).result;

describe("access control", () => {
  const stream = toStreamId("acl/main");

  it("the first writer of a stream becomes its admin; a stranger's write has no effect", async () => {
    await net.write(1, utf8("not a KV transaction"), { streams: [] });
    const created = await net.write(1, set(stream, "k", "by-admin"));
    expect(created.result).toBe("Commit");
    expect(await ask("kv_isAdmin", [net.address(1), stream])).toBe(true);
    expect(await ask("kv_isAdmin", [net.address(1), stream, created.txSeq - 1])).toBe(false); // before its creation
    expect(await ask("kv_isAdmin", [net.address(2), stream])).toBe(false);
    expect(await ask("kv_hasWritePermission", [net.address(2), stream, b64("k")])).toBe(false);
    expect(await ask("kv_hasWritePermission", [net.address(2), toStreamId("acl/never-written"), b64("k")])).toBe(true); // a new stream

    expect((await net.write(2, set(stream, "k", "by-stranger"))).result).toBe("SenderNoWritePermission");
    expect(await value(stream, "k")).toBe(b64("by-admin"));
  });

  it("grantWriter lets an account write; revokeWriter and renounceWriter take it back", async () => {
    expect((await net.write(1, { controls: [{ type: "grantWriter", streamId: stream, account: net.address(2) }] })).result).toBe("Commit");
    expect(await ask("kv_isWriterOfStream", [net.address(2), stream])).toBe(true);
    expect((await net.write(2, set(stream, "k", "by-writer"))).result).toBe("Commit");
    expect(await value(stream, "k")).toBe(b64("by-writer"));

    // A writer may grant the writer role, not the admin role.
    expect((await net.write(2, { controls: [{ type: "grantWriter", streamId: stream, account: net.address(3) }] })).result).toBe("Commit");
    expect(await ask("kv_isWriterOfStream", [net.address(3), stream])).toBe(true);
    expect((await net.write(2, { controls: [{ type: "revokeWriter", streamId: stream, account: net.address(3) }] })).result).toBe(
      `AccessControlPermissionDenied: operation: REVOKE_WRITER_ROLE, stream: ${stream}, key: NONE, account: ${net.address(3)}`,
    );

    expect((await net.write(3, { controls: [{ type: "renounceWriter", streamId: stream }] })).result).toBe("Commit");
    expect(await ask("kv_isWriterOfStream", [net.address(3), stream])).toBe(false);
    const revoked = await net.write(1, { controls: [{ type: "revokeWriter", streamId: stream, account: net.address(2) }] });
    expect(revoked.result).toBe("Commit");
    expect(await ask("kv_isWriterOfStream", [net.address(2), stream])).toBe(false);
    expect(await ask("kv_isWriterOfStream", [net.address(2), stream, revoked.txSeq - 1])).toBe(true);
    expect((await net.write(2, set(stream, "k", "again"))).result).toBe("SenderNoWritePermission");
  });

  it("special keys: only their special writers (and admins) write them", async () => {
    const special = await net.write(1, {
      controls: [
        { type: "grantWriter", streamId: stream, account: net.address(2) },
        { type: "setKeySpecial", streamId: stream, key: utf8("vip") },
        { type: "grantSpecialWriter", streamId: stream, key: utf8("vip"), account: net.address(3) },
      ],
    });
    expect(special.result).toBe("Commit");
    expect(await ask("kv_isSpecialKey", [stream, b64("vip")])).toBe(true);
    expect(await ask("kv_isWriterOfKey", [net.address(3), stream, b64("vip")])).toBe(true);
    // A stream writer may write normal keys, not the special one.
    expect((await net.write(2, set(stream, "normal", "w"))).result).toBe("Commit");
    expect((await net.write(2, set(stream, "vip", "w"))).result).toBe(`WritePermissionDenied: stream: ${stream}, key: vip`);
    // The special writer may write it (it can write the stream through its special key), not other keys.
    expect((await net.write(3, set(stream, "vip", "special"))).result).toBe("Commit");
    expect((await net.write(3, set(stream, "normal", "x"))).result).toBe(`WritePermissionDenied: stream: ${stream}, key: normal`);
    expect((await net.write(1, set(stream, "vip", "admin"))).result).toBe("Commit");

    // Renounced: account 3 can no longer write the stream at all.
    expect((await net.write(3, { controls: [{ type: "renounceSpecialWriter", streamId: stream, key: utf8("vip") }] })).result).toBe("Commit");
    expect(await ask("kv_isWriterOfKey", [net.address(3), stream, b64("vip")])).toBe(false);
    expect((await net.write(3, set(stream, "vip", "x"))).result).toBe("SenderNoWritePermission");

    // Back to normal: stream writers write it again.
    expect((await net.write(1, { controls: [{ type: "setKeyNormal", streamId: stream, key: utf8("vip") }] })).result).toBe("Commit");
    expect((await net.write(2, set(stream, "vip", "normal-again"))).result).toBe("Commit");
    expect(await value(stream, "vip")).toBe(b64("normal-again"));
  });

  it("grantSpecialWriter by a special writer of the key; revokeSpecialWriter by an admin", async () => {
    const s = toStreamId("acl/special");
    await net.write(1, {
      writes: [{ streamId: s, key: utf8("x"), value: utf8("0") }],
      controls: [
        { type: "setKeySpecial", streamId: s, key: utf8("x") },
        { type: "grantSpecialWriter", streamId: s, key: utf8("x"), account: net.address(2) },
      ],
    });
    expect((await net.write(2, { controls: [{ type: "grantSpecialWriter", streamId: s, key: utf8("x"), account: net.address(3) }] })).result).toBe("Commit");
    expect((await net.write(3, set(s, "x", "3"))).result).toBe("Commit");
    expect((await net.write(1, { controls: [{ type: "revokeSpecialWriter", streamId: s, key: utf8("x"), account: net.address(3) }] })).result).toBe("Commit");
    expect((await net.write(3, set(s, "x", "again"))).result).toBe("SenderNoWritePermission");
    expect(await value(s, "x")).toBe(b64("3"));
  });

  it("admins grant the admin role and renounce it", async () => {
    const s = toStreamId("acl/admins");
    await net.write(1, { ...set(s, "k", "v"), controls: [{ type: "grantAdmin", streamId: s, account: net.address(2) }] });
    expect(await ask("kv_isAdmin", [net.address(2), s])).toBe(true);
    expect((await net.write(1, { controls: [{ type: "renounceAdmin", streamId: s }] })).result).toBe("Commit");
    expect(await ask("kv_isAdmin", [net.address(1), s])).toBe(false);
    expect((await net.write(1, set(s, "k", "x"))).result).toBe("SenderNoWritePermission");
    expect((await net.write(2, { controls: [{ type: "grantWriter", streamId: s, account: net.address(1) }] })).result).toBe("Commit");
    expect((await net.write(1, set(s, "k", "writer now"))).result).toBe("Commit");
  });

  it("renouncing in the transaction that creates a stream leaves it without an admin", async () => {
    const s = toStreamId("acl/orphan");
    expect((await net.write(1, { ...set(s, "k", "v"), controls: [{ type: "renounceAdmin", streamId: s }] })).result).toBe("Commit");
    expect(await ask("kv_isAdmin", [net.address(1), s])).toBe(false);
    expect((await net.write(1, set(s, "k", "x"))).result).toBe("SenderNoWritePermission");
  });
});

describe("the sender is tx.from (0g-storage-kv PR #71)", () => {
  const stream = toStreamId("acl/sender");

  it("naming the admin as `submitter` does not make a stranger's write the admin's", async () => {
    expect((await net.write(1, set(stream, "k", "admin"))).result).toBe("Commit");
    const forged = await net.write(2, set(stream, "k", "forged"), { submitter: net.address(1) });
    expect(forged.result).toBe("SenderNoWritePermission");
    expect(await value(stream, "k")).toBe(b64("admin"));
    // And the admin's own tx counts whatever `submitter` says.
    expect((await net.write(1, set(stream, "k", "admin again"), { submitter: net.address(2) })).result).toBe("Commit");
    expect(await value(stream, "k")).toBe(b64("admin again"));
  });
});
