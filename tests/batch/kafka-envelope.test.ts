import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodedKafkaBatch } from '../../events/decoded-kafka-batch.ts';
import { decodeKafkaRecord, type KafkaLambdaRecord, type KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { handler as ordersHandler } from '../../functions/orders.ts';
import { processKafkaEvent } from '../../lib/batch/process-kafka-event.ts';
import { UpstreamUnavailableError } from '../../lib/errors.ts';
import { handleFeedbackEvents } from '../../lib/feedback/handle-feedback-events.ts';
import { InvalidFeedbackInputError } from '../../lib/feedback/schema.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { feedbackBatch, feedbackEventFactory } from '../support/feedback-records.ts';
import { kafkaRecordFactory, orderEventFactory, selfManagedKafkaEvent } from '../support/kafka-records.ts';
import { useFunctionContext } from '../support/function-context.ts';

/** Java's signed bytes, as Lambda's pollers write header values: 0xC3 is -61. */
const javaBytes = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => (byte > 127 ? byte - 256 : byte));

describe('Kafka records decoded as AWS delivers them', () => {
  it('header values in signed (Java) or unsigned bytes read as the same text', () => {
    // Prepare
    const record = (bytes: number[]) => ({ ...kafkaRecordFactory('{}', { offset: 1 }), headers: [{ 'x-note': bytes }] });
    // Act
    const signed = decodeKafkaRecord(record([104, 105, -61, -85]));
    const unsigned = decodeKafkaRecord(record([104, 105, 195, 171]));
    // Assess
    expect(signed).toMatchObject({ ok: true, message: { headers: { 'x-note': 'hië' } } });
    expect(unsigned).toMatchObject({ ok: true, message: { headers: { 'x-note': 'hië' } } });
  });

  it('any text survives the round trip through Java signed bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const decoded = decodeKafkaRecord({ ...kafkaRecordFactory('{}', { offset: 7 }), headers: [{ h: javaBytes(text) }] });
        expect(decoded.ok && decoded.message.headers.h).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('absent or null key and value, absent or null headers, offsets and partitions as text', () => {
    // Prepare: the record shapes AWS and its tooling produce
    const { key: _key, value: _value, headers: _headers, ...bare } = kafkaRecordFactory('{}', { offset: 3 });
    const shapes: unknown[] = [
      bare,
      { ...bare, key: null, value: null, headers: null },
      { ...bare, offset: '9007199254740993', partition: '2' },
      { ...bare, headers: [{ empty: null }] },
    ];
    // Act
    const decoded = shapes.map((shape) => decodeKafkaRecord(shape));
    // Assess
    expect(decoded.map((result) => result.ok)).toEqual([true, true, true, true]);
    const [absent, nulls, text, nullHeader] = decoded.map((result) => (result.ok ? result.message : null));
    expect(absent).toMatchObject({ key: null, headers: {} });
    expect(absent?.value.length).toBe(0);
    expect(nulls).toMatchObject({ key: null, headers: {} });
    expect(text).toMatchObject({ offset: '9007199254740993', partition: 2 });
    expect(nullHeader?.headers).toEqual({ empty: '' });
  });

  it('a record that is not bytes or base64 is refused with its position and reason', () => {
    const base = kafkaRecordFactory('{}', { offset: 5, partition: 3 });
    for (const broken of [
      { ...base, headers: [{ h: [300] }] },
      { ...base, headers: [{ h: 'text' }] },
      { ...base, value: 'not base64!' },
      { ...base, timestamp: 'yesterday' },
    ]) {
      const decoded = decodeKafkaRecord(broken);
      expect(decoded).toMatchObject({ ok: false, position: { topic: 'afterglow.orders', partition: 3, offset: '5' } });
      expect(!decoded.ok && decoded.reason).toMatch(/^the Kafka record cannot be decoded: /);
    }
  });
});

describe('bounded Kafka failures', () => {
  let context: AppContext;
  useFunctionContext('kafka_envelope', { onReady: (built) => void (context = built) });

  it('the orders function takes records as AWS delivers them; an undecodable one is dead-lettered and the batch goes on', async () => {
    // Prepare: a Java-signed header, a keyless record with a string offset, a header that is no byte, a tombstone
    const withHeader = { ...kafkaRecordFactory(orderEventFactory({ orderId: 'k-1', eventId: 'k:1' }), { offset: 20 }), headers: [{ 'x-origin': [104, 105, -61, -85] }] };
    const keyless = { ...kafkaRecordFactory(orderEventFactory({ orderId: 'k-2', eventId: 'k:2' }), { offset: 21 }), key: null, offset: '21' };
    const broken = { ...kafkaRecordFactory(orderEventFactory({ orderId: 'k-3', eventId: 'k:3' }), { offset: 22 }), headers: [{ 'x-origin': [999] }] };
    const tombstone = { ...kafkaRecordFactory('{}', { offset: 23 }), value: null };
    const event = selfManagedKafkaEvent([withHeader, keyless, broken, tombstone] as KafkaLambdaRecord[]);
    // Act
    const result = await ordersHandler(event);
    // Assess
    expect(result.outcomes).toEqual(['recorded', 'recorded', 'undecodable', 'dead_lettered']);
    expect(result.batchItemFailures).toEqual([]);
    const letters = await context.deadLetterStore.list({ handler: 'orders' });
    const undecodable = letters.find((letter) => letter.source.kind === 'kafka' && letter.source.offset === '22');
    expect(undecodable?.reason).toMatch(/^the Kafka record cannot be decoded: headers\.0\.x-origin\.0: /);
    // the record as delivered, so an operator sees what came
    expect(JSON.parse(undecodable?.payload ?? '{}')).toMatchObject({ offset: 22, headers: [{ 'x-origin': [999] }] });
    expect(letters.find((letter) => letter.source.kind === 'kafka' && letter.source.offset === '23')?.reason).toMatch(/^value is not JSON/);
  });

  it('records a consumer in this process decoded are handled as the same records delivered by AWS', async () => {
    // Prepare: two partitions' records as the local consumer reads them, one of them not JSON
    const message = (value: string, partition: number, offset: string): KafkaMessage => ({
      topic: 'afterglow.orders',
      partition,
      offset,
      timestamp: 1_763_900_000_000,
      key: 'acme/c:1',
      value: Buffer.from(value, 'utf8'),
      headers: { 'x-origin': 'hië' },
    });
    const events = ['d-1', 'd-2'].map((id) => orderEventFactory({ orderId: id, eventId: `d:${id}` }));
    const messages = [message(JSON.stringify(events[0]), 0, '7'), message('{not json', 1, '3'), message(JSON.stringify(events[1]), 1, '4')];
    const asAws = selfManagedKafkaEvent(
      messages.map((each) => ({ ...kafkaRecordFactory(each.value.toString('utf8'), { offset: Number(each.offset), partition: each.partition }) })),
    );
    // Act
    const local = await ordersHandler(new DecodedKafkaBatch(messages, 'local'));
    const redelivered = await ordersHandler(asAws);
    // Assess
    expect(local.outcomes).toEqual(['recorded', 'dead_lettered', 'recorded']);
    expect(redelivered.outcomes).toEqual(['duplicate', 'dead_lettered', 'duplicate']);
    const letters = (await context.deadLetterStore.list({ handler: 'orders' })).filter((letter) => letter.source.kind === 'kafka' && letter.source.offset === '3');
    // one dead letter for the record, however it came (keyed by topic, partition and offset)
    expect(letters.map((letter) => letter.reason)).toEqual([expect.stringMatching(/^value is not JSON/)]);
  });

  it('an event that arrives as JSON shaped like a decoded batch is read as the Lambda event it is not, and refused', async () => {
    // Prepare: what an attacker (or a confused tool) could send: the decoded batch's fields, as data
    const forged = JSON.parse(JSON.stringify(new DecodedKafkaBatch([{ topic: 'afterglow.orders', partition: 0, offset: '1', timestamp: 0, key: null, value: Buffer.from('{}'), headers: {} }], 'local')));
    // Act
    const handled = ordersHandler(forged);
    // Assess
    await expect(handled).rejects.toThrow(/^not a Kafka Lambda event: /);
  });

  it('a partition that fails retryably is reported from its first record; the other partitions move on', async () => {
    // Prepare: partition 1 meets an outage
    const event = selfManagedKafkaEvent([
      kafkaRecordFactory('{}', { offset: 40, partition: 0 }),
      kafkaRecordFactory('{}', { offset: 41, partition: 0 }),
      kafkaRecordFactory('{}', { offset: 17, partition: 1 }),
      kafkaRecordFactory('{}', { offset: 18, partition: 1 }),
    ]);
    const seen: string[] = [];
    // Act
    const result = await processKafkaEvent(event, async (messages) => {
      if (messages[0]?.partition === 1) throw new UpstreamUnavailableError('database unavailable');
      seen.push(...messages.map((message) => message.offset));
      return messages.map(() => 'done');
    });
    // Assess
    expect(seen).toEqual(['40', '41']);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: { partition: 'afterglow.orders-1', offset: 17 } }]);
  });

  it('when every partition fails the invocation is an error, so Lambda retries it (and splits it)', async () => {
    const event = selfManagedKafkaEvent([kafkaRecordFactory('{}', { offset: 1, partition: 0 }), kafkaRecordFactory('{}', { offset: 2, partition: 1 })]);
    const failing = processKafkaEvent(event, async () => {
      throw new UpstreamUnavailableError('database unavailable');
    });
    await expect(failing).rejects.toThrow(/every partition of the batch failed: afterglow\.orders-0: database unavailable/);
  });

  it('feedback the classifier refuses is dead-lettered once, never retried', async () => {
    // Prepare: a classifier that refuses its input, as the real one does for a score without its scale
    const refusing = () => {
      throw new InvalidFeedbackInputError(['scale: a score needs its scale: nps, csat or stars']);
    };
    const batch = feedbackBatch([feedbackEventFactory({ feedbackId: 'fb_refused', revision: 1 })]);
    const handle = handleFeedbackEvents({ ...context, classify: refusing });
    // Act
    const first = await processKafkaEvent(batch, handle);
    const again = await processKafkaEvent(batch, handle);
    // Assess
    expect([first.outcomes, again.outcomes]).toEqual([['dead_lettered'], ['dead_lettered']]);
    const letters = (await context.deadLetterStore.list({ handler: 'feedback' })).filter((letter) => letter.reason.includes('scale'));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ errorName: 'InvalidFeedbackInputError' });
  });
});
