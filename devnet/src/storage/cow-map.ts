/**
 * A Map with O(1) snapshots: `freeze()` hands out the current map and marks it shared; the next
 * write copies it first (a shallow copy: values are never mutated in place, so segment bytes are
 * shared between the live state and every snapshot). `thaw(frozen)` makes a frozen map current
 * again, still shared, so reverting to the same snapshot twice works.
 */
export class CowMap<K, V> {
  #map: Map<K, V>;
  #shared = false;

  constructor(entries?: Iterable<readonly [K, V]>) {
    this.#map = new Map(entries);
  }

  get size(): number {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    return this.#map.get(key);
  }
  has(key: K): boolean {
    return this.#map.has(key);
  }
  keys(): IterableIterator<K> {
    return this.#map.keys();
  }
  values(): IterableIterator<V> {
    return this.#map.values();
  }
  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
  set(key: K, value: V): this {
    this.#own().set(key, value);
    return this;
  }
  delete(key: K): boolean {
    if (!this.#map.has(key)) return false;
    return this.#own().delete(key);
  }
  clear(): void {
    this.#map = new Map();
    this.#shared = false;
  }

  /** The current contents, frozen: later writes to this CowMap do not change what is returned. */
  freeze(): ReadonlyMap<K, V> {
    this.#shared = true;
    return this.#map;
  }

  /** Makes a map returned by `freeze()` the current contents again. */
  thaw(frozen: ReadonlyMap<K, V>): void {
    this.#map = frozen as Map<K, V>;
    this.#shared = true;
  }

  #own(): Map<K, V> {
    if (this.#shared) {
      this.#map = new Map(this.#map);
      this.#shared = false;
    }
    return this.#map;
  }
}
