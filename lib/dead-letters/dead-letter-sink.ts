import { DEAD_LETTER_CONTENT_TYPE, type DeadLetterSource, type DeadLetterV2 } from '../../events/dead-letter.ts';
import type { Logger } from '../logger.ts';
import { METRIC, type Metrics } from '../metrics.ts';
import { hasUnstorableText, storableText } from '../text/storable-text.ts';
import type { DeadLetterRepository } from '../store/dead-letter-repository.ts';
import type { EventLog } from '../transport/event-log.ts';

export interface DeadLetterInput {
  readonly source: DeadLetterSource;
  readonly handler: string;
  readonly reason: string;
  readonly error?: unknown;
  readonly key: string | null;
  readonly payload: Buffer;
  /** The tenant the record was about, when the caller knows it; else read from a `tenant/customer` key. */
  readonly tenantId?: string | null;
}

/** Kafka keys are `tenant/customer` (DESIGN): the tenant of a record whose value could not be read. */
const tenantOfKey = (key: string | null): string | null => {
  const slash = key?.indexOf('/') ?? -1;
  return key && slash > 0 ? key.slice(0, slash) : null;
};

export interface DeadLetterSink {
  /** Sets the record aside with its reason; resolves once it is safely kept (else the batch is retried). */
  send(input: DeadLetterInput): Promise<DeadLetterV2>;
}

/**
 * The payload byte for byte: as text when it is valid UTF-8 that the store can hold, base64
 * otherwise (a NUL byte is valid UTF-8 but no `jsonb` can keep it, and a dead letter that cannot
 * be kept would sink its batch).
 */
const encodePayload = (payload: Buffer): Pick<DeadLetterV2, 'payload' | 'payloadEncoding'> => {
  const text = payload.toString('utf8');
  return Buffer.from(text, 'utf8').equals(payload) && !hasUnstorableText(text)
    ? { payload: text, payloadEncoding: 'utf8' }
    : { payload: payload.toString('base64'), payloadEncoding: 'base64' };
};

/**
 * Dead letters go to the `afterglow.dlq` topic (where operators replay from) and into the store
 * (where they can be listed with their reason). A redelivered poison record is set aside once.
 */
export const createDeadLetterSink = (deps: {
  deadLetters: DeadLetterRepository;
  eventLog: EventLog;
  dlqTopic: string;
  clock: () => Date;
  logger: Logger;
  metrics?: Metrics;
}): DeadLetterSink => ({
  async send(input) {
    const deadLetter: DeadLetterV2 = {
      schema: 'afterglow.DeadLetter',
      version: 2,
      source: input.source,
      tenantId: input.tenantId ?? tenantOfKey(input.key),
      handler: input.handler,
      // The reason may quote the bad input (a parser's message): kept storable too.
      reason: storableText(input.reason),
      errorName: input.error instanceof Error ? input.error.name : null,
      key: input.key === null ? null : storableText(input.key),
      ...encodePayload(input.payload),
      failedAt: deps.clock().toISOString(),
    };
    if (await deps.deadLetters.has(input.source)) return deadLetter;
    await deps.eventLog.publish(deps.dlqTopic, [
      { key: deadLetter.key, value: JSON.stringify(deadLetter), headers: { 'content-type': DEAD_LETTER_CONTENT_TYPE } },
    ]);
    await deps.deadLetters.record(deadLetter);
    deps.logger.warn('record dead-lettered', { source: input.source, handler: input.handler, reason: input.reason });
    deps.metrics?.count(METRIC.deadLetters, { source: input.source.kind === 'kafka' ? input.source.topic : 'recovery-queue' });
    return deadLetter;
  },
});
