import {
  encodeStreamData,
  kvAccessControlFields,
  kvAccessControlOpNames,
  kvAccessControlOps,
  kvBlindWriteVersion,
  streamTags,
  StreamDataDecodeError,
  StreamDataDecoder,
  toStreamId,
  upload,
  type KvAccessControl,
  type KvAccessControlType,
  type StreamData,
} from "@0g/storage";
import fc from "fast-check";
import { http, createWalletClient, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet } from "../../create-devnet.js";
import { plainResult } from "../../server/jsonrpc.js";
import { applyTransaction, type KvTransaction } from "./replay.js";
import { callKv } from "./rpc.js";
import { KvStore } from "./store.js";

// The replay core against a reference model written straight from 0g-storage-kv's replayer and
// SQL statements, with flat lists and linear scans: random transactions through both, then every
// read and permission query compared (through the kv_* RPC of the devnet's node).

const ops = kvAccessControlOps;
const zero: Address = "0x0000000000000000000000000000000000000000";
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

type Row = { stream: Hex; key: Uint8Array; version: number; value: Uint8Array };
type AclEntry = { op: number; stream: Hex; key: string; account: Address; version: number };

/** 0G's KV node in the plainest terms: `t_stream` and `t_access_control` as lists. */
class Model {
  readonly rows: Row[] = [];
  readonly acl: AclEntry[] = [];
  readonly results = new Map<number, string>();
  progress = 0;

  latestBefore(stream: Hex, key: Uint8Array, before: number): number {
    let max = 0;
    for (const r of this.rows) if (r.stream === stream && Buffer.compare(r.key, key) === 0 && r.version <= before) max = Math.max(max, r.version);
    return max;
  }
  newest(match: (e: AclEntry) => boolean, opsIn: number[], version: number): number | undefined {
    let best: AclEntry | undefined;
    for (const e of this.acl) if (match(e) && opsIn.includes(e.op) && e.version <= version && (!best || e.version >= best.version)) best = e;
    return best?.op;
  }
  isNew = (s: Hex, v: number) => !this.acl.some((e) => e.stream === s && e.version <= v);
  isAdmin = (a: Address, s: Hex, v: number) => this.newest((e) => e.stream === s && e.account === a, [0x00, 0x01], v) === 0x00;
  isWriter = (a: Address, s: Hex, v: number) => this.newest((e) => e.stream === s && e.account === a, [0x20, 0x21, 0x22], v) === 0x20;
  isSpecial = (s: Hex, k: string, v: number) => this.newest((e) => e.stream === s && e.key === k, [0x10, 0x11], v) === 0x10;
  isKeyWriter = (a: Address, s: Hex, k: string, v: number) =>
    this.newest((e) => e.stream === s && e.key === k && e.account === a, [0x30, 0x31, 0x32], v) === 0x30;
  specialCount(a: Address, s: Hex, v: number): number {
    const mine = this.acl.filter((e) => e.stream === s && e.account === a && e.version <= v);
    const max = new Map<string, number>();
    for (const e of mine) max.set(e.key, Math.max(max.get(e.key) ?? -1, e.version));
    return mine.filter((e) => e.version === max.get(e.key) && e.op === 0x30).length;
  }
  canWrite = (a: Address, s: Hex, v: number) => this.isNew(s, v) || this.isAdmin(a, s, v) || this.isWriter(a, s, v) || this.specialCount(a, s, v) > 0;
  hasPermission(a: Address, s: Hex, k: string, v: number): boolean {
    if (this.isNew(s, v) || this.isAdmin(a, s, v)) return true;
    return this.isSpecial(s, k, v) ? this.isKeyWriter(a, s, k, v) : this.isWriter(a, s, v);
  }

