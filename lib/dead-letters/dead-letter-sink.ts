import type { DeadLetter, DeadLetterSource } from '../../events/dead-letter.ts';
import type { Logger } from '../logger.ts';
import type { DeadLetterRepository } from '../store/dead-letter-repository.ts';
import type { EventLog } from '../transport/event-log.ts';

export interface DeadLetterInput {
  readonly source: DeadLetterSource;
  readonly handler: string;
  readonly reason: string;
  readonly error?: unknown;
  readonly key: string | null;
  readonly payload: Buffer;
}

export interface DeadLetterSink {
  /** Sets the record aside with its reason; resolves once it is safely kept (else the batch is retried). */
  send(input: DeadLetterInput): Promise<DeadLetter>;
}

/** The payload byte for byte: as text when it is valid UTF-8, base64 otherwise. */
const encodePayload = (payload: Buffer): Pick<DeadLetter, 'payload' | 'payloadEncoding'> => {
  const text = payload.toString('utf8');
  return Buffer.from(text, 'utf8').equals(payload)
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
}): DeadLetterSink => ({
  async send(input) {
    const deadLetter: DeadLetter = {
      schema: 'afterglow.DeadLetter',
      version: 1,
      source: input.source,
      handler: input.handler,
      reason: input.reason,
      errorName: input.error instanceof Error ? input.error.name : null,
      key: input.key,
      ...encodePayload(input.payload),
      failedAt: deps.clock().toISOString(),
    };
    if (await deps.deadLetters.has(input.source)) return deadLetter;
    await deps.eventLog.publish(deps.dlqTopic, [
      { key: input.key, value: JSON.stringify(deadLetter), headers: { 'content-type': 'application/vnd.afterglow.dead-letter.v1+json' } },
    ]);
    await deps.deadLetters.record(deadLetter);
    deps.logger.warn('record dead-lettered', { source: input.source, handler: input.handler, reason: input.reason });
    return deadLetter;
  },
});
