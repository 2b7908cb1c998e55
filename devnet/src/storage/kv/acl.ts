import { kvAccessControlOps } from "@0g/storage";
import type { Address, Hex } from "viem";
import type { Journal } from "./journal.js";
import type { KeyHex } from "./keys.js";

/**
 * A row of the node's `t_access_control` table. `key` is "" for operations without a key and
 * `account` the zero address for those without an account (SET_KEY_TO_*), as the node stores them.
 */
export type AclRow = {
  readonly op: number;
  readonly streamId: Hex;
  readonly key: KeyHex;
  /** Lowercase. */
  readonly account: Address;
  /** The sender of the tx that made the change (zero for the implicit admin grant of a new stream). */
  readonly operator: Address;
  readonly version: number;
};

export const zeroAddress: Address = "0x0000000000000000000000000000000000000000";

const ops = kvAccessControlOps;
const adminOps = [ops.grantAdmin, ops.renounceAdmin];
const writerOps = [ops.grantWriter, ops.revokeWriter, ops.renounceWriter];
const specialKeyOps = [ops.setKeySpecial, ops.setKeyNormal];
const keyWriterOps = [ops.grantSpecialWriter, ops.revokeSpecialWriter, ops.renounceSpecialWriter];

/** The newest row of `rows` (sorted by version) with `version <= atMost` and an op in `opsIn`. */
function newest(rows: readonly AclRow[] | undefined, opsIn: readonly number[], atMost: number): AclRow | undefined {
  if (!rows) return undefined;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.version <= atMost && opsIn.includes(row.op)) return row;
  }
  return undefined;
}

/**
 * The access-control log with the node's permission queries (`stream_store.rs`,
 * `sqlite_db_statements.rs`), each "the newest row at or before version v" over an index of the
 * rows by (stream, account), (stream, key) and (stream, key, account). Rows are only appended,
 * in version order, and recorded in the journal.
 */
export class KvAcl {
  readonly #journal: Journal;
  readonly #byAccount = new Map<string, AclRow[]>();
  readonly #byKey = new Map<string, AclRow[]>();
  readonly #byKeyAccount = new Map<string, AclRow[]>();
  /** The version of each stream's first row (`is_new_stream`). */
  readonly #firstVersion = new Map<Hex, number>();

  constructor(journal: Journal) {
    this.#journal = journal;
  }

  /** `PUT_ACCESS_CONTROL_STATEMENT`. */
  add(row: AclRow): void {
    this.#append(this.#byAccount, `${row.streamId}|${row.account}`, row);
    this.#append(this.#byKey, `${row.streamId}|${row.key}`, row);
    this.#append(this.#byKeyAccount, `${row.streamId}|${row.key}|${row.account}`, row);
    if (!this.#firstVersion.has(row.streamId)) {
      this.#firstVersion.set(row.streamId, row.version);
      this.#journal.record(() => this.#firstVersion.delete(row.streamId));
    }
  }

  #append(index: Map<string, AclRow[]>, at: string, row: AclRow): void {
    const rows = index.get(at);
    if (rows) {
      rows.push(row);
      this.#journal.record(() => void rows.pop());
    } else {
      index.set(at, [row]);
      this.#journal.record(() => index.delete(at));
    }
  }

  /** `IS_NEW_STREAM_STATEMENT`: no access-control row of the stream at or before `version`. */
  isNewStream(streamId: Hex, version: number): boolean {
    const first = this.#firstVersion.get(streamId);
    return first === undefined || first > version;
  }

  /** `IS_ADMIN_STATEMENT`. */
  isAdmin(account: Address, streamId: Hex, version: number): boolean {
    return newest(this.#byAccount.get(`${streamId}|${account}`), adminOps, version)?.op === ops.grantAdmin;
  }

  /** `IS_WRITER_FOR_STREAM_STATEMENT`. */
  isWriterOfStream(account: Address, streamId: Hex, version: number): boolean {
    return newest(this.#byAccount.get(`${streamId}|${account}`), writerOps, version)?.op === ops.grantWriter;
  }

  /** `IS_SPECIAL_KEY_STATEMENT`. */
  isSpecialKey(streamId: Hex, key: KeyHex, version: number): boolean {
    return newest(this.#byKey.get(`${streamId}|${key}`), specialKeyOps, version)?.op === ops.setKeySpecial;
  }

  /** `IS_WRITER_FOR_KEY_STATEMENT`. */
  isWriterOfKey(account: Address, streamId: Hex, key: KeyHex, version: number): boolean {
    return newest(this.#byKeyAccount.get(`${streamId}|${key}|${account}`), keyWriterOps, version)?.op === ops.grantSpecialWriter;
  }

  /**
   * `IS_SPECIAL_WRITER_STATEMENT`: of the account's rows in the stream at or before `version`,
   * grouped by key, the keys whose newest rows include a GRANT_SPECIAL_WRITER_ROLE.
   */
  specialWriterKeyCount(account: Address, streamId: Hex, version: number): number {
    const newestByKey = new Map<KeyHex, { version: number; granted: boolean }>();
    for (const row of this.#byAccount.get(`${streamId}|${account}`) ?? []) {
      if (row.version > version) continue;
      const seen = newestByKey.get(row.key);
      const granted = row.op === ops.grantSpecialWriter;
      if (!seen || row.version > seen.version) newestByKey.set(row.key, { version: row.version, granted });
      else if (row.version === seen.version && granted) seen.granted = true;
    }
    let count = 0;
    for (const { granted } of newestByKey.values()) if (granted) count++;
    return count;
  }

  /** `can_write`: whether the account may write anything at all in the stream. */
  canWrite(account: Address, streamId: Hex, version: number): boolean {
    return (
      this.isNewStream(streamId, version) ||
      this.isAdmin(account, streamId, version) ||
      this.isWriterOfStream(account, streamId, version) ||
      this.specialWriterKeyCount(account, streamId, version) > 0
    );
  }

  /** `has_write_permission`: whether the account may write this key. */
  hasWritePermission(account: Address, streamId: Hex, key: KeyHex, version: number): boolean {
    if (this.isNewStream(streamId, version)) return true;
    if (this.isAdmin(account, streamId, version)) return true;
    return this.isSpecialKey(streamId, key, version)
      ? this.isWriterOfKey(account, streamId, key, version)
      : this.isWriterOfStream(account, streamId, version);
  }
}
