import {
  kvAccessControlFields,
  kvAccessControlOpNames,
  kvAccessControlOps,
  StreamDataDecodeError,
  StreamDataDecoder,
  type KvAccessControl,
} from "@0g/storage";
import type { Address, Hex } from "viem";
import { zeroAddress, type AclRow } from "./acl.js";
import { keyHex, truncatedKey, type KeyHex } from "./keys.js";
import type { KvCommit, KvCommitWrite, KvStateReader, KvStore } from "./store.js";

// The replay of one KV transaction, as 0G's `StreamReplayer` does it (0g-storage-kv
// `node/stream/src/stream_manager/{mod.rs, stream_replayer.rs}`): a pure function of the state
// and the tx, so the devnet's node and the tests drive the same code.

/** A KV transaction as the replayer sees it (`KVTransaction` plus its data). */
export type KvTransaction = {
  readonly seq: number;
  /** The stream ids of its tags, in order (duplicates kept). */
  readonly streamIds: readonly Hex[];
  /** The sender: `tx.from` of the Flow `submit` transaction, lowercase. */
  readonly from: Address;
  /** The file's bytes (its size, not padded). */
  readonly data: Uint8Array;
};

/** The replay's verdict: the result string the node records and, for `Commit`, what to apply. */
export type ReplayOutcome = { readonly result: string; readonly commit?: KvCommit };

/** Whether the node holds (replays) a stream: its `stream_set`. */
export type StreamFilter = (streamId: Hex) => boolean;

/** The fixed result strings (`ReplayResult`'s Display); the others carry details. */
export const replayResults = {
  commit: "Commit",
  versionConfliction: "VersionConfliction",
  tagsMismatch: "TagsMismatch",
  senderNoWritePermission: "SenderNoWritePermission",
  downloadFailed: "DownloadFailed",
} as const;

/**
 * `skippable`: `"skip"` for a tx without stream ids or with a stream the node does not hold (no
 * result is recorded), `"noWritePermission"` when the sender can write none of its streams
 * (`SenderNoWritePermission`), else `"replay"`. A node behind the tx (progress < seq) lets it through.
 */
export function classifyTransaction(
  state: KvStateReader,
  tx: Pick<KvTransaction, "seq" | "streamIds" | "from">,
  holds: StreamFilter,
): "skip" | "noWritePermission" | "replay" {
  if (tx.streamIds.length === 0) return "skip";
  let canWrite = state.progress < tx.seq;
  for (const id of tx.streamIds) {
    if (!holds(id)) return "skip";
    if (!canWrite && state.canWrite(tx.from, id, tx.seq)) canWrite = true;
  }
  return canWrite ? "replay" : "noWritePermission";
}

/**
 * `StreamReplayer::replay`: parses and validates the tx's `StreamData` section by section against
 * the state before it (reads, writes, access control) and returns its result. It changes nothing:
 * the caller applies `commit`. Where 0G iterates a `HashMap` (the deduplicated writes and
 * access-control operations, so which of several failures is reported varies from run to run),
 * this checks them in the order of their first appearance in the data.
 */
export function replayTransaction(state: KvStateReader, tx: KvTransaction, holds: StreamFilter): ReplayOutcome {
  const decoder = new StreamDataDecoder(tx.data);
  try {
    return replaySections(state, tx, holds, decoder);
  } catch (error) {
    if (error instanceof StreamDataDecodeError) return { result: `DataParseError: ${error.reason}` };
    throw error;
  }
}

/**
 * One step of the replayer on a tx whose data is at hand: classifies it, replays it and records
 * the outcome in the store (advancing its progress). Returns the recorded result, or undefined
 * when the tx was skipped. `tx.seq` must be the store's progress.
 *
 * @example
 * const result = applyTransaction(store, { seq: 0, streamIds: [id], from, data }, () => true); // "Commit"
 */
export function applyTransaction(store: KvStore, tx: KvTransaction, holds: StreamFilter): string | undefined {
  const kind = classifyTransaction(store, tx, holds);
  if (kind === "skip") {
    store.skip(tx.seq);
    return undefined;
  }
  const outcome: ReplayOutcome = kind === "replay" ? replayTransaction(store, tx, holds) : { result: replayResults.senderNoWritePermission };
  store.put(tx, outcome.result, outcome.commit);
  return outcome.result;
}

type PendingWrite = { streamId: Hex; key: Uint8Array; hex: KeyHex; start: number; end: number };
type PendingControl = Omit<AclRow, "version"> & { keyBytes: Uint8Array };

