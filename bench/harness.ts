/**
 * The benchmark harness behind `pnpm bench`. A bench file default-exports `defineBench(...)`; the
 * runner gives it a context to measure with, and collects every measurement (with its samples),
 * every ratio between measurements taken side by side in the same run, and every target check.
 */
export type Unit = "ms" | "ops/s" | "gas" | "ratio" | "MB";

export type Measurement = {
  suite: string;
  name: string;
  unit: Unit;
  samples: number[];
  median: number;
  min: number;
  max: number;
};

export type Check = { suite: string; name: string; value: number; unit: Unit; op: "<=" | ">="; target: number; pass: boolean };

export type BenchContext = {
  /** Times `fn` `iterations` times (after `warmup` untimed runs) and records the samples in ms. */
  time(name: string, fn: () => Promise<void> | void, options?: { iterations?: number; warmup?: number; setup?: () => Promise<void> | void }): Promise<Measurement>;
  /**
   * Runs several contenders on the same workload in alternating rounds (A B C, C B A, ...) so drift in
   * a shared machine's load hits them alike; records ops/s per round for each. Under
   * `--expose-gc` each round starts from a collected heap.
   */
  sideBySide(cases: readonly { name: string; run: (ops: number) => Promise<void> }[], options: { ops: number; rounds?: number; warmupOps?: number }): Promise<Measurement[]>;
  /** Records samples measured elsewhere (a child process, gas from receipts). */
  record(name: string, unit: Unit, samples: number[]): Measurement;
  /** Records the ratio of two measurements from this run (per round when paired), e.g. devnet vs raw EDR. */
  ratio(name: string, numerator: Measurement, denominator: Measurement): Measurement;
  /** Records whether a measurement's median meets its target. */
  check(measurement: Measurement, op: "<=" | ">=", target: number): Check;
};

export type BenchDefinition = { suite: string; run(ctx: BenchContext): Promise<void> };

export function defineBench(suite: string, run: (ctx: BenchContext) => Promise<void>): BenchDefinition {
  return { suite, run };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function createContext(suite: string, measurements: Measurement[], checks: Check[]): BenchContext {
  const record = (name: string, unit: Unit, samples: number[]): Measurement => {
    const m: Measurement = { suite, name, unit, samples, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
    measurements.push(m);
    return m;
  };
  return {
    async time(name, fn, { iterations = 50, warmup = 5, setup } = {}) {
      for (let i = 0; i < warmup; i++) {
        await setup?.();
        await fn();
      }
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        await setup?.();
        const start = performance.now();
        await fn();
        samples.push(performance.now() - start);
      }
      return record(name, "ms", samples);
    },
    async sideBySide(cases, { ops, rounds = 15, warmupOps = Math.min(100, ops) }) {
      for (const c of cases) await c.run(warmupOps);
      const samples = cases.map(() => [] as number[]);
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let round = 0; round < rounds; round++) {
        // A B C, then C B A: no contender always runs right after the same one.
        const order = cases.map((_, i) => i);
        if (round % 2 === 1) order.reverse();
        for (const i of order) {
          gc?.(); // each round starts with no garbage left by another contender
          const start = performance.now();
          await cases[i]!.run(ops);
          samples[i]!.push((ops * 1000) / (performance.now() - start));
        }
      }
      return cases.map((c, i) => record(c.name, "ops/s", samples[i]!));
    },
    record,
    ratio(name, numerator, denominator) {
      // Rounds measured side by side are paired: the median of per-round ratios cancels load drift.
      const paired = numerator.samples.length === denominator.samples.length;
      const samples = paired
        ? numerator.samples.map((n, i) => n / denominator.samples[i]!)
        : [numerator.median / denominator.median];
      return record(name, "ratio", samples);
    },
    check(measurement, op, target) {
      const value = measurement.median;
      const check: Check = { suite, name: measurement.name, value, unit: measurement.unit, op, target, pass: op === "<=" ? value <= target : value >= target };
      checks.push(check);
      return check;
    },
  };
}
