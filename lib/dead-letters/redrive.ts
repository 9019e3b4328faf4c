import { deadLetterSourceKey, DeadLetterSchema, type DeadLetter } from '../../events/dead-letter.ts';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { RecoverySignalSchema } from '../../events/recovery-signal.ts';
import type { DeadLetterRepository } from '../store/dead-letter-repository.ts';
import type { EventLog } from '../transport/event-log.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';
import { UNDECODABLE_KAFKA_RECORD } from './undecodable-record.ts';

/** One record to republish, whichever path it was found on; its id is its source key. */
export type RedriveItem =
  | { readonly id: string; readonly kind: 'kafka'; readonly topic: string; readonly key: string | null; readonly value: string }
  | { readonly id: string; readonly kind: 'sqs'; readonly body: string }
  | { readonly id: string; readonly kind: 'skip'; readonly reason: string };

export interface RedriveSummary {
  readonly redriven: string[];
  /** Republished by an earlier redrive (on any path): not again. */
  readonly alreadyRedriven: string[];
  readonly skipped: { readonly id: string; readonly reason: string }[];
  readonly failed: { readonly id: string; readonly reason: string }[];
}

export interface RedriveDeps {
  readonly deadLetters: Pick<DeadLetterRepository, 'redriven' | 'markRedriven'>;
  readonly eventLog: Pick<EventLog, 'publish'>;
  readonly recoveryQueue: Pick<RecoveryQueue, 'send'>;
}

/** What a dead letter republishes: its payload to its source topic, or its body to the recovery queue. */
export const redriveItemOf = (deadLetter: DeadLetter): RedriveItem => {
  const id = deadLetterSourceKey(deadLetter.source);
  if (deadLetter.errorName === UNDECODABLE_KAFKA_RECORD) {
    return { id, kind: 'skip', reason: 'the record as Lambda delivered it could not be decoded: fix it and publish it by hand' };
  }
  if (deadLetter.payloadEncoding !== 'utf8') return { id, kind: 'skip', reason: 'the payload is not UTF-8 text, so it is no event afterglow reads' };
  return deadLetter.source.kind === 'kafka'
    ? { id, kind: 'kafka', topic: deadLetter.source.topic, key: deadLetter.key, value: deadLetter.payload }
    : { id, kind: 'sqs', body: deadLetter.payload };
};

/** A DeadLetter read back from the `afterglow.dlq` topic (either version). */
export const redriveItemOfDlqMessage = (message: KafkaMessage): RedriveItem => {
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = DeadLetterSchema.safeParse(json);
  return parsed.success
    ? redriveItemOf(parsed.data)
    : { id: `kafka:${message.topic}:${message.partition}:${message.offset}`, kind: 'skip', reason: 'not a DeadLetter' };
};

/** A record read back from its source topic (Lambda's on-failure destination names its offsets). */
export const redriveItemOfSourceRecord = (message: KafkaMessage): RedriveItem => ({
  id: `kafka:${message.topic}:${message.partition}:${message.offset}`,
  kind: 'kafka',
  topic: message.topic,
  key: message.key,
  value: message.value.toString('utf8'),
});

/**
 * Republishes each item once: a Kafka record onto its own topic (its consumers are idempotent on the
 * event's id, so one that went through meanwhile changes nothing), a recovery signal onto the
 * recovery queue. Published first, then noted, so a crash in between republishes again rather than
 * never (at least once, like everything else); a second redrive finds the note and skips it.
 */
export const redrive = async (items: readonly RedriveItem[], deps: RedriveDeps): Promise<RedriveSummary> => {
  const summary: RedriveSummary = { redriven: [], alreadyRedriven: [], skipped: [], failed: [] };
  for (const item of items) {
    if (item.kind === 'skip') {
      summary.skipped.push({ id: item.id, reason: item.reason });
      continue;
    }
    if (await deps.deadLetters.redriven(item.id)) {
      summary.alreadyRedriven.push(item.id);
      continue;
    }
    try {
      if (item.kind === 'kafka') {
        await deps.eventLog.publish(item.topic, [{ key: item.key, value: item.value, headers: { 'x-afterglow-redrive-of': item.id } }]);
      } else {
        const signal = RecoverySignalSchema.safeParse(JSON.parse(item.body));
        if (!signal.success) {
          summary.skipped.push({ id: item.id, reason: 'not a RecoverySignal this version reads' });
          continue;
        }
        await deps.recoveryQueue.send(signal.data);
      }
    } catch (error) {
      summary.failed.push({ id: item.id, reason: (error as Error).message });
      continue;
    }
    await deps.deadLetters.markRedriven(item.id, item.kind === 'kafka' ? item.topic : 'recovery queue');
    summary.redriven.push(item.id);
  }
  return summary;
};
