import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCorrelation } from '../../lib/correlation.ts';
import { UpstreamUnavailableError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { kafkaSettingsFrom } from '../../lib/transport/kafka-config.ts';
import { createKafkaEventLog } from '../../lib/transport/kafka-event-log.ts';
import { readTopic, startKafka, startMockCluster, stopProcess, type TestKafka } from '../support/kafka.ts';

/** Publishes made at once share produce requests; each must still be acknowledged, and correlated, on its own. */
describe('Kafka event log, concurrent publishes grouped (the kcat mock cluster)', () => {
  let kafka: TestKafka;

  beforeAll(async () => {
    kafka = await startKafka();
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it('every publish made at once is on the log once, with its own key and correlation id, when it resolves', async () => {
    // Prepare
    const log = createKafkaEventLog(kafkaSettingsFrom(kafka.env), silentLogger);
    const topic = `${kafka.topicPrefix}grouped`;
    try {
      // Act: 50 publishes in the same turn, each under its own correlation id, one of them two messages
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          withCorrelation(`corr-${index}`, () =>
            log.publish(topic, [
              { key: `k${index}`, value: `v${index}` },
              ...(index === 7 ? [{ key: 'k7', value: 'v7b' }] : []),
            ]),
          ),
        ),
      );
      // Assess: resolved means on the log (read right away, nothing waited for)
      const messages = await readTopic(kafka.brokers, topic, { atLeast: 51 });
      expect(messages).toHaveLength(51);
      const byValue = new Map(messages.map((message) => [message.value, message]));
      for (let index = 0; index < 50; index += 1) {
        expect(byValue.get(`v${index}`)?.key).toBe(`k${index}`);
        expect(byValue.get(`v${index}`)?.headers['correlation-id']).toBe(`corr-${index}`);
      }
      expect(byValue.get('v7b')?.headers['correlation-id']).toBe('corr-7');
    } finally {
      await log.close();
    }
  });

  it('when the broker is gone, every publish of the group fails as upstream unavailable, none resolves', async () => {
    // Prepare
    const gone = await startMockCluster();
    await stopProcess(gone.process);
    const log = createKafkaEventLog(kafkaSettingsFrom({ KAFKA_BROKERS: gone.brokers, KAFKA_IDEMPOTENT: 'false' }), silentLogger);
    try {
      // Act
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, index) => log.publish('afterglow.orders', [{ key: `k${index}`, value: 'v' }])));
      // Assess
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(5).fill('rejected'));
      for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(UpstreamUnavailableError);
    } finally {
      await log.close();
    }
  });
});