  apply(tx: KvTransaction, holds: (s: Hex) => boolean): string | undefined {
    this.progress = tx.seq; // txs in between were not KV txs
    const result = this.classify(tx, holds);
    this.progress = tx.seq + 1;
    if (result !== undefined) this.results.set(tx.seq, result);
    return result;
  }
  classify(tx: KvTransaction, holds: (s: Hex) => boolean): string | undefined {
    if (tx.streamIds.length === 0) return undefined;
    let can = false;
    for (const s of tx.streamIds) {
      if (!holds(s)) return undefined;
      can ||= this.canWrite(tx.from, s, tx.seq);
    }
    if (!can) return "SenderNoWritePermission";
    try {
      return this.replay(tx, holds);
    } catch (e) {
      if (e instanceof StreamDataDecodeError) return `DataParseError: ${e.reason}`;
      throw e;
    }
  }
  replay({ seq, from, streamIds, data }: KvTransaction, holds: (s: Hex) => boolean): string {
    const d = new StreamDataDecoder(data);
    const version = d.version();
    for (const r of d.reads()) {
      if (!holds(r.streamId)) return "TagsMismatch";
      if (BigInt(this.latestBefore(r.streamId, r.key, seq)) > version) return "VersionConfliction";
    }
    const writes = new Map<string, { stream: Hex; key: Uint8Array; value: Uint8Array }>();
    for (const w of d.writes()) writes.set(`${w.streamId}/${hexOf(w.key)}`, { stream: w.streamId, key: w.key, value: d.value(w) });
    for (const w of writes.values()) {
      if (!streamIds.includes(w.stream)) return "TagsMismatch";
      if (BigInt(this.latestBefore(w.stream, w.key, seq)) > version) return "VersionConfliction";
      if (!this.hasPermission(from, w.stream, hexOf(w.key), seq)) return `WritePermissionDenied: stream: ${w.stream}, key: ${shown(w.key)}`;
    }
    const acl = new Map<string, AclEntry & { bytes: Uint8Array }>();
    const admin = new Set<Hex>();
    for (const s of streamIds) {
      if (this.isNew(s, seq)) {
        acl.set(`0/${s}//${from}`, { op: 0, stream: s, key: "", account: from, version: seq, bytes: new Uint8Array() });
        admin.add(s);
      } else if (this.isAdmin(from, s, seq)) admin.add(s);
    }
    for (const c of d.controls()) {
      const op = ops[c.type];
      const bytes = "key" in c ? c.key : new Uint8Array();
      const renounce = c.type === "renounceAdmin" || c.type === "renounceWriter" || c.type === "renounceSpecialWriter";
      const account = "account" in c ? (c.account.toLowerCase() as Address) : renounce ? from : zero;
      const id = `${op & 0xf0}/${c.streamId}/${hexOf(bytes)}/${account}`;
      if (op !== 0 || (!acl.has(id) && account !== from)) acl.set(id, { op, stream: c.streamId, key: hexOf(bytes), account, version: seq, bytes });
    }
    for (const e of acl.values()) {
      if (!streamIds.includes(e.stream)) return "TagsMismatch";
      const adminOnly = [0x00, 0x10, 0x11, 0x21, 0x31].includes(e.op);
      const denied =
        (adminOnly && !admin.has(e.stream)) ||
        (e.op === 0x20 && !admin.has(e.stream) && !this.isWriter(from, e.stream, seq)) ||
        (e.op === 0x30 && !admin.has(e.stream) && !this.isKeyWriter(from, e.stream, e.key, seq));
      if (denied)
        return `AccessControlPermissionDenied: operation: ${kvAccessControlOpNames[e.op]}, stream: ${e.stream}, key: ${shown(e.bytes)}, account: ${e.account}`;
    }
    for (const w of writes.values()) this.rows.push({ stream: w.stream, key: w.key, version: seq, value: w.value });
    for (const { bytes: _, ...e } of acl.values()) this.acl.push(e);
    return "Commit";
  }

