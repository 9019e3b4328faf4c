import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type Resolver = (context: {
  resolveVariable: (name: string) => Promise<unknown>;
  resolveConfigurationProperty: (path: string[]) => Promise<unknown>;
}) => Promise<Record<string, { Properties: Record<string, unknown> }>>;
const extensionsOf = createRequire(import.meta.url)('../../deploy/kafka-event-source-extensions.cjs') as Resolver;

const params = (overrides: Record<string, unknown> = {}) => {
  const values: Record<string, unknown> = { kafkaProvisionedPollers: true, kafkaMinimumPollers: 1, kafkaMaximumPollers: 2, kafkaMaximumRetryAttempts: 5, ...overrides };
  return async (name: string) => values[name.replace(/^param:/, '')];
};
const functions = {
  orders: { events: [{ kafka: { topic: 'a-b.afterglow.orders', bootstrapServers: ['b:9092'] } }] },
  feedback: { events: [{ msk: { arn: 'arn:aws:kafka:eu-west-1:1:cluster/my-cluster/x', topic: 'afterglow.feedback' } }] },
  health: { events: [{ httpApi: 'GET /health' }] },
};

/** The resolver serverless.yml's `resources.extensions` runs at package time (the packaging test checks its output in the template). */
describe('Kafka event source extensions', () => {
  it('names exactly the mappings osls generates for the Kafka functions', async () => {
    const extensions = await extensionsOf({ resolveVariable: params(), resolveConfigurationProperty: async () => functions });
    expect(Object.keys(extensions).sort()).toEqual(['FeedbackEventSourceMappingMSKMyclusterAfterglowfeedback', 'OrdersEventSourceMappingKafkaAbaftergloworders'].sort());
  });

  it('with on-demand pollers it adds nothing (those controls need provisioned mode)', async () => {
    const off = await extensionsOf({ resolveVariable: params({ kafkaProvisionedPollers: 'false' }), resolveConfigurationProperty: async () => functions });
    expect(off).toEqual({});
  });

  it('a retry count that is not a whole number is refused at package time', async () => {
    const refused = extensionsOf({ resolveVariable: params({ kafkaMaximumRetryAttempts: 'lots' }), resolveConfigurationProperty: async () => functions });
    await expect(refused).rejects.toThrow(/kafkaMaximumRetryAttempts must be a whole number/);
  });
});
