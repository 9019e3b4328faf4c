import { readFileSync } from 'node:fs';
import type { KafkaLambdaEvent } from '../../events/kafka-lambda-event.ts';
import type { FeedbackEvent } from '../../events/feedback-event.ts';
import { kafkaRecordFactory, selfManagedKafkaEvent } from './kafka-records.ts';

const sample = JSON.parse(readFileSync(new URL('../../events/samples/feedback-event.v1.json', import.meta.url), 'utf8')) as FeedbackEvent;

/** The saved sample FeedbackEvent, with changes. */
export const feedbackEventFactory = (changes: Partial<FeedbackEvent> = {}): FeedbackEvent => ({ ...sample, ...changes });

let offset = 5_000;

/** Feedback events in one batch on `afterglow.feedback`, as the event source mapping delivers them. */
export const feedbackBatch = (values: readonly (FeedbackEvent | string)[], topic = 'afterglow.feedback'): KafkaLambdaEvent =>
  selfManagedKafkaEvent(values.map((value) => kafkaRecordFactory(value, { topic, offset: (offset += 1) })));
