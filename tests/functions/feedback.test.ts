import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/feedback.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { feedbackBatch, feedbackEventFactory } from '../support/feedback-records.ts';
import { useFunctionContext } from '../support/function-context.ts';

/**
 * The feedback function as Lambda calls it, with the real classifier, against real PostgreSQL
 * (the recovery queue and event log are the store-backed stand-ins here).
 */
describe('feedback function', () => {
  let context: AppContext;
  useFunctionContext('feedback_fn', { onReady: (built) => void (context = built) });

  const queued = async () => (await context.db.query<{ body: string }>('SELECT body FROM local_queue_messages')).map((row) => JSON.parse(row.body).signalId as string);

  it('classifies and routes the saved sample, from its text as well as its score', async () => {
    // Prepare: a 9/10 whose glass arrived cracked
    const event = feedbackEventFactory({ feedbackId: 'fb_sample', revision: 1, comment: 'Love the set, but one glass arrived cracked.', testimonialConsent: null });
    // Act
    const result = await handler(feedbackBatch([event]));
    // Assess
    expect(result.outcomes).toEqual(['classified']);
    expect(await context.classifications.find('acme', 'fb_sample')).toMatchObject({
      revision: 1,
      sentiment: 'happy',
      recovery: true,
      issues: ['damaged'],
      routing: { recovery: true, referral: false },
    });
    expect(await queued()).toEqual(['feedback:fb_sample:1']);
  });

  it('a redelivered batch records nothing twice and raises each signal once', async () => {
    // Prepare
    const unhappy = feedbackEventFactory({ feedbackId: 'fb_late', revision: 1, score: { value: 2, scale: 'nps' }, comment: 'Three weeks late and nobody answered my emails.', testimonialConsent: null });
    const batch = feedbackBatch([unhappy]);
    // Act
    const first = await handler(batch);
    const again = await handler(batch);
    // Assess
    expect([first.outcomes, again.outcomes]).toEqual([['classified'], ['classified']]);
    expect((await context.db.query(`SELECT 1 FROM feedback_classifications WHERE feedback_id = 'fb_late'`)).length).toBe(1);
    // The queue takes the signal again (at least once); its id lets the recovery function file it once.
    expect(new Set((await queued()).filter((id) => id === 'feedback:fb_late:1')).size).toBe(1);
    expect(await context.classifications.find('acme', 'fb_late')).toMatchObject({ sentiment: 'unhappy', issues: expect.arrayContaining(['delivery_delay']) });
  });

  it('a poison record is dead-lettered with its reason and the rest of the batch goes on', async () => {
    const good = feedbackEventFactory({ feedbackId: 'fb_good', revision: 1, score: { value: 10, scale: 'nps' }, comment: 'Perfect, thank you!', testimonialConsent: null });
    const result = await handler(feedbackBatch(['{"schema":"afterglow.FeedbackEvent","version":1}', good]));
    expect(result.outcomes).toEqual(['dead_lettered', 'classified']);
    const [dead] = await context.db.query<{ reason: string }>(`SELECT reason FROM dead_letters WHERE handler = 'feedback'`);
    expect(dead?.reason).toMatch(/^not a FeedbackEvent: /);
  });
});
