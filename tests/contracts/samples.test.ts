import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedbackEventSchema } from '../../events/feedback-event.ts';
import { OrderEventSchema } from '../../events/order-event.ts';
import { RecoverySignalSchema, RecoverySignalV2Schema } from '../../events/recovery-signal.ts';
import { decodeSqsRecord, SqsLambdaEventSchema, toSqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { REPO_ROOT } from '../support/shared.ts';

const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(resolve(REPO_ROOT, 'events/samples', name), 'utf8')) as Record<string, unknown>;

/** The saved samples are what producers and consumers are tested with: they must stay valid. */
describe('saved sample events parse with their contracts', () => {
  it.each([
    ['order-event.v1.json', OrderEventSchema],
    ['feedback-event.v1.json', FeedbackEventSchema],
    ['recovery-signal.v1.json', RecoverySignalSchema],
    ['recovery-signal.v2.json', RecoverySignalSchema],
    ['recovery-signal.v2.order.json', RecoverySignalSchema],
    ['recovery-signal.v2.json', RecoverySignalV2Schema],
  ] as const)('%s', (name, schema) => {
    expect(schema.safeParse(sample(name)).error).toBeUndefined();
  });

  it('a feedback score outside its scale is refused, saying which scale', () => {
    const event = { ...sample('feedback-event.v1.json'), score: { value: 11, scale: 'nps' } };
    const result = FeedbackEventSchema.safeParse(event);
    expect(result.error?.issues[0]?.message).toBe('score 11 is outside the NPS scale (0–10)');
  });

  it('a v2 order failure a v1 consumer never knew is refused as v1, and v1’s refunded as v2', () => {
    const v2 = sample('recovery-signal.v2.order.json');
    expect(RecoverySignalSchema.safeParse({ ...v2, version: 1 }).success).toBe(false);
    const v1 = sample('recovery-signal.v1.json');
    expect(RecoverySignalSchema.safeParse({ ...v1, version: 2, orderNumber: null, origin: { kind: 'order', eventId: 'e', failure: 'refunded', detail: null, amounts: null } }).success).toBe(false);
  });

  it('a recovery signal of an unknown origin is refused', () => {
    const signal = { ...sample('recovery-signal.v1.json'), origin: { kind: 'rumour' } };
    expect(RecoverySignalSchema.safeParse(signal).success).toBe(false);
  });

  it('the saved SQS Lambda event parses as an envelope, and its body as a RecoverySignal, separately', () => {
    // Act
    const envelope = SqsLambdaEventSchema.parse(sample('recovery-sqs.json'));
    const [message] = envelope.Records.map(decodeSqsRecord);
    // Assess
    expect(message).toMatchObject({ messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', receiveCount: 1 });
    expect(message?.queue).toBe('arn:aws:sqs:us-east-1:123456789012:afterglow-dev-recovery');
    expect(message?.attributes['content-type']).toBe('application/vnd.afterglow.recovery-signal.v1+json');
    expect(RecoverySignalSchema.parse(JSON.parse(message?.body ?? '')).signalId).toBe('feedback:fb_acme_1073459972:2');
  });

  it('the event the local queue builds has the same shape', () => {
    const event = toSqsLambdaEvent(
      [{ messageId: 'm-1', receiptHandle: 'm-1:1', body: '{}', receiveCount: 2, sentAt: new Date(0), firstReceivedAt: new Date(5) }],
      'arn:aws:sqs:local:000000000000:afterglow-recovery',
    );
    expect(SqsLambdaEventSchema.parse(event).Records[0]?.attributes).toMatchObject({ ApproximateReceiveCount: '2', SentTimestamp: '0' });
  });
});
