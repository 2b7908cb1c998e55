// Node only: hashes full segments on worker threads over a SharedArrayBuffer ring. The browser build
// swaps this module for parallel.browser.ts (see tsup.config.ts), so browsers never see node:*.
import { Worker } from "node:worker_threads";
import { segmentSize } from "../constants.js";
import { MerkleWorkerError } from "../errors.js";
import { assembleFileMerkle, type FileMerkle } from "./file.js";
import { keccakModule, type Keccak } from "./keccak.js";
import { merkleWorkerSource } from "./worker-source.js";

/** Below this many bytes a file is hashed on the calling thread: starting workers would cost more. */
export const parallelThreshold = 4 * 1024 * 1024;
const ringSlots = 32; // segments in flight: 8 MiB
const batch = 4; // segments per worker task; ringSlots is a multiple, so a task never wraps the ring

type Task = { resolve(roots: Uint8Array): void; reject(error: unknown): void };
type Thread = { worker: Worker; ready: Promise<void>; load: number };

/** Idle workers exit after this many milliseconds (each holds ~15 MB); the next task starts new ones. */
const idleWorkerTimeout = 1000;

class Pool {
  readonly threads: Thread[];
  readonly #tasks = new Map<number, Task & { thread: Thread }>();
  readonly #module: WebAssembly.Module;
  #nextId = 0;
  #failed: unknown;
  #retired = false;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(size: number, module: WebAssembly.Module) {
    this.#module = module;
    this.threads = Array.from({ length: size }, () => {
      const worker = new Worker(merkleWorkerSource, { eval: true, workerData: { module } });
      let ready!: () => void;
      let fail!: (e: unknown) => void;
      const thread: Thread = { worker, ready: new Promise((res, rej) => ((ready = res), (fail = rej))), load: 0 };
      thread.ready.catch(() => {});
      worker.on("message", (message: { ready?: true; fatal?: string; id?: number; roots?: Uint8Array; error?: string }) => {
        if (message.ready) return ready();
        if (message.fatal !== undefined) return this.#fail(new Error(message.fatal), fail);
        const task = this.#tasks.get(message.id!);
        if (!task) return;
        this.#tasks.delete(message.id!);
        if (--task.thread.load === 0) task.thread.worker.unref();
        if (this.#tasks.size === 0) this.#scheduleRetire();
        if (message.error !== undefined) task.reject(new MerkleWorkerError({ cause: new Error(message.error) }));
        else task.resolve(message.roots!);
      });
      worker.on("error", (error) => this.#fail(error, fail));
      worker.on("exit", (code) => this.#fail(new Error(`merkle worker exited with code ${code}`), fail));
      // Idle workers never keep the process alive (a worker is referenced only while it has tasks);
      // after the listeners, since adding a "message" listener refs the worker again.
      worker.unref();
      return thread;
    });
    this.#scheduleRetire();
  }

  /** After `idleWorkerTimeout` without tasks the workers exit (the timer never keeps the process alive). */
  #scheduleRetire(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#tasks.size > 0) return;
      this.#retired = true;
      if (pool === this) pool = undefined;
      void this.terminate();
    }, idleWorkerTimeout);
    this.#idle.unref();
  }

  #fail(cause: unknown, failReady: (e: unknown) => void): void {
    if (this.#failed !== undefined || this.#retired) return;
    this.#failed = cause;
    if (pool === this) pool = undefined;
    const error = new MerkleWorkerError({ cause });
    failReady(error);
    for (const task of this.#tasks.values()) task.reject(error);
    this.#tasks.clear();
    void this.terminate();
  }

  /** Roots of `count` full segments starting at byte `offset` of `buffer`. */
  async hash(buffer: SharedArrayBuffer, offset: number, count: number): Promise<Uint8Array> {
    // Workers that exited for being idle are replaced, unseen by whoever held on to this pool.
    if (this.#retired) return getPool(this.threads.length, this.#module).hash(buffer, offset, count);
    if (this.#failed !== undefined) throw new MerkleWorkerError({ cause: this.#failed });
    clearTimeout(this.#idle);
    const thread = this.threads.reduce((a, b) => (b.load < a.load ? b : a));
    if (thread.load++ === 0) thread.worker.ref();
    await thread.ready;
    const id = this.#nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#tasks.set(id, { resolve, reject, thread });
      thread.worker.postMessage({ id, buffer, offset, count });
    });
  }

  async terminate(): Promise<void> {
    clearTimeout(this.#idle);
    await Promise.all(this.threads.map((t) => t.worker.terminate().catch(() => 0)));
  }
}

let pool: Pool | undefined;

function getPool(size: number, module: WebAssembly.Module): Pool {
  if (pool && pool.threads.length === size) return pool;
  // A pool of another size finishes its tasks and exits once idle.
  pool = new Pool(size, module);
  return pool;
}

/**
 * Stops the merkle worker threads now (they are started on the first large file and kept while in
 * use; they exit by themselves after a second without work and never keep the process alive). The
 * next large file starts new ones.
 *
 * @example
 * await terminateMerkleWorkers();
 */
export async function terminateMerkleWorkers(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.terminate();
}

/** Whether this build can hash on worker threads. */
export const workersAvailable = true;

/** Full segments hashed on the merkle workers, through slots of a SharedArrayBuffer. */
export type SegmentHasher = {
  /** A free slot (waits for one when all are taken). */
  acquire(): Promise<number>;
  release(slot: number): void;
  /** The slot's 262144 bytes: write a full segment here. */
  view(slot: number): Uint8Array;
  /** The root of the segment in the slot, computed on a merkle worker (the pool `fileMerkle` uses). */
  root(slot: number): Promise<Uint8Array>;
};

/**
 * Hashes full segments (262144 bytes) on the merkle worker threads through `slots` slots of shared
 * memory: downloads verify segments off the calling thread, which meanwhile receives and decodes
 * the next ones. Only a few bytes of message cross to the worker. Node only.
 */
export function createSegmentHasher(slots: number): SegmentHasher {
  const ring = new SharedArrayBuffer(slots * segmentSize);
  const free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  const waiting: ((slot: number) => void)[] = [];
  return {
    acquire: () => {
      const slot = free.pop();
      return slot !== undefined ? Promise.resolve(slot) : new Promise<number>((resolve) => waiting.push(resolve));
    },
    release: (slot) => {
      const next = waiting.shift();
      if (next) next(slot);
      else free.push(slot);
    },
    view: (slot) => new Uint8Array(ring, slot * segmentSize, segmentSize),
    async root(slot) {
      // One thread is enough here (it hashes faster than segments arrive) and costs half the memory
      // of two; a pool already running (a file just hashed) is used as it is.
      const threads = pool ?? getPool(1, await keccakModule());
      return threads.hash(ring, slot * segmentSize, 1);
    },
  };
}

/**
 * The file tree of the byte pieces `pieces`, hashing full segments on `workers` threads once
 * `parallelThreshold` bytes have arrived (on the calling thread before that). The last segment is
 * finished on the calling thread, so its leaves give the small submission nodes.
 */
export async function parallelFileMerkle(
  keccak: Keccak,
  pieces: AsyncIterable<Uint8Array>,
  workers: number,
): Promise<FileMerkle> {
  const module = await keccakModule();
  const ring = new SharedArrayBuffer(ringSlots * segmentSize);
  const bytes = new Uint8Array(ring);
  let roots = new Uint8Array(32 * 256);
  const busy = new Array<Promise<void> | undefined>(ringSlots);
  const running = new Set<Promise<void>>();
  let threads: Pool | undefined;
  let failure: unknown;
  let size = 0;
  let current = 0; // the segment being filled
  let fill = 0;
  let dispatched = 0; // segments before this one are hashed or being hashed

  const storeRoots = (first: number, values: Uint8Array) => {
    if ((first + values.length / 32) * 32 > roots.length) {
      const grown = new Uint8Array(Math.max(roots.length * 2, (first + values.length / 32) * 32));
      grown.set(roots);
      roots = grown;
    }
    roots.set(values, first * 32);
  };
  const hashInline = (first: number, count: number) => {
    for (let s = first; s < first + count; s++) {
      const at = (s % ringSlots) * segmentSize;
      storeRoots(s, keccak.chunksRoot(bytes.subarray(at, at + segmentSize)));
    }
  };
  const dispatch = (count: number) => {
    const first = dispatched;
    dispatched += count;
    if (threads === undefined) return hashInline(first, count);
    const job = threads.hash(ring, (first % ringSlots) * segmentSize, count).then(
      (values) => storeRoots(first, values),
      (error: unknown) => void (failure ??= error),
    );
    const done = job.finally(() => running.delete(done));
    running.add(done);
    for (let s = first; s < first + count; s++) busy[s % ringSlots] = done;
  };
  /** Segments [dispatched, current) are full and not the last one: hand them out in batches. */
  const flush = (all: boolean) => {
    if (threads === undefined && size >= parallelThreshold) threads = getPool(workers, module);
    if (threads === undefined && !all) return; // below the threshold: keep buffering (it fits the ring)
    while (current - dispatched >= batch) dispatch(batch);
    if (all && current > dispatched) dispatch(current - dispatched);
  };

  for await (const piece of pieces) {
    let offset = 0;
    while (offset < piece.length) {
      if (fill === segmentSize) {
        current++;
        fill = 0;
        flush(false);
        const wait = busy[current % ringSlots];
        if (wait) await wait;
        busy[current % ringSlots] = undefined;
        if (failure !== undefined) throw failure;
      }
      const n = Math.min(segmentSize - fill, piece.length - offset);
      bytes.set(piece.subarray(offset, offset + n), (current % ringSlots) * segmentSize + fill);
      fill += n;
      offset += n;
      size += n;
    }
  }
  flush(true);
  await Promise.all(running);
  if (failure !== undefined) throw failure;
  const at = (current % ringSlots) * segmentSize;
  return assembleFileMerkle(keccak, {
    size,
    segmentRoots: roots.subarray(0, current * 32),
    lastSegment: bytes.slice(at, at + fill),
  });
}
