/**
 * How many order deliveries one process works on at once, and how long a delivery may wait for
 * its turn. Above capacity, a delivery from a platform that retries (Shopify, BigCommerce) is
 * told 503 after `maxWaitMs` instead of queueing for seconds behind the others; one from a
 * platform that never retries (WooCommerce disables a webhook after a few failures) waits its
 * turn, however long, since a refusal would lose it.
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
}

export const DEFAULT_INTAKE_ADMISSION: IntakeAdmissionSettings = { concurrency: 16, maxWaitMs: 1_000 };

export const createIntakeAdmission = (settings: IntakeAdmissionSettings = DEFAULT_INTAKE_ADMISSION): IntakeAdmission => {
  let working = 0;
  // Waiting deliveries in arrival order; each is handed its slot directly (no one jumps the queue).
  const waiting: ((granted: boolean) => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next(true);
    else working -= 1;
  };
  /** Once only: a second call must not free somebody else's slot. */
  const releaseOnce = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
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