function replaySections(state: KvStateReader, tx: KvTransaction, holds: StreamFilter, decoder: StreamDataDecoder): ReplayOutcome {
  const { seq, from } = tx;
  const version = decoder.version();

  // Reads: streams the node holds, keys not written since `version`.
  for (const read of decoder.reads()) {
    if (!holds(read.streamId)) return { result: replayResults.tagsMismatch };
    if (BigInt(state.latestVersionBefore(read.streamId, keyHex(read.key), seq)) > version) return { result: replayResults.versionConfliction };
  }

  // Writes: the last one of each (stream, key) counts; streams in the tags, no conflict, permission.
  const writes = new Map<string, PendingWrite>();
  for (const entry of decoder.writes()) {
    const hex = keyHex(entry.key);
    writes.set(`${entry.streamId}|${hex}`, { streamId: entry.streamId, key: entry.key, hex, start: entry.start, end: entry.end });
  }
  const tags = new Set(tx.streamIds);
  for (const w of writes.values()) {
    if (!tags.has(w.streamId)) return { result: replayResults.tagsMismatch };
    if (BigInt(state.latestVersionBefore(w.streamId, w.hex, seq)) > version) return { result: replayResults.versionConfliction };
    if (!state.hasWritePermission(from, w.streamId, w.hex, seq))
      return { result: `WritePermissionDenied: stream: ${w.streamId}, key: ${truncatedKey(w.key)}` };
  }

  // Access control: an implicit GRANT_ADMIN_ROLE for the sender on every new stream, then the
  // tx's operations, the last of each category per (stream, key, account).
  const controls = new Map<string, PendingControl>();
  const isAdmin = new Set<Hex>();
  const meta = (op: number, streamId: Hex, key: KeyHex, account: Address) => `${op & 0xf0}|${streamId}|${key}|${account}`;
  for (const id of tx.streamIds) {
    if (state.isNewStream(id, seq)) {
      const op = kvAccessControlOps.grantAdmin;
      controls.set(meta(op, id, "", from), { op, streamId: id, key: "", keyBytes: new Uint8Array(), account: from, operator: zeroAddress });
      isAdmin.add(id);
    } else if (state.isAdmin(from, id, seq)) isAdmin.add(id);
  }
  for (const control of decoder.controls()) {
    const c = toControl(control, from);
    const key = meta(c.op, c.streamId, c.key, c.account);
    if (c.op !== kvAccessControlOps.grantAdmin || (!controls.has(key) && c.account !== from)) controls.set(key, c);
  }
  for (const c of controls.values()) {
    if (!tags.has(c.streamId)) return { result: replayResults.tagsMismatch };
    if (!allowed(state, c, isAdmin, tx))
      return {
        result: `AccessControlPermissionDenied: operation: ${kvAccessControlOpNames[c.op] ?? "UNKNOWN"}, stream: ${c.streamId}, key: ${truncatedKey(c.keyBytes)}, account: ${c.account}`,
      };
  }

  const committed: KvCommitWrite[] = [...writes.values()].map((w) => ({ streamId: w.streamId, key: w.hex, value: decoder.value(w) }));
  const acl = [...controls.values()].map(({ keyBytes: _, ...row }) => row);
  return { result: replayResults.commit, commit: { writes: committed, acl } };
}

/** An operation as the node records it: renounces act on the sender, SET_KEY_TO_* on no account. */
function toControl(control: KvAccessControl, from: Address): PendingControl {
  const op = kvAccessControlOps[control.type];
  const fields = kvAccessControlFields(control.type);
  const keyBytes = "key" in control ? control.key : new Uint8Array();
  let account: Address = zeroAddress;
  if ("account" in control && fields.account) account = control.account.toLowerCase() as Address;
  else if (control.type === "renounceAdmin" || control.type === "renounceWriter" || control.type === "renounceSpecialWriter") account = from;
  return { op, streamId: control.streamId, key: keyHex(keyBytes), keyBytes, account, operator: from };
}

/** `validate_access_control_set` for one operation. */
function allowed(state: KvStateReader, c: PendingControl, isAdmin: ReadonlySet<Hex>, tx: KvTransaction): boolean {
  const ops = kvAccessControlOps;
  switch (c.op) {
    case ops.grantAdmin:
    case ops.setKeyNormal:
    case ops.setKeySpecial:
    case ops.revokeWriter:
    case ops.revokeSpecialWriter:
      return isAdmin.has(c.streamId);
    case ops.grantWriter:
      return isAdmin.has(c.streamId) || state.isWriterOfStream(tx.from, c.streamId, tx.seq);
    case ops.grantSpecialWriter:
      return isAdmin.has(c.streamId) || state.isWriterOfKey(tx.from, c.streamId, c.key, tx.seq);
    default:
      return true; // renounces
  }
}
