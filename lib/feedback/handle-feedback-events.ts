import { FeedbackEventSchema, type FeedbackEvent } from '../../events/feedback-event.ts';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { InvalidPayloadError } from '../errors.ts';
import { refuseNewerVersion } from '../json/newer-contract-version.ts';
import { versionsOf } from '../../events/contracts.ts';
import type { Logger } from '../logger.ts';
import type { ClassificationRepository, ClassifiedFeedback } from '../store/classification-repository.ts';
import type { ErasureRepository } from '../store/erasure-repository.ts';
import { isDataError, pgErrorCode, PG_FOREIGN_KEY_VIOLATION } from '../store/database.ts';
import type { FeedbackClassifier } from './classifier-port.ts';
import { classifierInputOf, decideRouting } from './routing-decision.ts';

/** What acts on a routing decision (advocacy asks, recovery signals); idempotent, like every side effect. */
export type FeedbackReaction = (routed: readonly ClassifiedFeedback[]) => Promise<void>;

/** `erased`: about a customer or shop erased since it was submitted (a replay): dropped, not stored. */
export type FeedbackRecordOutcome = 'classified' | 'superseded' | 'dead_lettered' | 'erased';

export interface HandleFeedbackDeps {
  readonly classify: FeedbackClassifier;
  readonly classifications: Pick<ClassificationRepository, 'record'>;
  readonly deadLetters: DeadLetterSink;
  readonly logger: Logger;
  readonly reactions?: readonly FeedbackReaction[];
  /** Tombstones of erased customers and shops (privacy requests): their older feedback is dropped. */
  readonly erasures?: Pick<ErasureRepository, 'erased'>;
}

const decodeFeedbackEvent = (message: KafkaMessage): FeedbackEvent => {
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new InvalidPayloadError(`value is not JSON: ${(error as Error).message}`);
  }
  refuseNewerVersion(json, 'afterglow.FeedbackEvent', versionsOf(FeedbackEventSchema));
  const parsed = FeedbackEventSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`);
    throw new InvalidPayloadError(`not a FeedbackEvent: ${problems.join('; ')}`);
  }
  return parsed.data;
};

const sourceOf = (message: KafkaMessage) => `${message.topic}-${message.partition}@${message.offset}`;

/**
 * The feedback function's work on one partition's records: classify each FeedbackEvent, keep the
 * classification of its latest revision with the routing decision, then let the reactions act on
 * the latest ones (a redelivery acts again, harmlessly; an older revision does not act). Records
 * that can never be handled become dead letters; a store that is unwell fails the batch.
 */
export const handleFeedbackEvents =
  (deps: HandleFeedbackDeps) =>
  async (messages: readonly KafkaMessage[]): Promise<FeedbackRecordOutcome[]> => {
    const outcomes: FeedbackRecordOutcome[] = [];
    const latest: ClassifiedFeedback[] = [];
    for (const message of messages) {
      let event: FeedbackEvent | null = null;
      try {
        event = decodeFeedbackEvent(message);
        const subjects = { tenantId: event.tenantId, customerKey: event.customer.key, orderId: event.orderId, at: new Date(event.submittedAt) };
        if (deps.erasures && (await deps.erasures.erased([subjects])).size > 0) {
          outcomes.push('erased');
          continue;
        }
        const classification = deps.classify(classifierInputOf(event));
        const classified = { event, classification, routing: decideRouting(event, classification), source: sourceOf(message) };
        const kept = await deps.classifications.record(classified);
        if (kept === 'latest') latest.push(classified);
        outcomes.push(kept === 'latest' ? 'classified' : 'superseded');
      } catch (error) {
        if (!(error instanceof InvalidPayloadError) && !isDataError(error)) throw error;
        const unknownTenant = event && pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION;
        await deps.deadLetters.send({
          source: { kind: 'kafka', topic: message.topic, partition: message.partition, offset: message.offset },
          handler: 'feedback',
          reason: unknownTenant ? `tenant ${event?.tenantId} does not exist (feedback ${event?.feedbackId})` : (error as Error).message,
          error,
          key: message.key,
          payload: message.value,
        });
        outcomes.push('dead_lettered');
      }
    }
    for (const react of deps.reactions ?? []) await react(latest);
    deps.logger.debug('feedback events handled', { records: messages.length });
    return outcomes;
  };
