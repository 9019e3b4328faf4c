import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricDimensions, MetricName, Metrics } from '../metrics.ts';

export interface EmfMetrics extends Metrics {
  /** The `function` dimension of every metric from now on (the handler's name: `orders`, `recovery`). */
  setFunctionName(name: string): void;
  /** Writes what the invocation recorded, one EMF document per dimension set, and forgets it. */
  flush(): void;
}

type Unit = typeof MetricUnit.Count | typeof MetricUnit.Milliseconds;
interface Point {
  readonly name: MetricName;
  readonly unit: Unit;
  readonly value: number;
  readonly dimensions: MetricDimensions;
}

/**
 * Powertools publishes on its own, to its console, once a metric holds 100 values: documents are
 * kept below that, so every one goes through `write`.
 */
const MAX_VALUES = 99;

const dimensionKey = (dimensions: MetricDimensions) => JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));

/**
 * CloudWatch embedded metric format through Powertools' serializer: data points are kept during the
 * invocation and written at its end ({@link EmfMetrics.flush}); counts of one name and dimension set
 * are summed, latencies kept as values. Every document has the dimensions `service`, `function` and
 * the point's own, in namespace `afterglow` (or POWERTOOLS_METRICS_NAMESPACE). Lines go to stdout
 * unprefixed (what CloudWatch reads EMF from), or to `write`.
 */
export const createEmfMetrics = (
  options: { readonly namespace?: string; readonly serviceName?: string; readonly write?: (line: string) => void } = {},
): EmfMetrics => {
  const namespace = options.namespace ?? process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'afterglow';
  const serviceName = options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? 'afterglow';
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  let functionName: string | undefined;
  let points: Point[] = [];
  const document = (dimensions: MetricDimensions, metrics: readonly { name: MetricName; unit: Unit; values: readonly number[] }[]) => {
    const emf = new PowertoolsMetrics({
      namespace,
      serviceName,
      defaultDimensions: { ...(functionName ? { function: functionName } : {}), ...dimensions },
    });
    for (const metric of metrics) for (const value of metric.values) emf.addMetric(metric.name, metric.unit, value);
    write(JSON.stringify(emf.serializeMetrics()));
  };
  return {
    count: (name, dimensions = {}, value = 1) => void points.push({ name, unit: MetricUnit.Count, value, dimensions }),
    milliseconds: (name, value, dimensions = {}) => void points.push({ name, unit: MetricUnit.Milliseconds, value, dimensions }),
    setFunctionName: (name) => void (functionName = name),
    flush() {
      const recorded = points;
      points = [];
      const groups = new Map<string, { dimensions: MetricDimensions; byName: Map<MetricName, { unit: Unit; values: number[] }> }>();
      for (const point of recorded) {
        const key = dimensionKey(point.dimensions);
        const group = groups.get(key) ?? { dimensions: point.dimensions, byName: new Map() };
        groups.set(key, group);
        const metric = group.byName.get(point.name) ?? { unit: point.unit, values: [] };
        group.byName.set(point.name, metric);
        if (metric.unit === MetricUnit.Count && metric.values.length > 0) metric.values[0] = (metric.values[0] as number) + point.value;
        else metric.values.push(point.value);
      }
      for (const { dimensions, byName } of groups.values()) {
        const metrics = [...byName.entries()].map(([name, { unit, values }]) => ({ name, unit, values }));
        for (let start = 0; metrics.some(({ values }) => values.length > start); start += MAX_VALUES) {
          document(
            dimensions,
            metrics.map((metric) => ({ ...metric, values: metric.values.slice(start, start + MAX_VALUES) })).filter(({ values }) => values.length > 0),
          );
        }
      }
    },
  };
};
