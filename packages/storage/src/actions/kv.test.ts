// KV against a served devnet: writes through writeKv / kvTransaction, reads over the KV node's HTTP JSON-RPC.
import { zgGalileo } from "@0g/core";
import { bytesToHex, createPublicClient, custom, stringToBytes, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kvActions } from "../decorators.js";
import { kvBatch } from "../kv/batch.js";
import { KvTransactionFailedError, KvVersionConflictError } from "../kv/errors.js";
import type { KvEntry } from "../kv/read.js";
import { toStreamId } from "../kv/stream-id.js";
import { bytesOf, startDevnet, type TestDevnet } from "../test/devnet.js";
import { getKvReplayProgress } from "./getKvReplayProgress.js";
import { getKvStreamIds } from "./getKvStreamIds.js";
import { getKvTransactionResult } from "./getKvTransactionResult.js";
import { getKvValue } from "./getKvValue.js";
import { hasKvWritePermission } from "./hasKvWritePermission.js";
import { isKvAdmin } from "./isKvAdmin.js";
import { isKvSpecialKey } from "./isKvSpecialKey.js";
import { isKvWriterOfKey } from "./isKvWriterOfKey.js";
import { isKvWriterOfStream } from "./isKvWriterOfStream.js";
import { iterateKv } from "./iterateKv.js";
import { kvTransaction } from "./kvTransaction.js";
import { listKv } from "./listKv.js";
import { upload } from "./upload.js";
import { waitForKvTransaction } from "./waitForKvTransaction.js";
import { writeKv } from "./writeKv.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
}, 60_000);
afterAll(async () => {
  await t?.devnet.stop();
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const keysOf = (entries: KvEntry[]) => entries.map((e) => text(e.key));

describe("KV on the devnet", () => {
  const files = toStreamId("kv-test/files");

  it("sets, reads and deletes values of 100 B, 10 KiB and 300 KiB; old versions stay readable", async () => {
    const admin = t.wallet(0).extend(kvActions());
    const small = bytesOf(100, 1);
    const medium = bytesOf(10 * 1024, 2);
    const big = bytesOf(300 * 1024, 3);
    const first = await admin.writeKv({ batch: kvBatch().set(files, "small", small).set(files, "medium", medium).set(files, "big", big) });
    expect(first).toMatchObject({ result: "Commit" });
    expect(first.fee).toBeGreaterThan(0n);
    expect(await getKvTransactionResult(admin, { txSeq: first.txSeq })).toBe("Commit");

    const got = await Promise.all(["small", "medium", "big"].map((key) => admin.getKvValue({ streamId: files, key })));
    expect(got.map((e) => e && bytesToHex(e.value))).toEqual([small, medium, big].map((v) => bytesToHex(v)));
    expect(got.map((e) => [e?.version, e?.size])).toEqual([
      [first.txSeq, 100],
      [first.txSeq, 10 * 1024],
      [first.txSeq, 300 * 1024],
    ]);
    expect(text(got[0]!.key)).toBe("small");

    const big2 = bytesOf(300 * 1024 + 17, 4);
    const second = await writeKv(t.wallet(0), { batch: kvBatch().delete(files, "small").set(files, "big", big2) });
    expect(second.txSeq).toBeGreaterThan(first.txSeq);
    expect(await getKvValue(admin, { streamId: files, key: "small" })).toBeNull();
    const now = await getKvValue(admin, { streamId: files, key: "big" });
    expect(now && bytesToHex(now.value)).toBe(bytesToHex(big2));
    expect(now?.version).toBe(second.txSeq);
    // The earlier version, chunk by chunk at its own version.
    const before = await getKvValue({ kv: t.devnet.storage.kv.url }, { streamId: files, key: "big", version: second.txSeq - 1 });
    expect(before && bytesToHex(before.value)).toBe(bytesToHex(big));
    expect(before?.version).toBe(first.txSeq);
    expect((await getKvValue(admin, { streamId: files, key: "small", version: first.txSeq }))?.size).toBe(100);
    expect(await getKvValue(admin, { streamId: files, key: "never-written" })).toBeNull();

    // Listings fetch big values whole and skip the deleted key.
    const listed = await listKv(admin, { streamId: files });
    expect(keysOf(listed)).toEqual(["big", "medium"]);
    expect(bytesToHex(listed[0]!.value)).toBe(bytesToHex(big2));
    const atFirst = await listKv(admin, { streamId: files, version: first.txSeq, values: false });
    expect(atFirst.map((e) => [text(e.key), e.size, e.value.length])).toEqual([
      ["big", 300 * 1024, 0],
      ["medium", 10 * 1024, 0],
      ["small", 100, 0],
    ]);
  });

  it("iterates forward, backward, by prefix and by range at one version", async () => {
    const list = toStreamId("kv-test/list");
    const keys = ["a/1", "a/2", "a/3", "b/1", "b/2", "c"];
    const batch = kvBatch();
    for (const key of keys) batch.set(list, key, `value of ${key}`);
    const { txSeq } = await writeKv(t.wallet(1), { batch, onProgress: () => {} });
    const { txSeq: deleted } = await writeKv(t.wallet(1), { batch: kvBatch().delete(list, "a/2").set(list, "d", "late") });
    const c = t.wallet(1);

    expect(keysOf(await listKv(c, { streamId: list }))).toEqual(["a/1", "a/3", "b/1", "b/2", "c", "d"]);
    expect(keysOf(await listKv(c, { streamId: list, reverse: true }))).toEqual(["d", "c", "b/2", "b/1", "a/3", "a/1"]);
    expect(keysOf(await listKv(c, { streamId: list, prefix: "a/" }))).toEqual(["a/1", "a/3"]);
    expect(keysOf(await listKv(c, { streamId: list, prefix: "b/", reverse: true }))).toEqual(["b/2", "b/1"]);
    // `from` is a deleted key: 0G's node would loop on it with inclusive=true, which iterateKv never sends.
    expect(keysOf(await listKv(c, { streamId: list, from: "a/2", to: "b/2" }))).toEqual(["a/3", "b/1"]);
    expect(keysOf(await listKv(c, { streamId: list, from: "a/3", to: "c", reverse: true }))).toEqual(["b/2", "b/1", "a/3"]);
    expect(keysOf(await listKv(c, { streamId: list, from: "b", prefix: "b/", to: "b/2" }))).toEqual(["b/1"]);
    expect(keysOf(await listKv(c, { streamId: list, limit: 2 }))).toEqual(["a/1", "a/3"]);
    expect(keysOf(await listKv(c, { streamId: list, limit: 2, reverse: true }))).toEqual(["d", "c"]);
    // The state before the deletion.
    const old = await listKv(c, { streamId: list, version: deleted - 1 });
    expect(keysOf(old)).toEqual(keys);
    expect(old.every((e) => e.version === txSeq && text(e.value) === `value of ${text(e.key)}`)).toBe(true);
    const sizes = await listKv(c, { streamId: list, values: false, prefix: "a" });
    expect(sizes.map((e) => [text(e.key), e.size, e.value.length])).toEqual([
      ["a/1", 12, 0],
      ["a/3", 12, 0],
    ]);

    // Lazily, with writes in between: the listing stays on the version it started at.
    const seen: string[] = [];
    for await (const entry of iterateKv(c, { streamId: list })) {
      seen.push(text(entry.key));
      if (seen.length === 1) await writeKv(t.wallet(1), { batch: kvBatch().set(list, "b/15", "new").delete(list, "c") });
    }
    expect(seen).toEqual(["a/1", "a/3", "b/1", "b/2", "c", "d"]);
    expect(keysOf(await listKv(c, { streamId: list }))).toEqual(["a/1", "a/3", "b/1", "b/15", "b/2", "d"]);
  });

  it("enforces access control written through writeKv", async () => {
    const acl = toStreamId("kv-test/acl");
    const [admin, writer, special, outsider] = [t.wallet(0), t.wallet(1), t.wallet(2), t.wallet(5)];
    // The first writer of a stream becomes its admin, and may grant in the same transaction.
    const setup = await writeKv(admin, {
      batch: kvBatch()
        .set(acl, "name", "first")
        .grantWriter(acl, writer.account.address)
        .setKeySpecial(acl, "cfg")
        .grantSpecialWriter(acl, "cfg", special.account.address),
    });
    expect(await isKvAdmin(admin, { account: admin.account.address, streamId: acl })).toBe(true);
    expect(await isKvAdmin(admin, { account: writer.account.address, streamId: acl })).toBe(false);
    expect(await isKvWriterOfStream(admin, { account: writer.account.address, streamId: acl })).toBe(true);
    expect(await isKvWriterOfStream(admin, { account: outsider.account.address, streamId: acl })).toBe(false);
    expect(await isKvSpecialKey(admin, { streamId: acl, key: "cfg" })).toBe(true);
    expect(await isKvSpecialKey(admin, { streamId: acl, key: "name" })).toBe(false);
    expect(await isKvWriterOfKey(admin, { account: special.account.address, streamId: acl, key: "cfg" })).toBe(true);
    expect(await hasKvWritePermission(admin, { account: writer.account.address, streamId: acl, key: "name" })).toBe(true);
    expect(await hasKvWritePermission(admin, { account: writer.account.address, streamId: acl, key: "cfg" })).toBe(false);
    expect(await hasKvWritePermission(admin, { account: outsider.account.address, streamId: acl, key: "name" })).toBe(false);

    const byWriter = await writeKv(writer, { batch: kvBatch().set(acl, "name", "second") });
    expect(byWriter.result).toBe("Commit");
    const denied = await writeKv(outsider, { batch: kvBatch().set(acl, "name", "hijacked") }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(KvTransactionFailedError);
    expect(denied).not.toBeInstanceOf(KvVersionConflictError);
    expect(denied).toMatchObject({ code: 2505 });
    // 0G's node answers SenderNoWritePermission when the sender may write none of the tx's streams.
    expect((denied as KvTransactionFailedError).result).toMatch(/^(SenderNoWritePermission|WritePermissionDenied)/);
    expect(text((await getKvValue(admin, { streamId: acl, key: "name" }))!.value)).toBe("second");
    // Permissions as of an earlier version.
    expect(await isKvWriterOfStream(admin, { account: writer.account.address, streamId: acl, version: setup.txSeq - 1 })).toBe(false);
    expect(await isKvWriterOfStream(admin, { account: writer.account.address, streamId: acl, version: setup.txSeq })).toBe(true);
  });

  it("serialises concurrent read-modify-writes from several accounts", async () => {
    const counters = toStreamId("kv-test/counters");
    const writers = [1, 2, 3, 4].map((i) => t.wallet(i));
    const grants = kvBatch().set(counters, "count", "0");
    for (const w of writers) grants.grantWriter(counters, w.account.address);
    await writeKv(t.wallet(0), { batch: grants });
    const read = async () => Number(text((await getKvValue(t.wallet(0), { streamId: counters, key: "count" }))!.value));

    const increment = (wallet: (typeof writers)[number], retries: number, barrier?: Promise<void>, arrived?: () => void) =>
      kvTransaction(wallet, {
        retries,
        run: async (tx) => {
          const current = await tx.get(counters, "count");
          arrived?.();
          await barrier;
          const next = Number(text(current!.value)) + 1;
          tx.set(counters, "count", String(next));
          return next;
        },
      });

    // Without retries, every snapshot taken before any commit: one commits, the others conflict
    // (their transactions are byte-identical, and each is still its own submission).
    let arrivals = 0;
    let release!: () => void;
    const barrier = new Promise<void>((resolve) => (release = resolve));
    const arrived = () => {
      if (++arrivals === writers.length) release();
    };
    const settled = await Promise.allSettled(writers.map((w) => increment(w, 0, barrier, arrived)));
    const committed = settled.filter((s) => s.status === "fulfilled");
    const conflicts = settled.filter((s) => s.status === "rejected").map((s) => (s as PromiseRejectedResult).reason as unknown);
    expect(committed).toHaveLength(1);
    expect(conflicts).toHaveLength(3);
    for (const c of conflicts) if (!(c instanceof KvVersionConflictError)) throw c;
    expect(new Set(conflicts.map((c) => (c as KvVersionConflictError).txSeq)).size).toBe(3);
    expect(await read()).toBe(1);

    // With retries: every increment lands exactly once.
    const results = await Promise.all(writers.map((w) => increment(w, 5)));
    expect(await read()).toBe(1 + writers.length);
    expect(results.map((r) => r.value).sort()).toEqual([2, 3, 4, 5]);
    expect(results.every((r) => r.result === "Commit" && r.txSeq !== undefined)).toBe(true);
    expect(results.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThanOrEqual(writers.length);

    // A transaction that only reads submits nothing.
    const readOnly = await kvTransaction(t.wallet(1), { run: async (tx) => (await tx.get(counters, "count"))?.size });
    expect(readOnly).toMatchObject({ value: 1, txSeq: undefined, txHash: undefined, attempts: 1, result: undefined });
    // A run that throws writes nothing.
    const before = (await getKvReplayProgress(t.wallet(1))).appliedSeq;
    await expect(
      kvTransaction(t.wallet(1), {
        run: async (tx) => {
          tx.set(counters, "count", "999");
          throw new Error("changed my mind");
        },
      }),
    ).rejects.toThrow("changed my mind");
    expect(await read()).toBe(1 + writers.length);
    expect((await getKvReplayProgress(t.wallet(1))).appliedSeq).toBe(before);
  });

  it("writes the same bytes twice as two transactions, and resumes only a given txHash", async () => {
    const stream = toStreamId("kv-test/twice");
    const batch = kvBatch().set(stream, "k", "same");
    const hashes: Hex[] = [];
    const one = await writeKv(t.wallet(3), { batch, onSubmitted: ({ txHash }) => hashes.push(txHash) });
    const two = await writeKv(t.wallet(3), { batch });
    expect(two.root).toBe(one.root);
    expect(two.txSeq).toBeGreaterThan(one.txSeq);
    expect(two.fee).toBeGreaterThan(0n);
    expect(hashes).toEqual([one.txHash]);
    const resumed = await writeKv(t.wallet(3), { batch, txHash: one.txHash });
    expect(resumed).toMatchObject({ txSeq: one.txSeq, txHash: one.txHash, fee: 0n, result: "Commit" });
    expect(await getKvValue(t.wallet(3), { streamId: stream, key: "k" })).toMatchObject({ version: two.txSeq });
  });

  it("reports unknown streams, results, progress and held streams", async () => {
    const c = t.wallet(0);
    const unknown = toStreamId("kv-test/never-written");
    await expect(getKvValue(c, { streamId: unknown, key: "k" })).rejects.toMatchObject({ code: 2508, name: "KvUnknownStreamError", streamId: unknown });
    await expect(listKv(c, { streamId: unknown })).rejects.toMatchObject({ code: 2508 });
    const held = await getKvStreamIds(c);
    expect(held).toEqual(expect.arrayContaining([files, toStreamId("kv-test/list"), toStreamId("kv-test/acl")]));
    expect(held).not.toContain(unknown);
    const progress = await getKvReplayProgress(c);
    expect(progress.appliedSeq).toBeGreaterThan(0);
    expect(await getKvTransactionResult(c, { txSeq: progress.appliedSeq + 100 })).toBeNull();
    await expect(writeKv(c, { batch: kvBatch() })).rejects.toMatchObject({ code: 2510, name: "EmptyKvBatchError" });
    // A submission that is not a KV transaction: the node replays past it without a result.
    const plain = await upload(c, { data: stringToBytes("not a KV transaction"), skipIfFinalized: false, resumeLookback: 0n });
    await expect(waitForKvTransaction(c, { txSeq: plain.txSeq, timeout: 10_000 })).rejects.toMatchObject({ code: 2511, name: "KvTransactionSkippedError" });
    // kvActions defaults: a client of a network without a KV node, pointed at this one.
    const elsewhere = createPublicClient({ chain: zgGalileo, transport: custom({ request: async () => Promise.reject(new Error("offline")) }, { retryCount: 0 }) });
    expect(await elsewhere.extend(kvActions({ kv: t.devnet.storage.kv.url })).getKvStreamIds()).toEqual(held);
  });

  it("times out with KvTimeoutError while the KV node is stopped, and the write lands once it is back", async () => {
    const stream = toStreamId("kv-test/outage");
    const wallet = t.wallet(4);
    t.devnet.storage.kv.stop();
    let error: unknown;
    try {
      error = await writeKv(wallet, { batch: kvBatch().set(stream, "k", "v"), timeout: 3_000 }).catch((e: unknown) => e);
    } finally {
      t.devnet.storage.kv.start();
    }
    expect(error).toMatchObject({ code: 2507, name: "KvTimeoutError" });
    const { txSeq } = error as { txSeq: number };
    expect(await waitForKvTransaction(wallet, { txSeq, timeout: 10_000 })).toBe("Commit");
    expect(text((await getKvValue(wallet, { streamId: stream, key: "k" }))!.value)).toBe("v");

    const late = await writeKv(wallet, { batch: kvBatch().set(stream, "k", stringToBytes("w")), waitForResult: false });
    expect(late.result).toBeUndefined();
    expect(await wallet.extend(kvActions()).waitForKvTransaction({ txSeq: late.txSeq })).toBe("Commit");
  });
});
