import { describe, expect, it } from 'vitest';
import { createIntakeAdmission } from '../../lib/intake/intake-admission.ts';

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
});
