import { BaseError, isBaseError } from "@0g/core";
import {
  checkStreamId,
  getKvValue,
  kvBatch,
  kvTransaction,
  KvUnknownStreamError,
  listKv,
  toStreamId,
  writeKv,
  type KvBatch,
  type KvClientOrEndpoint,
} from "@0g/storage";
import type { Account, Chain, Client, Hex, Transport } from "viem";

/** A stored value that is not what this memory wrote (not JSON): someone else wrote the key. */
export class MemoryValueError extends BaseError {
  static override readonly code = 10001;
  static override readonly description = "A value in the agent's memory stream is not valid JSON.";
  override name = "MemoryValueError";
  readonly key: string;
  constructor({ key, version, cause }: { key: string; version: number; cause: unknown }) {
    super(`The value of ${JSON.stringify(key)} (version ${version}) is not JSON.`, {
      code: MemoryValueError.code,
      details: "The key was written by something other than this memory helper.",
      cause,
    });
    this.key = key;
  }
}

/** One remembered value and the KV transaction (tx seq) that wrote it. */
export type MemoryVersion<V> = { value: V; version: number };
export type MemoryEntry<T> = { [K in keyof T & string]: { key: K; value: T[K]; version: number } }[keyof T & string];

export type AgentMemoryOptions = {
  /** A wallet client (it pays for and signs writes; reads use its chain's KV node). */
  client: Client<Transport, Chain | undefined, Account | undefined>;
  /** The memory's stream: a name (its id is keccak256(name)) or a 0x stream id. */
  stream: string;
  /** The KV node URL (default: the network registry's, or the devnet's). */
  kv?: string | undefined;
  /** Keys are stored as `<namespace>/<key>` (several memories can share one stream). @default "" */
  namespace?: string | undefined;
};

/** A typed key-value memory for an agent: every key of `T` holds a JSON value of its type. */
export type AgentMemory<T extends Record<string, unknown>> = {
  readonly streamId: Hex;
  /** The value of `key`, or undefined when it was never set (or was deleted). */
  get<K extends keyof T & string>(key: K, options?: { version?: number }): Promise<T[K] | undefined>;
  /** Sets one key; resolves when the KV node committed it, with the version (tx seq) that holds it. */
  set<K extends keyof T & string>(key: K, value: T[K]): Promise<{ version: number }>;
  /** Sets several keys in one KV transaction: all of them or none. */
  setMany(values: Partial<T>): Promise<{ version: number }>;
  /** Deletes a key. */
  delete(key: keyof T & string): Promise<{ version: number }>;
  /**
   * Read-modify-write that is safe under concurrent writers: `fn` sees the current value, and if
   * another writer changed the key before this write landed, it runs again on the new value.
   */
  update<K extends keyof T & string>(key: K, fn: (current: T[K] | undefined) => T[K], options?: { retries?: number }): Promise<MemoryVersion<T[K]>>;
  /** Every key with its value and version, in key order (one consistent snapshot). */
  list(): Promise<MemoryEntry<T>[]>;
  /** The key's values, newest first, back to its first write or its last deletion. */
  history<K extends keyof T & string>(key: K, options?: { limit?: number }): Promise<MemoryVersion<T[K]>[]>;
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A typed agent memory on a 0G Storage KV stream.
 *
 * @example
 * type Memory = { name: string; goals: string[]; visits: number };
 * const memory = createAgentMemory<Memory>({ client: wallet, stream: "agent-42/memory" });
 * await memory.set("name", "Ada");
 * await memory.update("visits", (n) => (n ?? 0) + 1);
 * const goals = await memory.get("goals"); // string[] | undefined
 */
export function createAgentMemory<T extends Record<string, unknown>>(options: AgentMemoryOptions): AgentMemory<T> {
  const { client, kv } = options;
  const streamId = options.stream.startsWith("0x") ? checkStreamId(options.stream) : toStreamId(options.stream);
  const prefix = options.namespace ? `${options.namespace}/` : "";
  const target: KvClientOrEndpoint = kv !== undefined ? { kv } : client;
  const where = kv !== undefined ? { kv } : {};
  const encode = (key: string, value: unknown): Uint8Array => {
    const json = JSON.stringify(value);
    if (json === undefined) throw new MemoryValueError({ key, version: -1, cause: new TypeError(`${typeof value} is not JSON`) });
    return encoder.encode(json);
  };
  const decode = <V>(key: string, bytes: Uint8Array, version: number): V => {
    try {
      return JSON.parse(decoder.decode(bytes)) as V;
    } catch (cause) {
      throw new MemoryValueError({ key, version, cause });
    }
  };
  /** A read of a stream nobody wrote yet is an empty memory, not an error. */
  const orEmpty = async <R>(read: () => Promise<R>, empty: R): Promise<R> => {
    try {
      return await read();
    } catch (error) {
      if (isBaseError(error, KvUnknownStreamError.code)) return empty;
      throw error;
    }
  };
  const read = async <V>(key: string, version?: number): Promise<MemoryVersion<V> | undefined> => {
    const found = await orEmpty(() => getKvValue(target, { streamId, key: prefix + key, ...(version === undefined ? {} : { version }) }), null);
    return found ? { value: decode<V>(key, found.value, found.version), version: found.version } : undefined;
  };
  const commit = async (build: (batch: KvBatch) => KvBatch) => {
    const written = await writeKv(client, { batch: build(kvBatch()), ...where });
    return { version: written.txSeq };
  };

  return {
    streamId,
    async get(key, { version } = {}) {
      return (await read<T[typeof key]>(key, version))?.value;
    },
    set: (key, value) => commit((batch) => batch.set(streamId, prefix + key, encode(key, value))),
    setMany: (values) =>
      commit((batch) => {
        for (const [key, value] of Object.entries(values)) if (value !== undefined) batch.set(streamId, prefix + key, encode(key, value));
        return batch;
      }),
    delete: (key) => commit((batch) => batch.delete(streamId, prefix + key)),
    async update(key, fn, { retries = 8 } = {}) {
      const done = await kvTransaction(client, {
        ...where,
        retries,
        run: async (tx) => {
          const current = await orEmpty(() => tx.get(streamId, prefix + key), null);
          const next = fn(current ? decode<T[typeof key]>(key, current.value, current.version) : undefined);
          tx.set(streamId, prefix + key, encode(key, next));
          return next;
        },
      });
      // `run` always writes, so the transaction was submitted and has a tx seq.
      return { value: done.value, version: done.txSeq! };
    },
    async list() {
      const entries = await orEmpty(() => listKv(target, { streamId, ...(prefix ? { prefix } : {}) }), []);
      return entries.map((e) => {
        const key = decoder.decode(e.key).slice(prefix.length);
        return { key, value: decode(key, e.value, e.version), version: e.version } as MemoryEntry<T>;
      });
    },
    async history(key, { limit = Number.POSITIVE_INFINITY } = {}) {
      const versions: MemoryVersion<T[typeof key]>[] = [];
      let at: number | undefined;
      while (versions.length < limit) {
        const found: MemoryVersion<T[typeof key]> | undefined = await read(key, at);
        if (!found) break;
        versions.push(found);
        if (found.version === 0) break;
        at = found.version - 1;
      }
      return versions;
    },
  };
}
