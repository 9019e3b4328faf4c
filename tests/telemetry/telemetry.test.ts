import { describe, expect, it } from 'vitest';
import { withCorrelation } from '../../lib/correlation.ts';
import { createLogger } from '../../lib/logger.ts';
import { debugMetrics, METRIC } from '../../lib/metrics.ts';
import { createEmfMetrics } from '../../lib/telemetry/emf-metrics.ts';
import { createPowertoolsLogger } from '../../lib/telemetry/powertools-logger.ts';

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, any>);

describe('EMF metrics (Powertools serializer)', () => {
  it('sums counts per dimension set, one document per set, with service and function', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createEmfMetrics({ write: (line) => void lines.push(line) });
    metrics.setFunctionName('webhook');
    // Act
    metrics.count(METRIC.webhooksRefused, { webhook: 'orders', reason: 'bad_signature' });
    metrics.count(METRIC.webhooksRefused, { reason: 'bad_signature', webhook: 'orders' });
    metrics.count(METRIC.webhooksRefused, { webhook: 'orders', reason: 'unknown_tenant' });
    metrics.flush();
    metrics.flush();
    // Assess
    const documents = parsed(lines);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({ service: 'afterglow', function: 'webhook', reason: 'bad_signature', WebhooksRefused: 2 });
    expect(documents[0]?._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'afterglow',
      Dimensions: [['service', 'function', 'webhook', 'reason']],
      Metrics: [{ Name: 'WebhooksRefused', Unit: 'Count' }],
    });
    expect(documents[1]).toMatchObject({ reason: 'unknown_tenant', WebhooksRefused: 1 });
  });

  it('keeps latencies as values, fewer than 100 to a document (Powertools would publish on its own at 100)', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createEmfMetrics({ write: (line) => void lines.push(line) });
    // Act
    for (let value = 0; value < 130; value += 1) metrics.milliseconds(METRIC.classificationLatency, value);
    metrics.flush();
    // Assess
    const documents = parsed(lines);
    expect(documents.map((document) => document.ClassificationLatency.length)).toEqual([99, 31]);
    expect(documents[0]?._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'ClassificationLatency', Unit: 'Milliseconds' }]);
  });

  it('npm start keeps metrics as debug lines: nothing at the default level', () => {
    // Prepare
    const quiet: string[] = [];
    const verbose: string[] = [];
    // Act
    debugMetrics(createLogger({ level: 'info', write: (line) => void quiet.push(line) })).count(METRIC.deadLetters, { source: 'afterglow.orders' });
    debugMetrics(createLogger({ level: 'debug', write: (line) => void verbose.push(line) })).count(METRIC.deadLetters, { source: 'afterglow.orders' });
    // Assess
    expect(quiet).toEqual([]);
    expect(parsed(verbose)[0]).toMatchObject({ level: 'debug', msg: 'metric', metric: 'DeadLetters', unit: 'Count', value: 1, dimensions: { source: 'afterglow.orders' } });
  });
});

describe('the two loggers', () => {
  const fields = {
    apiKey: 'sk_live_secret',
    target: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX',
    error: new Error('postgres://afterglow:hunter2@db.internal/afterglow refused'),
  };

  it('write the correlation id and mask alike: Powertools on Lambda, JSON lines under npm start', () => {
    // Prepare
    const powertoolsLines: string[] = [];
    const localLines: string[] = [];
    const powertools = createPowertoolsLogger({ level: 'info', write: (line) => void powertoolsLines.push(line) }).logger.child({ function: 'recovery' });
    const local = createLogger({ level: 'info', write: (line) => void localLines.push(line) }).child({ function: 'recovery' });
    // Act
    withCorrelation('delivery-42', () => {
      powertools.info('provider call', fields);
      local.info('provider call', fields);
    });
    powertools.info('outside');
    // Assess
    const [fromPowertools, outside] = parsed(powertoolsLines);
    const [fromLocal] = parsed(localLines);
    expect(fromPowertools).toMatchObject({ level: 'INFO', message: 'provider call', service: 'afterglow', correlation_id: 'delivery-42', function: 'recovery' });
    expect(fromLocal).toMatchObject({ level: 'info', msg: 'provider call', correlation_id: 'delivery-42', function: 'recovery' });
    for (const line of [powertoolsLines[0], localLines[0]]) {
      expect(line).not.toContain('sk_live_secret');
      expect(line).not.toContain('hunter2');
      expect(line).not.toContain('XXXXXXXXXXXX');
    }
    expect(fromPowertools?.apiKey).toBe('****');
    expect(fromPowertools?.error).toEqual(fromLocal?.error);
    expect(outside?.correlation_id).toBeUndefined();
  });
});
