import { deadLetterSourceKey } from '../../events/dead-letter.ts';
import { inRanges, rangesOfOnFailureRecord, type KafkaOffsetRange } from '../dead-letters/kafka-on-failure-record.ts';
import { deadLetterSummary } from '../dead-letters/dead-letter-view.ts';
import { redrive, redriveItemOf, redriveItemOfDlqMessage, redriveItemOfSourceRecord, type RedriveItem } from '../dead-letters/redrive.ts';
import { InvalidRequestError, NotFoundError, UpstreamUnavailableError } from '../errors.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { readFailureQueue } from '../transport/failure-queue-reader.ts';
import { kafkaSettingsFrom } from '../transport/kafka-config.ts';
import { createKafkaClient } from '../transport/kafka-event-log.ts';
import { sqsSettingsFrom } from '../transport/sqs-recovery-queue.ts';
import { createKafkaTopicReader, createLocalTopicReader, type TopicReader } from '../transport/topic-reader.ts';
import type { CliIo } from './io.ts';
import { parseCliArgs } from './store-commands.ts';

const USAGE = `usage: dead-letters list [--handler H] [--tenant T] [--since ISO] [--limit N]
       dead-letters show ID
       dead-letters redrive [--source table|dlq|kafka-on-failure] [--since ISO] [--handler H] [--queue URL]`;

const sinceOf = (value: unknown): Date | undefined => {
  if (value === undefined) return undefined;
  const since = new Date(String(value));
  if (!/^\d{4}-\d\d-\d\d/.test(String(value)) || Number.isNaN(since.getTime())) throw new InvalidRequestError(`--since must be an ISO-8601 time, not ${String(value)}`);
  return since;
};

const topicReaderOf = (context: AppContext): TopicReader =>
  context.localLog ? createLocalTopicReader(context.db) : createKafkaTopicReader(createKafkaClient(kafkaSettingsFrom(context.config.env), context.logger));

/** The records Lambda's on-failure destination names, read back from their topics; the queue messages are acknowledged after the redrive. */
const onFailureItems = async (context: AppContext, queueUrl: string, since: Date | undefined) => {
  const messages = await readFailureQueue(sqsSettingsFrom(queueUrl, context.config.env));
  const ranges: KafkaOffsetRange[] = [];
  const items: RedriveItem[] = [];
  const understood: Awaited<ReturnType<typeof readFailureQueue>> = [];
  for (const message of messages) {
    const found = rangesOfOnFailureRecord(message.body);
    const at = (() => {
      try {
        return new Date((JSON.parse(message.body) as { timestamp?: string }).timestamp ?? 0);
      } catch {
        return new Date(0);
      }
    })();
    if (!found) {
      items.push({ id: `sqs:${queueUrl}:${message.messageId}`, kind: 'skip', reason: 'not a Lambda on-failure record for Kafka' });
      continue;
    }
    if (since && at < since) continue;
    ranges.push(...found);
    understood.push(message);
  }
  const reader = topicReaderOf(context);
  for (const topic of new Set(ranges.map((range) => range.topic))) {
    for (const record of await reader.readAll(topic)) if (inRanges(ranges, record)) items.push(redriveItemOfSourceRecord(record));
  }
  return { items, acknowledge: () => Promise.all(understood.map((message) => message.acknowledge())) };
};

const redriveCommand = async (args: string[], context: AppContext, io: CliIo) => {
  const { values, positionals } = parseCliArgs(args, {
    source: { type: 'string', default: 'table' },
    since: { type: 'string' },
    handler: { type: 'string' },
    queue: { type: 'string' },
  });
  if (positionals.length > 0) throw new InvalidRequestError(USAGE);
  const since = sinceOf(values.since);
  const handler = typeof values.handler === 'string' ? values.handler : undefined;
  let items: RedriveItem[];
  let acknowledge = async (): Promise<unknown> => undefined;
  if (values.source === 'table') {
    const entries = await context.deadLetterStore.query({ notRedriven: true, limit: 1000, ...(since ? { since } : {}), ...(handler ? { handler } : {}) });
    items = entries.map((entry) => redriveItemOf(entry.deadLetter));
  } else if (values.source === 'dlq') {
    items = (await topicReaderOf(context).readAll(context.topics.dlq))
      .map((message) => ({ message, item: redriveItemOfDlqMessage(message) }))
      .filter(({ message }) => {
        if (!since && !handler) return true;
        try {
          const letter = JSON.parse(message.value.toString('utf8')) as { failedAt?: string; handler?: string };
          return (!since || new Date(letter.failedAt ?? 0) >= since) && (!handler || letter.handler === handler);
        } catch {
          return true;
        }
      })
      .map(({ item }) => item);
  } else if (values.source === 'kafka-on-failure') {
    const queueUrl = typeof values.queue === 'string' ? values.queue : context.config.env.KAFKA_FAILURE_QUEUE_URL;
    if (!queueUrl) throw new InvalidRequestError('--source kafka-on-failure needs --queue URL (the stack output KafkaFailureQueueUrl) or KAFKA_FAILURE_QUEUE_URL');
    ({ items, acknowledge } = await onFailureItems(context, queueUrl, since));
  } else {
    throw new InvalidRequestError(`--source is table, dlq or kafka-on-failure, not ${String(values.source)}`);
  }
  const summary = await redrive(items, { deadLetters: context.deadLetterStore, eventLog: context.eventLog, recoveryQueue: context.recoveryQueue });
  if (summary.failed.length === 0) await acknowledge();
  io.out(JSON.stringify({ source: values.source, ...summary }));
  if (summary.failed.length > 0) throw new UpstreamUnavailableError(`${summary.failed.length} could not be republished; run the redrive again`);
};

/** `dead-letters list | show ID | redrive …`: the operator's view of what was set aside, and the way back. */
export const runDeadLetterCommand = async (args: string[], context: AppContext, io: CliIo): Promise<void> => {
  const [subcommand, ...rest] = args;
  if (subcommand === 'list') {
    const { values, positionals } = parseCliArgs(rest, { handler: { type: 'string' }, tenant: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } });
    if (positionals.length > 0) throw new InvalidRequestError(USAGE);
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidRequestError('--limit is 1 to 1000');
    const since = sinceOf(values.since);
    const entries = await context.deadLetterStore.query({
      limit,
      ...(typeof values.handler === 'string' ? { handler: values.handler } : {}),
      ...(typeof values.tenant === 'string' ? { tenantId: values.tenant } : {}),
      ...(since ? { since } : {}),
    });
    for (const entry of entries) io.out(JSON.stringify(deadLetterSummary(entry)));
    return;
  }
  if (subcommand === 'show') {
    const [id, extra] = rest;
    if (!id || extra !== undefined) throw new InvalidRequestError(USAGE);
    const entry = await context.deadLetterStore.find(id);
    if (!entry) throw new NotFoundError(`no dead letter ${id}`);
    io.out(JSON.stringify({ id: deadLetterSourceKey(entry.deadLetter.source), ...entry.deadLetter, recordedAt: entry.recordedAt.toISOString(), redrivenAt: entry.redrivenAt?.toISOString() ?? null }));
    return;
  }
  if (subcommand === 'redrive') return redriveCommand(rest, context, io);
  throw new InvalidRequestError(USAGE);
};
