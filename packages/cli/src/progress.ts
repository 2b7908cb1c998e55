import type { CliIo } from "./io.js";

export type CreateProgressParameters = {
  /** Progress goes to `io.stderr`, never to stdout, so `--json` output stays clean. */
  io: Pick<CliIo, "stderr">;
  /** What is in progress: "Uploading photo.jpg". */
  label: string;
  /** Total bytes, when known (for the bar, the percentage and the ETA). */
  total?: number | undefined;
  /**
   * Off a terminal, print a plain line at most this often (ms); by default nothing is printed off a
   * terminal, so logs and pipes are not flooded.
   */
  logInterval?: number | undefined;
  /** Milliseconds between redraws of the terminal line. @default 100 */
  redrawInterval?: number | undefined;
  /** Clock, for tests. @default performance.now */
  now?: (() => number) | undefined;
};

export type Progress = {
  /** Sets the bytes done so far. */
  update(done: number): void;
  /** Adds to the bytes done. */
  increment(bytes: number): void;
  /** Ends the line with a summary (or `message`). */
  finish(message?: string): void;
  /** Ends the line, keeping what was shown, with `message` if given. */
  fail(message?: string): void;
};

/**
 * Progress of a long transfer for commands such as `0g storage upload`. On a terminal it is one
 * line redrawn in place (bar, bytes, rate, ETA); off a terminal it prints nothing, or a line every
 * `logInterval` ms. It always writes to stderr.
 *
 * @example
 * const progress = createProgress({ io, label: "Uploading photo.jpg", total: file.size });
 * for await (const chunk of chunks) progress.increment(chunk.length);
 * progress.finish();
 */
export function createProgress({
  io,
  label,
  total,
  logInterval,
  redrawInterval = 100,
  now = () => performance.now(),
}: CreateProgressParameters): Progress {
  const stream = io.stderr;
  const tty = stream.isTTY === true;
  const started = now();
  let done = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let ended = false;

  const line = () => {
    const elapsed = Math.max(now() - started, 1) / 1000;
    const rate = done / elapsed;
    const parts = [label];
    if (total !== undefined && total > 0) {
      const fraction = Math.min(done / total, 1);
      if (tty) parts.push(bar(fraction, 20));
      parts.push(`${Math.floor(fraction * 100)}%`.padStart(4), `${formatBytes(done)} / ${formatBytes(total)}`);
    } else {
      parts.push(formatBytes(done));
    }
    parts.push(`${formatBytes(rate)}/s`);
    if (total !== undefined && rate > 0 && done < total) parts.push(`ETA ${formatDuration((total - done) / rate)}`);
    return parts.join("  ");
  };

  const draw = (force: boolean) => {
    if (ended) return;
    const t = now();
    if (tty) {
      if (!force && t - lastDraw < redrawInterval) return;
      lastDraw = t;
      const width = stream.columns ?? 120;
      stream.write(`\r\x1b[K${line().slice(0, Math.max(width - 1, 20))}`);
    } else if (logInterval !== undefined && logInterval > 0) {
      if (!force && t - lastDraw < logInterval) return;
      lastDraw = t;
      stream.write(`${line()}\n`);
    }
  };

  const end = (message: string | undefined, summary: boolean) => {
    if (ended) return;
    const elapsed = (now() - started) / 1000;
    const text = message ?? (summary ? `${label}  ${formatBytes(done)} in ${formatDuration(elapsed)}` : undefined);
    if (tty) stream.write(`\r\x1b[K${text ?? line()}\n`);
    else if (text !== undefined && logInterval !== undefined && logInterval > 0) stream.write(`${text}\n`);
    ended = true;
  };

  return {
    update(value) {
      done = Math.max(0, value);
      draw(false);
    },
    increment(bytes) {
      done += Math.max(0, bytes);
      draw(false);
    },
    finish: (message) => end(message, true),
    fail: (message) => end(message, false),
  };
}

/** `[########------------]` for a fraction from 0 to 1. */
export function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/** Bytes in binary units with one decimal: `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Seconds as `850ms`, `12s`, `3m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
