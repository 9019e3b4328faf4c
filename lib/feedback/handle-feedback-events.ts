import { FeedbackEventSchema, type FeedbackEvent } from '../../events/feedback-event.ts';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { InvalidPayloadError } from '../errors.ts';
import { refuseNewerVersion } from '../json/newer-contract-version.ts';
import { versionsOf } from '../../events/contracts.ts';
import { correlationIdIn, correlationIdToSend, withBatchCorrelations, withCorrelation } from '../correlation.ts';
import type { Logger } from '../logger.ts';
import { METRIC, type Metrics } from '../metrics.ts';
import type { ClassificationRepository, ClassifiedFeedback } from '../store/classification-repository.ts';
import type { ErasureRepository } from '../store/erasure-repository.ts';
import { isDataError, pgErrorCode, PG_FOREIGN_KEY_VIOLATION } from '../store/database.ts';
import type { FeedbackClassifier } from './classifier-port.ts';
import { classifierInputOf, decideRouting } from './routing-decision.ts';
import { jsonSyntaxProblem } from '../json/json-syntax-problem.ts';

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
  /** ClassificationLatency of each event. */
  readonly metrics?: Metrics;
}

const decodeFeedbackEvent = (message: KafkaMessage): FeedbackEvent => {
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new InvalidPayloadError(`value is ${jsonSyntaxProblem(error)}`);
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
    const correlations = new Map<string, string>();
    // Each record under the correlation id it carries (a fresh one when it carries none).
    const handleOne = async (message: KafkaMessage): Promise<FeedbackRecordOutcome> => {
      let event: FeedbackEvent | null = null;
      try {
        event = decodeFeedbackEvent(message);
        const subjects = { tenantId: event.tenantId, customerKey: event.customer.key, orderId: event.orderId, at: new Date(event.submittedAt) };
        if (deps.erasures && (await deps.erasures.erased([subjects])).size > 0) return 'erased';
        const started = performance.now();
        const classification = deps.classify(classifierInputOf(event));
        deps.metrics?.milliseconds(METRIC.classificationLatency, performance.now() - started);
        const classified = { event, classification, routing: decideRouting(event, classification), source: sourceOf(message) };
        const kept = await deps.classifications.record(classified);
        if (kept === 'latest') {
          latest.push(classified);
          correlations.set(feedbackCorrelationKey(event), correlationIdToSend());
        }
        return kept === 'latest' ? 'classified' : 'superseded';
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
        return 'dead_lettered';
      }
    };
    for (const message of messages) outcomes.push(await withCorrelation(correlationIdIn(message.headers), () => handleOne(message)));
    // The reactions see the batch; each acts on a feedback under that feedback's correlation id (withCorrelationOf).
    await withBatchCorrelations(correlations, async () => {
      for (const react of deps.reactions ?? []) await react(latest);
    });
    deps.logger.debug('feedback events handled', { records: messages.length });
    return outcomes;
  };

/** The key a reaction finds a feedback revision's correlation id by (lib/correlation.ts `withCorrelationOf`). */
export const feedbackCorrelationKey = (event: Pick<FeedbackEvent, 'feedbackId' | 'revision'>): string => `feedback:${event.feedbackId}:${event.revision}`;
