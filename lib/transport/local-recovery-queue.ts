import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { toSqsLambdaEvent, type ReceivedQueueMessage } from '../../events/sqs-lambda-event.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/database.ts';
import { startPollLoop } from './poll-loop.ts';
import { recoveryMessageOf, succeededIn, type RecoveryQueue } from './recovery-queue.ts';

export const LOCAL_RECOVERY_QUEUE = 'afterglow-recovery';
export const localQueueArn = (queue: string): string => `arn:aws:sqs:local:000000000000:${queue}`;

/** A message the local queue moved to its dead-letter queue, with afterglow's recorded reason. */
export interface LocalDeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: Date;
  readonly deadLetteredAt: Date;
  readonly reason: string;
}

export interface LocalRecoveryQueue extends RecoveryQueue {
  readonly kind: 'local';
  /** The queue's dead-letter queue, newest first. */
  deadLetters(): Promise<LocalDeadLetter[]>;
}

export interface LocalRecoveryQueueOptions {
  readonly queue?: string;
  /** Like SQS's RedrivePolicy: a message received this many times without success goes to the DLQ. */
  readonly maxReceiveCount?: number;
  /** How long a received message stays hidden before it is delivered again. */
  readonly visibilityTimeoutMs?: number;
  readonly pollMs?: number;
  readonly clock?: () => Date;
  readonly newMessageId?: () => string;
  /** afterglow's own record of why a message failed (SQS keeps none), for the DLQ entry. */
  readonly failureReasonOf?: (messageId: string) => Promise<string | null>;
}

interface MessageRow {
  message_id: string;
  body: string;
  attributes: Record<string, string>;
  sent_at: Date;
  receive_count: number;
  first_received_at: Date | null;
  receipt_handle: string | null;
  dead_lettered_at: Date | null;
  dead_letter_reason: string | null;
}

/**
 * The embedded default's recovery queue: SQS's semantics kept in the store, so a signal sent
 * before a restart is still delivered after it. A receive hides a message for the visibility
 * timeout and counts it; the handler's `batchItemFailures` stay hidden until then and come back;
 * a message received `maxReceiveCount` times without success moves to the dead-letter queue
 * (`<queue>-dlq`) with afterglow's recorded reason. Consumers poll, and wake at once when this
 * process sends.
 */
