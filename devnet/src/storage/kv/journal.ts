/**
 * An undo log: every change to the KV state records how to take it back. A snapshot is the log's
 * length (O(1)); reverting undoes the changes made since, newest first, as 0G's node reverts a
 * reorg by deleting what was written after a tx seq (`revert_to`).
 */
export class Journal {
  readonly #undo: (() => void)[] = [];

  /** Records how to undo a change just made. */
  record(undo: () => void): void {
    this.#undo.push(undo);
  }

  /** The current position: what `rollback` returns to. */
  get mark(): number {
    return this.#undo.length;
  }

  /** Undoes every change recorded after `mark` (a position from `mark`; a later one does nothing). */
  rollback(mark: number): void {
    while (this.#undo.length > mark) this.#undo.pop()!();
  }
}
