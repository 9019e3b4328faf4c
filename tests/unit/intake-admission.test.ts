import { describe, expect, it } from 'vitest';
import { createIntakeAdmission } from '../../lib/intake/intake-admission.ts';

/** One slot, held once for `heldMs` (by a clock the test moves) and now taken again. */
const slotTakenAfterHolds = async (heldMs: number, maxWaitMs: number) => {
  let clock = 0;
  const admission = createIntakeAdmission({ concurrency: 1, maxWaitMs, now: () => clock });
  const measured = await admission.admit({ mayShed: true });
  clock += heldMs;
  measured?.();
  return { admission, holder: await admission.admit({ mayShed: true }) };
};

describe('the intake admission', () => {
  it('hands freed slots to waiting deliveries in arrival order; a shed delivery leaves the queue', async () => {
    // Prepare: two slots, both taken
    const admission = createIntakeAdmission({ concurrency: 2, maxWaitMs: 20 });
    const first = await admission.admit({ mayShed: true });
    const second = await admission.admit({ mayShed: true });
    const order: string[] = [];
    // Act
    const patient = admission.admit({ mayShed: false }).then((release) => (order.push('patient'), release));
    const shed = await admission.admit({ mayShed: true });
    const later = admission.admit({ mayShed: false }).then((release) => (order.push('later'), release));
    first?.();
    first?.(); // a second release of the same slot frees nothing more
    const patientRelease = await patient;
    const loadAfterOneFreed = admission.load();
    second?.();
    const laterRelease = await later;
    patientRelease?.();
    laterRelease?.();
    // Assess
    expect(shed).toBeNull();
    expect(order).toEqual(['patient', 'later']);
    expect(loadAfterOneFreed).toEqual({ working: 2, waiting: 1 });
    expect(admission.load()).toEqual({ working: 0, waiting: 0 });
  });

  it('sheds a Shopify or BigCommerce delivery at once when the queue ahead would keep it past its limit; a WooCommerce one still waits', async () => {
    // Prepare: one slot, taken; deliveries have lately held it 500 ms, the limit is 100 ms
    const { admission, holder } = await slotTakenAfterHolds(500, 100);
    // Act
    const shed = admission.admit({ mayShed: true });
    const queuedAfterShed = admission.load();
    const woo = admission.admit({ mayShed: false });
    const queuedAfterWoo = admission.load();
    holder?.();
    const wooRelease = await woo;
    // Assess: the shed one never joined the queue (no wait for its limit), the WooCommerce one got the freed slot
    expect(queuedAfterShed).toEqual({ working: 1, waiting: 0 });
    expect(await shed).toBeNull();
    expect(queuedAfterWoo).toEqual({ working: 1, waiting: 1 });
    expect(wooRelease).toBeTypeOf('function');
    wooRelease?.();
    expect(admission.load()).toEqual({ working: 0, waiting: 0 });
  });

  it('queues a delivery that may be shed while the slots free fast enough, and gives it the next slot', async () => {
    // Prepare: one slot, taken; a hold of 10 ms lately, a limit of 100 ms
    const { admission, holder } = await slotTakenAfterHolds(10, 100);
    // Act
    const waiting = admission.admit({ mayShed: true });
    const queued = admission.load();
    holder?.();
    const release = await waiting;
    // Assess
    expect(queued).toEqual({ working: 1, waiting: 1 });
    expect(release).toBeTypeOf('function');
    release?.();
  });
});
