import type { Hex } from "viem";
import type { Journal } from "./journal.js";
import { lowerBound, type KeyHex } from "./keys.js";

/** One write of a key: the tx seq that wrote it and the value (empty: the key was deleted). */
export type KvVersion = { readonly version: number; readonly value: Uint8Array };

/** A key's latest write at or before a version, as the node's `t_stream` queries return it. */
export type KvPair = KvVersion & { readonly key: KeyHex };

type StreamValues = {
  /** Every key ever written, sorted bytewise. */
  readonly keys: string[];
  /** The writes of each key, oldest first (versions only grow: txs commit in seq order). */
  readonly versions: Map<KeyHex, KvVersion[]>;
};

/** The latest entry of `list` with `version <= atMost` (lists are sorted by version). */
function latest(list: readonly KvVersion[], atMost: number): KvVersion | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.version <= atMost) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : list[lo - 1];
}

/**
 * The node's `t_stream` table: every write of every key, by stream, with the queries of
 * `sqlite_db_statements.rs` (`version <= v`, keys in BLOB order). Range queries binary-search a
 * sorted key array per stream. Changes are recorded in the journal, so snapshots are O(1).
 */
export class KvValues {
  readonly #streams = new Map<Hex, StreamValues>();
  readonly #journal: Journal;

  constructor(journal: Journal) {
    this.#journal = journal;
  }

  /** `PUT_STREAM_WRITE_STATEMENT`: a write at `version`, newer than every earlier one. */
  put(streamId: Hex, key: KeyHex, version: number, value: Uint8Array): void {
    let stream = this.#streams.get(streamId);
    if (!stream) {
      stream = { keys: [], versions: new Map() };
      this.#streams.set(streamId, stream);
      this.#journal.record(() => this.#streams.delete(streamId));
    }
    const s = stream;
    let list = s.versions.get(key);
    if (!list) {
      list = [];
      s.versions.set(key, list);
      s.keys.splice(lowerBound(s.keys, key), 0, key);
      this.#journal.record(() => {
        s.versions.delete(key);
        s.keys.splice(lowerBound(s.keys, key), 1);
      });
    }
    const l = list;
    l.push({ version, value });
    this.#journal.record(() => void l.pop());
  }

  /** `GET_LATEST_VERSION_BEFORE_STATEMENT`: the latest version `<= before` of the key, 0 if none. */
  latestVersionBefore(streamId: Hex, key: KeyHex, before: number): number {
    const list = this.#streams.get(streamId)?.versions.get(key);
    return (list && latest(list, before)?.version) ?? 0;
  }

  /** `GET_STREAM_KEY_VALUE_STATEMENT`: the key's latest write at or before `version`. */
  get(streamId: Hex, key: KeyHex, version: number): KvPair | undefined {
    const list = this.#streams.get(streamId)?.versions.get(key);
    const found = list && latest(list, version);
    return found && { key, ...found };
  }

  /** The first key after (`inclusive`: from) `key` written at or before `version`, with that write. */
  next(streamId: Hex, key: KeyHex, inclusive: boolean, version: number): KvPair | undefined {
    const stream = this.#streams.get(streamId);
    if (!stream) return undefined;
    for (let i = lowerBound(stream.keys, key, !inclusive); i < stream.keys.length; i++) {
      const found = this.#at(stream, i, version);
      if (found) return found;
    }
    return undefined;
  }

  /** The last key before (`inclusive`: up to) `key` written at or before `version`, with that write. */
  prev(streamId: Hex, key: KeyHex, inclusive: boolean, version: number): KvPair | undefined {
    const stream = this.#streams.get(streamId);
    if (!stream) return undefined;
    for (let i = lowerBound(stream.keys, key, inclusive) - 1; i >= 0; i--) {
      const found = this.#at(stream, i, version);
      if (found) return found;
    }
    return undefined;
  }

  /** `GET_FIRST_KEY_VALUE_STATEMENT`. */
  first(streamId: Hex, version: number): KvPair | undefined {
    const stream = this.#streams.get(streamId);
    if (!stream) return undefined;
    for (let i = 0; i < stream.keys.length; i++) {
      const found = this.#at(stream, i, version);
      if (found) return found;
    }
    return undefined;
  }

  /** `GET_LAST_KEY_VALUE_STATEMENT`. */
  last(streamId: Hex, version: number): KvPair | undefined {
    const stream = this.#streams.get(streamId);
    if (!stream) return undefined;
    for (let i = stream.keys.length - 1; i >= 0; i--) {
      const found = this.#at(stream, i, version);
      if (found) return found;
    }
    return undefined;
  }

  #at(stream: StreamValues, index: number, version: number): KvPair | undefined {
    const key = stream.keys[index]!;
    const found = latest(stream.versions.get(key)!, version);
    return found && { key, ...found };
  }
}
