/**
 * How many order deliveries one process works on at once, and how long a delivery may wait for
 * its turn. Above capacity, a delivery from a platform that retries (Shopify, BigCommerce) is
 * told 503 instead of queueing for seconds behind the others: at once when the queue ahead of it
 * would keep it longer than `maxWaitMs` (reckoned from how long a delivery has lately held its
 * slot), else after `maxWaitMs` if its turn has not come. One from a platform that never retries
 * (WooCommerce disables a webhook after a few failures) waits its turn, however long, since a
 * refusal would lose it.
 *
 * Written here rather than taken from p-limit or p-queue: neither gives up a *waiting* task
 * after a deadline (p-queue's timeout bounds a running task), and that is the whole point.
 */
export interface IntakeAdmission {
  /** A slot (call the release once, when the delivery is answered), or null: shed it. */
  admit(options: { readonly mayShed: boolean }): Promise<(() => void) | null>;
  /** Deliveries working and waiting now (for the logs and the bench). */
  readonly load: () => { readonly working: number; readonly waiting: number };
}

export interface IntakeAdmissionSettings {
  /** Deliveries worked on at once. */
  readonly concurrency: number;
  /** How long a delivery that may be shed waits for a slot before its 503. */
  readonly maxWaitMs: number;
  /** Milliseconds of a monotonic clock (tests set it; default `performance.now`). */
  readonly now?: () => number;
}

/** Weight of the latest hold in the running mean of hold times: a few dozen deliveries set it. */
const HOLD_WEIGHT = 0.1;

export const DEFAULT_INTAKE_ADMISSION: IntakeAdmissionSettings = { concurrency: 16, maxWaitMs: 1_000 };

export const createIntakeAdmission = (settings: IntakeAdmissionSettings = DEFAULT_INTAKE_ADMISSION): IntakeAdmission => {
  let working = 0;
  // Waiting deliveries in arrival order; each is handed its slot directly (no one jumps the queue).
  const waiting: ((granted: boolean) => void)[] = [];
  const now = settings.now ?? (() => performance.now());
  // How long a delivery lately held its slot (a running mean); 0 until one has been released.
  let holdMs = 0;
  /** How long a delivery arriving now would wait: the rounds of slots freeing ahead of it. */
  const expectedWaitMs = () => Math.ceil((waiting.length + 1) / settings.concurrency) * holdMs;

  const release = () => {
    const next = waiting.shift();
    if (next) next(true);
    else working -= 1;
  };
  /** Once only: a second call must not free somebody else's slot. */
  const releaseOnce = () => {
    let released = false;
    const granted = now();
    return () => {
      if (released) return;
      released = true;
      const held = now() - granted;
      holdMs = holdMs === 0 ? held : holdMs + HOLD_WEIGHT * (held - holdMs);
      release();
    };
  };

  return {
    load: () => ({ working, waiting: waiting.length }),
    admit: ({ mayShed }) => {
      if (working < settings.concurrency) {
        working += 1;
        return Promise.resolve(releaseOnce());
      }
      // Early: no point queueing a delivery whose platform retries for a turn that will come too late.
      if (mayShed && expectedWaitMs() > settings.maxWaitMs) return Promise.resolve(null);
      return new Promise((resolve) => {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const turn = (granted: boolean) => {
          if (timer) clearTimeout(timer);
          resolve(granted ? releaseOnce() : null);
        };
        waiting.push(turn);
        if (mayShed) {
          timer = setTimeout(() => {
            const at = waiting.indexOf(turn);
            if (at !== -1) waiting.splice(at, 1);
            turn(false);
          }, settings.maxWaitMs);
        }
      });
    },
  };
};
