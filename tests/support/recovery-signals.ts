import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { savedSample } from './kafka-records.ts';

type SignalChanges = Partial<Omit<RecoverySignal, 'customer' | 'origin'>> & {
  customer?: Partial<RecoverySignal['customer']>;
  origin?: RecoverySignal['origin'];
};

/** The saved sample RecoverySignal (feedback about a damaged order), with changes. */
export const recoverySignalFactory = (changes: SignalChanges = {}): RecoverySignal => {
  const base = savedSample('recovery-signal.v2.json') as RecoverySignal;
  return { ...base, ...changes, customer: { ...base.customer, ...changes.customer }, origin: changes.origin ?? base.origin };
};

/** Feedback-origin signal helpers for the origins tests vary most. */
export const feedbackOrigin = (comment: string | null, sentiment: 'happy' | 'neutral' | 'unhappy' = 'unhappy'): RecoverySignal['origin'] => ({
  kind: 'feedback',
  feedbackId: 'fb_1',
  revision: 1,
  sentiment,
  score: { value: sentiment === 'unhappy' ? 2 : sentiment === 'neutral' ? 7 : 9, scale: 'nps' },
  comment,
});