  // ---- the RPC's answers ----
  latest(s: Hex, k: Uint8Array, v: number): Row | undefined {
    let best: Row | undefined;
    for (const r of this.rows) if (r.stream === s && Buffer.compare(r.key, k) === 0 && r.version <= v && (!best || r.version > best.version)) best = r;
    return best;
  }
  getValue(s: Hex, k: Uint8Array, v: number) {
    const r = this.latest(s, k, v);
    if (!r) return { version: 0, data: "", size: 0 };
    return { version: r.version, data: b64(r.value), size: r.value.length };
  }
  /** Keys of the stream written at or before v, sorted bytewise, with their latest value; deleted ones dropped. */
  live(s: Hex, v: number): Row[] {
    const keys = new Map<string, Uint8Array>();
    for (const r of this.rows) if (r.stream === s && r.version <= v) keys.set(hexOf(r.key), r.key);
    return [...keys.values()]
      .sort(Buffer.compare)
      .map((k) => this.latest(s, k, v)!)
      .filter((r) => r.value.length > 0);
  }
  pair(r: Row | undefined) {
    return r ? { version: r.version, key: b64(r.key), data: b64(r.value), size: r.value.length } : null;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function shown(key: Uint8Array): string {
  if (key.length === 0) return "NONE";
  try {
    return Array.from(utf8.decode(key)).slice(0, 32).join("");
  } catch {
    return "UNKNOWN";
  }
}

// ---- random transactions ----

const streams = [toStreamId("model/1"), toStreamId("model/2"), toStreamId("model/3")] as const;
const keys = ["a", "ab", "b", "b\u0000", "\u00ff\u00fe", "k".repeat(40)].map((k) => Uint8Array.from(Buffer.from(k, "latin1")));
const arbStream = fc.constantFrom(streams[0], streams[0], streams[1], streams[2]);
const arbKey = fc.constantFrom(...keys);
const arbAccount = fc.nat({ max: 2 });
const arbValue = fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ minLength: 1, maxLength: 6 }));
const controlTypes = Object.keys(ops) as KvAccessControlType[];

type TxTemplate = {
  from: number;
  tags: Hex[];
  version: bigint;
  reads: { streamId: Hex; key: Uint8Array }[];
  writes: { streamId: Hex; key: Uint8Array; value: Uint8Array }[];
  controls: { type: KvAccessControlType; streamId: Hex; key: Uint8Array; account: number }[];
  /** Bytes to cut off the encoding, or a byte to overwrite (both rare): malformed data. */
  damage: { cut: number } | { at: number; byte: number } | null;
};

const arbTags: fc.Arbitrary<Hex[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Hex[]>([streams[0]]) },
  { weight: 3, arbitrary: fc.constant<Hex[]>([streams[0], streams[1]]) },
  { weight: 2, arbitrary: fc.array(arbStream, { maxLength: 2 }) },
);
/** Mostly a stream of the tags (else any): most txs are well-formed, some mismatch. */
const streamOf = (tags: Hex[]) => (tags.length === 0 ? arbStream : fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...tags) }, { weight: 1, arbitrary: arbStream }));
const arbControlType = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<KvAccessControlType>("grantWriter", "grantSpecialWriter", "setKeySpecial", "grantAdmin") },
  { weight: 1, arbitrary: fc.constantFrom(...controlTypes) },
);

const arbTx: fc.Arbitrary<TxTemplate> = arbTags.chain((tags) =>
  fc.record({
    from: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: arbAccount }),
    tags: fc.constant(tags),
    version: fc.oneof({ weight: 3, arbitrary: fc.constant(kvBlindWriteVersion) }, { weight: 2, arbitrary: fc.bigInt(0n, 12n) }),
    reads: fc.array(fc.record({ streamId: streamOf(tags), key: arbKey }), { maxLength: 2 }),
    writes: fc.array(fc.record({ streamId: streamOf(tags), key: arbKey, value: arbValue }), { maxLength: 3 }),
    controls: fc.array(fc.record({ type: arbControlType, streamId: streamOf(tags), key: arbKey, account: arbAccount }), { maxLength: 3 }),
    damage: fc.oneof(
      { weight: 14, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record({ cut: fc.nat({ max: 300 }) }) },
      { weight: 1, arbitrary: fc.record({ at: fc.nat({ max: 400 }), byte: fc.nat({ max: 255 }) }) },
    ),
  }),
);

