import { readFileSync } from 'node:fs';
import type { KafkaLambdaEvent, KafkaLambdaRecord } from '../../events/kafka-lambda-event.ts';
import type { OrderEvent } from '../../events/order-event.ts';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../events/samples/${name}`, import.meta.url), 'utf8'));

/** The saved sample OrderEvent, with changes (deep enough for the fields tests vary). */
export const orderEventFactory = (changes: Partial<OrderEvent> & { orderId?: string } = {}): OrderEvent => {
  const base = sample('order-event.v1.json') as OrderEvent;
  const { orderId, ...rest } = changes;
  return { ...base, ...rest, order: { ...base.order, ...rest.order, ...(orderId ? { id: orderId } : {}) } };
};

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A record as the event source mapping delivers it, carrying `value` (an event, or raw text). */
export const kafkaRecordFactory = (
  value: { tenantId: string; customer: { key: string } } | string,
  position: { topic?: string; partition?: number; offset: number },
): KafkaLambdaRecord => ({
  topic: position.topic ?? 'afterglow.orders',
  partition: position.partition ?? 0,
  offset: position.offset,
  timestamp: 1_763_900_000_000,
  timestampType: 'CREATE_TIME',
  key: base64(typeof value === 'string' ? 'acme/c:1' : `${value.tenantId}/${value.customer.key}`),
  value: base64(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: [],
});

/** The saved self-managed Kafka sample event with its records replaced. */
export const selfManagedKafkaEvent = (records: KafkaLambdaRecord[]): KafkaLambdaEvent => {
  const event = sample('orders-self-managed-kafka.json') as KafkaLambdaEvent;
  const grouped: Record<string, KafkaLambdaRecord[]> = {};
  for (const record of records) (grouped[`${record.topic}-${record.partition}`] ??= []).push(record);
  return { ...event, records: grouped };
};

export const savedSample = sample;
