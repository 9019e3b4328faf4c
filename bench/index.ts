import { benchIntake } from './intake.ts';
import { benchPipeline } from './pipeline.ts';

/**
 * `npm run bench`: every figure is a ratio against a baseline measured in the same run on the
 * same machine, because this machine is shared and absolute times drift. Not a test.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const events = Number(process.env.BENCH_EVENTS ?? 5000);
const fixed = (value: number, digits = 0) => value.toFixed(digits);

const intake = await benchIntake({ seconds, connections });
const pipeline = await benchPipeline({ events });

const rows = [
  '| measure | baseline (same run) | afterglow | ratio |',
  '|---|---|---|---|',
  `| webhook intake, requests/s (${connections} connections, ${seconds} s) | ${fixed(intake.baseline.requestsPerSecond)} (bare node:http) | ${fixed(intake.afterglow.requestsPerSecond)} | ${fixed(intake.afterglow.requestsPerSecond / intake.baseline.requestsPerSecond, 3)}× |`,
  `| webhook intake, p50 latency ms | ${fixed(intake.baseline.p50, 1)} | ${fixed(intake.afterglow.p50, 1)} | ${fixed(intake.afterglow.p50 / Math.max(intake.baseline.p50, 0.001), 1)}× |`,
  `| webhook intake, p99 latency ms | ${fixed(intake.baseline.p99, 1)} | ${fixed(intake.afterglow.p99, 1)} | ${fixed(intake.afterglow.p99 / Math.max(intake.baseline.p99, 0.001), 1)}× |`,
  `| orders pipeline, events/s (${events} events, Kafka → handler → PostgreSQL) | ${fixed(pipeline.baseline.eventsPerSecond)} (raw kafkajs consumer) | ${fixed(pipeline.afterglow.eventsPerSecond)} | ${fixed(pipeline.afterglow.eventsPerSecond / pipeline.baseline.eventsPerSecond, 3)}× |`,
];
console.log(rows.join('\n'));
if (intake.afterglow.non2xx > 0) console.log(`\nwarning: ${intake.afterglow.non2xx} of ${intake.afterglow.total} webhook replies were not 2xx`);
