import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processKafkaEvent } from '../../lib/batch/process-kafka-event.ts';
import type { FeedbackClassifier } from '../../lib/feedback/classifier-port.ts';
import { handleFeedbackEvents } from '../../lib/feedback/handle-feedback-events.ts';
import { decideRouting } from '../../lib/feedback/routing-decision.ts';
import { raiseFeedbackRecovery } from '../../lib/recovery/feedback-signals.ts';
import { RecoverySignalSchema } from '../../events/recovery-signal.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import type { ClassifiedFeedback } from '../../lib/store/classification-repository.ts';
import { feedbackBatch, feedbackEventFactory } from '../support/feedback-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createTestContext } from '../support/test-context.ts';

/** Sentiment from the score alone; "cracked" names damage. Enough to test routing and storage. */
const scoreOnlyClassifier: FeedbackClassifier = (input) => {
  const score = input.score ?? 5;
  const sentiment = score >= 9 ? 'happy' : score >= 7 ? 'neutral' : 'unhappy';
  const damaged = /cracked/i.test(input.comment ?? '');
  return { sentiment, confidence: 1, issues: damaged ? ['damaged'] : [], recovery: damaged, language: 'en', reasons: [] };
};

describe('routing decision', () => {
  const routed = (changes: Parameters<typeof feedbackEventFactory>[0]) => {
    const event = feedbackEventFactory({ testimonialConsent: null, ...changes });
    return decideRouting(event, scoreOnlyClassifier({ score: event.score?.value ?? 5, comment: event.comment ?? '' }));
  };

  it('a happy customer with an order and a comment: referral invitation and testimonial request', () => {
    expect(routed({ score: { value: 10, scale: 'nps' }, comment: 'Lovely mug, arrived quickly and well packed.' })).toMatchObject({
      referral: true,
      testimonial: 'request',
      recovery: false,
    });
  });

  it('a happy customer who names a problem: recovery, and advocacy waits', () => {
    expect(routed({ score: { value: 9, scale: 'nps' }, comment: 'Love it, but the glass arrived cracked.' })).toMatchObject({
      referral: false,
      testimonial: 'none',
      recovery: true,
    });
  });

  it('an unhappy customer: recovery only (the review invitation is not decided here at all)', () => {
    expect(routed({ score: { value: 2, scale: 'nps' }, comment: 'Slow and the box was wet.' })).toEqual(
      expect.objectContaining({ referral: false, testimonial: 'none', recovery: true }),
    );
  });

  it('permission given on the page makes a consented testimonial; withdrawn, a revocation', () => {
    const consent = feedbackEventFactory().testimonialConsent;
    expect(routed({ score: { value: 10, scale: 'nps' }, testimonialConsent: consent })).toMatchObject({ testimonial: 'consented' });
    expect(routed({ score: { value: 10, scale: 'nps' }, testimonialConsent: consent && { ...consent, granted: false, scopes: [] } })).toMatchObject({
      testimonial: 'revoked',
    });
  });

  it('a bare "ok" is not worth a testimonial request', () => {
    expect(routed({ score: { value: 10, scale: 'nps' }, comment: 'ok' })).toMatchObject({ testimonial: 'none', referral: true });
  });
});

describe('feedback records', () => {
  let database: TestDatabase;
  let context: AppContext;
  const reacted: ClassifiedFeedback[] = [];
  const handle = (event: unknown) =>
    processKafkaEvent(
      event,
      handleFeedbackEvents({ ...context, classify: scoreOnlyClassifier, reactions: [async (routed) => void reacted.push(...routed)] }),
    );

  beforeAll(async () => {
    database = await createTestDatabase('feedback_records');
    context = await createTestContext({ DATABASE_URL: database.url }, [{ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }]);
  });
  afterAll(async () => {
    await context?.close();
    await database?.drop();
  });

  it('keeps the classification of the latest revision; a redelivery or an older revision changes nothing', async () => {
    // Prepare
    const first = feedbackEventFactory({ feedbackId: 'fb_1', revision: 1, score: { value: 3, scale: 'nps' }, comment: 'Late.' });
    const second = feedbackEventFactory({ feedbackId: 'fb_1', revision: 2, score: { value: 10, scale: 'nps' }, comment: 'Sorted now, thank you so much!' });
    // Act
    const outcomes = [await handle(feedbackBatch([first, second])), await handle(feedbackBatch([second])), await handle(feedbackBatch([first]))];
    // Assess
    expect(outcomes.map((batch) => batch.outcomes)).toEqual([['classified', 'classified'], ['classified'], ['superseded']]);
    const kept = await context.classifications.find('acme', 'fb_1');
    expect(kept).toMatchObject({ revision: 2, sentiment: 'happy', routing: { referral: true } });
    // Reactions act on the latest (again on a redelivery: they are idempotent), never on an older revision.
    expect(reacted.map((routed) => `${routed.event.feedbackId}#${routed.event.revision}`)).toEqual(['fb_1#1', 'fb_1#2', 'fb_1#2']);
  });

  it('unhappy feedback, or a problem named under a high score, goes to the recovery queue as a RecoverySignal', async () => {
    // Prepare
    const cracked = feedbackEventFactory({ feedbackId: 'fb_glass', revision: 1, score: { value: 9, scale: 'nps' }, comment: 'Love it, but the glass arrived cracked.' });
    const content = feedbackEventFactory({ feedbackId: 'fb_fine', revision: 1, score: { value: 10, scale: 'nps' }, comment: 'Lovely, thank you!' });
    const recover = (event: unknown) =>
      processKafkaEvent(event, handleFeedbackEvents({ ...context, classify: scoreOnlyClassifier, reactions: [raiseFeedbackRecovery(context)] }));
    // Act
    await recover(feedbackBatch([cracked, content]));
    // Assess
    const bodies = (await context.db.query<{ body: string }>('SELECT body FROM local_queue_messages ORDER BY sent_at')).map((row) => JSON.parse(row.body));
    expect(bodies).toEqual([
      expect.objectContaining({
        signalId: 'feedback:fb_glass:1',
        tenantId: 'acme',
        issues: ['damaged'],
        summary: 'Damaged on arrival (NPS 9)',
        origin: expect.objectContaining({ kind: 'feedback', sentiment: 'happy', comment: 'Love it, but the glass arrived cracked.' }),
      }),
    ]);
    expect(RecoverySignalSchema.safeParse(bodies[0]).success).toBe(true);
  });

  it('one bad record never sinks the batch: it is dead-lettered with its reason', async () => {
    // Prepare
    const good = feedbackEventFactory({ feedbackId: 'fb_2', revision: 1 });
    const unknownTenant = feedbackEventFactory({ feedbackId: 'fb_3', tenantId: 'nobody' });
    // Act
    const result = await handle(feedbackBatch(['{not json', { ...good, score: { value: 11, scale: 'nps' } } as never, unknownTenant, good]));
    // Assess
    expect(result.outcomes).toEqual(['dead_lettered', 'dead_lettered', 'dead_lettered', 'classified']);
    const reasons = (await context.db.query<{ reason: string }>(`SELECT reason FROM dead_letters WHERE handler = 'feedback' ORDER BY created_at`)).map((row) => row.reason);
    expect(reasons).toEqual([
      expect.stringContaining('value is not JSON'),
      expect.stringContaining('score 11 is outside the NPS scale'),
      'tenant nobody does not exist (feedback fb_3)',
    ]);
  });
});
