import type { Logger } from '../logger.ts';

export interface RunningSchedule {
  stop(): Promise<void>;
}

/**
 * `npm start`'s stand-in for EventBridge schedules: runs a handler every `everyMs`, never two runs
 * of one schedule at once, the first run shortly after start (so a restart catches up at once).
 */
export const startSchedule = (options: {
  name: string;
  everyMs: number;
  handler: () => Promise<unknown>;
  logger: Logger;
  firstRunAfterMs?: number;
}): RunningSchedule => {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = (async () => {
      try {
        await options.handler();
      } catch (error) {
        options.logger.error('scheduled run failed; the next run tries again', { schedule: options.name, error });
      }
    })().finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, options.everyMs);
    });
  };
  timer = setTimeout(tick, options.firstRunAfterMs ?? Math.min(1_000, options.everyMs));
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