function encode(t: TxTemplate, accounts: readonly Address[]): Uint8Array {
  const controls = t.controls.map((c): KvAccessControl => {
    const fields = kvAccessControlFields(c.type);
    return { type: c.type, streamId: c.streamId, ...(fields.key ? { key: c.key } : {}), ...(fields.account ? { account: accounts[c.account]! } : {}) } as KvAccessControl;
  });
  const data: StreamData = { version: t.version, reads: t.reads, writes: t.writes, controls };
  let bytes: Uint8Array = encodeStreamData(data);
  if (t.damage && "cut" in t.damage) bytes = bytes.subarray(0, Math.max(1, bytes.length - t.damage.cut));
  else if (t.damage && t.damage.at < bytes.length) (bytes = bytes.slice())[t.damage.at] = t.damage.byte;
  return bytes;
}

/** Every query of the RPC compared between the node's store and the model, at every version. */
function compare(store: KvStore, model: Model, accounts: readonly Address[], maxVersion: number) {
  const rpc = (method: string, params: unknown[]) => {
    const outcome = callKv({ store, holdingStreamIds: () => [] }, method, params);
    if (outcome.error) throw new Error(`${method}: ${outcome.error.message}`);
    return plainResult(outcome.result);
  };
  for (let v = 0; v <= maxVersion + 1; v++) {
    for (const s of streams) {
      const live = model.live(s, v);
      expect(rpc("kv_getFirst", [s, 0, 1024, v])).toEqual(model.pair(live[0]));
      expect(rpc("kv_getLast", [s, 0, 1024, v])).toEqual(model.pair(live.at(-1)));
      for (const k of keys) {
        expect(rpc("kv_getValue", [s, b64(k), 0, 1024, v])).toEqual(model.getValue(s, k, v));
        expect(rpc("kv_getNext", [s, b64(k), 0, 1024, false, v])).toEqual(model.pair(live.find((r) => Buffer.compare(r.key, k) > 0)));
        expect(rpc("kv_getNext", [s, b64(k), 0, 1024, true, v])).toEqual(model.pair(live.find((r) => Buffer.compare(r.key, k) >= 0)));
        expect(rpc("kv_getPrev", [s, b64(k), 0, 1024, false, v])).toEqual(model.pair(live.findLast((r) => Buffer.compare(r.key, k) < 0)));
        expect(rpc("kv_getPrev", [s, b64(k), 0, 1024, true, v])).toEqual(model.pair(live.findLast((r) => Buffer.compare(r.key, k) <= 0)));
        expect(rpc("kv_isSpecialKey", [s, b64(k), v])).toBe(model.isSpecial(s, hexOf(k), v));
      }
      for (const a of accounts) {
        expect(rpc("kv_isAdmin", [a, s, v])).toBe(model.isAdmin(a, s, v));
        expect(rpc("kv_isWriterOfStream", [a, s, v])).toBe(model.isWriter(a, s, v));
        expect(store.canWrite(a, s, v)).toBe(model.canWrite(a, s, v));
        for (const k of keys) {
          expect(rpc("kv_isWriterOfKey", [a, s, b64(k), v])).toBe(model.isKeyWriter(a, s, hexOf(k), v));
          expect(rpc("kv_hasWritePermission", [a, s, b64(k), v])).toBe(model.hasPermission(a, s, hexOf(k), v));
        }
      }
    }
  }
  for (let seq = 0; seq <= maxVersion; seq++) expect(rpc("kv_getTransactionResult", [seq])).toBe(model.results.get(seq) ?? null);
  expect(store.progress).toBe(model.progress);
}