export const createLocalRecoveryQueue = (db: Database, logger: Logger, options: LocalRecoveryQueueOptions = {}): LocalRecoveryQueue => {
  const queue = options.queue ?? LOCAL_RECOVERY_QUEUE;
  const dlq = `${queue}-dlq`;
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  const clock = options.clock ?? (() => new Date());
  const newMessageId = options.newMessageId ?? randomUUID;
  const sent = new EventEmitter();
  sent.setMaxListeners(0);

  /** Visible messages that have used up their receives go to the DLQ instead of being delivered. */
  const moveExhausted = async (now: Date) => {
    const exhausted = await db.query<{ message_id: string; receive_count: number }>(
      `SELECT message_id, receive_count FROM local_queue_messages
       WHERE queue = $1 AND visible_at <= $2 AND receive_count >= $3 ORDER BY sent_at LIMIT 100`,
      [queue, now, maxReceiveCount],
    );
    for (const message of exhausted) {
      const recorded = await options.failureReasonOf?.(message.message_id);
      const reason = recorded ?? `not handled after ${message.receive_count} deliveries (no reason recorded)`;
      await db.query(
        `UPDATE local_queue_messages SET queue = $2, dead_lettered_at = $3, dead_letter_reason = $4
         WHERE message_id = $1 AND queue = $5`,
        [message.message_id, dlq, now, reason, queue],
      );
      logger.warn('recovery message moved to the dead-letter queue', { messageId: message.message_id, reason });
    }
  };

  const receive = async (limit: number): Promise<ReceivedQueueMessage[]> => {
    const now = clock();
    await moveExhausted(now);
    const rows = await db.query<MessageRow>(
      `UPDATE local_queue_messages SET receive_count = receive_count + 1, visible_at = $2,
         first_received_at = COALESCE(first_received_at, $3), receipt_handle = message_id || ':' || (receive_count + 1)
       WHERE message_id IN (
         SELECT message_id FROM local_queue_messages WHERE queue = $1 AND visible_at <= $3 AND receive_count < $4
         ORDER BY sent_at, message_id LIMIT $5 FOR UPDATE SKIP LOCKED)
       RETURNING message_id, body, attributes, sent_at, receive_count, first_received_at, receipt_handle`,
      [queue, new Date(now.getTime() + visibilityTimeoutMs), now, maxReceiveCount, limit],
    );
    return rows
      .map((row) => ({
        messageId: row.message_id,
        receiptHandle: row.receipt_handle ?? '',
        body: row.body,
        receiveCount: Number(row.receive_count),
        sentAt: new Date(row.sent_at),
        firstReceivedAt: new Date(row.first_received_at ?? now),
        attributes: row.attributes,
      }))
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  };

  const remove = async (messages: readonly ReceivedQueueMessage[]) => {
    for (const message of messages) {
      // A stale receipt handle (the message came back and was received again) deletes nothing.
      await db.query('DELETE FROM local_queue_messages WHERE message_id = $1 AND receipt_handle = $2', [
        message.messageId,
        message.receiptHandle,
      ]);
    }
  };

  return {
    kind: 'local',
    async send(signal) {
      const messageId = newMessageId();
      const { body, attributes } = recoveryMessageOf(signal);
      const now = clock();
      try {
        await db.query(
          `INSERT INTO local_queue_messages (message_id, queue, body, attributes, sent_at, visible_at)
           VALUES ($1, $2, $3, $4::jsonb, $5, $5)`,
          [messageId, queue, body, JSON.stringify(attributes), now],
        );
      } catch (error) {
        throw new UpstreamUnavailableError(`local recovery queue send failed: ${(error as Error).message}`, { cause: error });
      }
      sent.emit('sent');
      return { messageId };
    },
    consume({ handler, batchSize = 10 }) {
      const loop = startPollLoop(
        async () => {
          const messages = await receive(batchSize);
          if (messages.length === 0) return { found: false };
          let response;
          try {
            response = await handler(toSqsLambdaEvent(messages, localQueueArn(queue)));
          } catch (error) {
            // Like Lambda: a handler that throws fails the whole batch; it comes back after the timeout.
            logger.error('recovery handler failed; the batch will be delivered again', { error });
            return { found: true };
          }
          await remove(succeededIn(messages, response));
          return { found: true };
        },
        { idleMs: options.pollMs ?? 500, onError: (error) => logger.error('local recovery queue poll failed', { error }) },
      );
      const onSent = () => loop.wake();
      sent.on('sent', onSent);
      return {
        joined: Promise.resolve(),
        async stop() {
          sent.off('sent', onSent);
          await loop.stop();
        },
      };
    },
    async deadLetters() {
      const rows = await db.query<MessageRow>(
        `SELECT message_id, body, attributes, sent_at, receive_count, first_received_at, receipt_handle, dead_lettered_at,
           dead_letter_reason
         FROM local_queue_messages WHERE queue = $1 ORDER BY dead_lettered_at DESC, message_id`,
        [dlq],
      );
      return rows.map((row) => ({
        messageId: row.message_id,
        body: row.body,
        receiveCount: Number(row.receive_count),
        sentAt: new Date(row.sent_at),
        deadLetteredAt: new Date(row.dead_lettered_at ?? row.sent_at),
        reason: row.dead_letter_reason ?? '',
      }));
    },
    async health() {
      try {
        const [row] = await db.query<{ waiting: number; dead: number }>(
          `SELECT count(*) FILTER (WHERE queue = $1)::int AS waiting, count(*) FILTER (WHERE queue = $2)::int AS dead
           FROM local_queue_messages WHERE queue IN ($1, $2)`,
          [queue, dlq],
        );
        return { ok: true, detail: `local recovery queue (in the store): ${row?.waiting ?? 0} queued, ${row?.dead ?? 0} dead-lettered` };
      } catch (error) {
        return { ok: false, detail: `local recovery queue: ${(error as Error).message}` };
      }
    },
    async close() {
      sent.removeAllListeners();
    },
  };
};
