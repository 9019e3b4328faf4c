/**
 * The loop behind every in-process consumer: runs `poll` again at once while it finds work, waits
 * `idleMs` when it found none (or less, when woken: a message was just sent), and backs off
 * 0.5 s, 1 s, 2 s … up to 30 s while it keeps failing.
 */
export interface PollLoop {
  /** Cuts the current wait short: something arrived. */
  wake(): void;
  /** Resolves once the poll under way has finished. */
  stop(): Promise<void>;
}

export const startPollLoop = (
  poll: () => Promise<{ readonly found: boolean }>,
  options: { readonly idleMs: number; readonly onError: (error: unknown) => void },
): PollLoop => {
  let running = true;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  const loop = (async () => {
    let failures = 0;
    while (running) {
      let found = false;
      try {
        found = (await poll()).found;
        failures = 0;
      } catch (error) {
        failures += 1;
        options.onError(error);
      }
      if (!running) break;
      if (failures > 0) await sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      else if (!found) await sleep(options.idleMs);
    }
  })();
  return {
    wake: () => wake?.(),
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
};
