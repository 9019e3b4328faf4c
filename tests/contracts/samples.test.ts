import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedbackEventSchema } from '../../events/feedback-event.ts';
import { OrderEventSchema } from '../../events/order-event.ts';
import { RecoverySignalSchema } from '../../events/recovery-signal.ts';
import { REPO_ROOT } from '../support/shared.ts';

const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(resolve(REPO_ROOT, 'events/samples', name), 'utf8')) as Record<string, unknown>;

/** The saved samples are what producers and consumers are tested with: they must stay valid. */
describe('saved sample events parse with their contracts', () => {
  it.each([
    ['order-event.v1.json', OrderEventSchema],
    ['feedback-event.v1.json', FeedbackEventSchema],
    ['recovery-signal.v1.json', RecoverySignalSchema],
  ] as const)('%s', (name, schema) => {
    expect(schema.safeParse(sample(name)).error).toBeUndefined();
  });

  it('a feedback score outside its scale is refused, saying which scale', () => {
    const event = { ...sample('feedback-event.v1.json'), score: { value: 11, scale: 'nps' } };
    const result = FeedbackEventSchema.safeParse(event);
    expect(result.error?.issues[0]?.message).toBe('score 11 is outside the NPS scale (0–10)');
  });

  it('a recovery signal of an unknown origin is refused', () => {
    const signal = { ...sample('recovery-signal.v1.json'), origin: { kind: 'rumour' } };
    expect(RecoverySignalSchema.safeParse(signal).success).toBe(false);
  });
});
