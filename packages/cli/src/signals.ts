/**
 * An AbortSignal that aborts on the first SIGINT or SIGTERM, while it is in use. The handlers are
 * removed on the first signal (so a second Ctrl+C falls back to Node's default and ends the process
 * at once) and by `dispose()`.
 */
export function shutdownSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const signals = ["SIGINT", "SIGTERM"] as const;
  const dispose = () => {
    for (const name of signals) process.off(name, onSignal);
  };
  const onSignal = (name: NodeJS.Signals) => {
    dispose();
    controller.abort(name);
  };
  for (const name of signals) process.on(name, onSignal);
  return { signal: controller.signal, dispose };
}

/** Resolves when `signal` aborts (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