describe("the replay core against the reference model", () => {
  const accounts: Address[] = ["0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222", zero];
  const holds = (s: Hex) => s !== streams[2];

  it("records the same results and answers every query alike, and a revert restores the earlier state", () => {
    let commits = 0;
    let total = 0;
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(arbTx, { minLength: 1, maxLength: 24 }), fc.nat(), (templates, cut) => {
        const txs = templates.map((t, seq): KvTransaction => ({ seq, from: accounts[t.from]!, streamIds: t.tags, data: encode(t, accounts) }));
        const store = new KvStore();
        const model = new Model();
        const at = cut % (txs.length + 1);
        let snapshot = store.snapshot();
        for (const tx of txs) {
          if (tx.seq === at) snapshot = store.snapshot();
          const result = applyTransaction(store, tx, holds);
          expect(result).toBe(model.apply(tx, holds));
          total++;
          if (result === "Commit") commits++;
          const kind = (result ?? "skipped").split(":")[0]!;
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
        if (at === txs.length) snapshot = store.snapshot();
        compare(store, model, accounts, txs.length);

        store.revert(snapshot);
        const earlier = new Model();
        for (const tx of txs.slice(0, at)) earlier.apply(tx, holds);
        earlier.progress = at;
        compare(store, earlier, accounts, txs.length);
      }),
      { numRuns: 60 },
    );
    // The generator reaches the interesting paths.
    expect(commits / total).toBeGreaterThan(0.3);
    for (const kind of ["SenderNoWritePermission", "WritePermissionDenied", "TagsMismatch", "skipped"]) expect(kinds.get(kind)).toBeGreaterThan(0);
  }, 120_000);
});

describe("a random sequence through the devnet", () => {
  let devnet: Devnet;
  let rpcUrl: string;
  beforeAll(async () => {
    devnet = await createDevnet({ accounts: 4 });
    rpcUrl = (await devnet.serve({ port: 0 })).endpoints.rpc;
  });
  afterAll(() => devnet.stop());

  it("commits and rejects what the model does, and iterates to the same pairs", async () => {
    const accounts = devnet.accounts.slice(1, 4).map((a) => a.address.toLowerCase() as Address);
    const wallets = devnet.accounts.slice(1, 4).map((a) =>
      createWalletClient({ account: privateKeyToAccount(a.privateKey as Hex), chain: devnet.chain, transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 }),
    );
    const templates = fc.sample(arbTx, { seed: 20260514, numRuns: 14 }).map((t) => ({ ...t, tags: t.tags.length === 0 ? [streams[1]] : t.tags }));
    const model = new Model();
    const results: (string | null)[] = [];
    const expected: (string | undefined)[] = [];
    for (const t of templates) {
      const data = encode(t, accounts);
      const { txSeq } = await upload(wallets[t.from]!, { data, tags: streamTags(t.tags), skipIfFinalized: false, resumeLookback: 0n });
      results.push(await devnet.storage.kv.waitForTransaction(txSeq));
      expected.push(model.apply({ seq: txSeq, from: accounts[t.from]!, streamIds: t.tags, data }, () => true));
    }
    expect(results).toEqual(expected.map((r) => r ?? null));
    expect(new Set(results).size).toBeGreaterThan(2);

    for (const s of streams) {
      const walked = [];
      let pair = await devnet.storage.kv.request({ method: "kv_getFirst", params: [s, 0, 1024] });
      while (pair) {
        walked.push(pair);
        pair = await devnet.storage.kv.request({ method: "kv_getNext", params: [s, pair.key, 0, 1024, false] });
      }
      expect(walked).toEqual(model.live(s, Number.MAX_SAFE_INTEGER).map((r) => model.pair(r)));
    }
  }, 60_000);
});
