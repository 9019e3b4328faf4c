import { benchBundles, bundleRows } from './bundles.ts';
import { benchExport } from './export.ts';
import { benchEmbeddedIntake, benchIntake } from './intake.ts';
import { benchPipeline } from './pipeline.ts';

/**
 * `npm run bench`: every figure is a ratio against a baseline measured in the same run on the
 * same machine, because this machine is shared and absolute times drift. Not a test.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const events = Number(process.env.BENCH_EVENTS ?? 5000);
const fixed = (value: number, digits = 0) => value.toFixed(digits);

const exportSizes = (process.env.BENCH_EXPORT_ROWS ?? '10000,100000').split(',').map(Number);
const exportStores = (process.env.BENCH_EXPORT_STORES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];

const only = process.env.BENCH_ONLY ?? 'intake,embedded,pipeline,export,bundles';
const parts = new Set(only.split(','));
const intake = parts.has('intake') ? await benchIntake({ seconds, connections }) : null;
const embedded = parts.has('embedded') ? await benchEmbeddedIntake({ seconds, connections }) : null;
const pipeline = parts.has('pipeline') ? await benchPipeline({ events }) : null;
const exports = parts.has('export') ? await benchExport({ sizes: exportSizes, stores: exportStores }) : [];
const bundles = parts.has('bundles') ? await benchBundles({ rounds: Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5)) }) : null;

const rows = [
  '| measure | baseline (same run) | afterglow | ratio |',
  '|---|---|---|---|',
  ...(intake
    ? [
        `| webhook intake, requests/s (${connections} connections, ${seconds} s) | ${fixed(intake.baseline.requestsPerSecond)} (bare node:http) | ${fixed(intake.afterglow.requestsPerSecond)} | ${fixed(intake.afterglow.requestsPerSecond / intake.baseline.requestsPerSecond, 3)}× |`,
        `| webhook intake, p50 latency ms | ${fixed(intake.baseline.p50, 1)} | ${fixed(intake.afterglow.p50, 1)} | ${fixed(intake.afterglow.p50 / Math.max(intake.baseline.p50, 0.001), 1)}× |`,
        `| webhook intake, p99 latency ms | ${fixed(intake.baseline.p99, 1)} | ${fixed(intake.afterglow.p99, 1)} | ${fixed(intake.afterglow.p99 / Math.max(intake.baseline.p99, 0.001), 1)}× |`,
        ...(intake.baseline.cpuMsPerRequest && intake.afterglow.cpuMsPerRequest
          ? [
              `| webhook intake, CPU ms per request (server; PostgreSQL backends) | ${fixed(intake.baseline.cpuMsPerRequest.server, 3)} | ${fixed(intake.afterglow.cpuMsPerRequest.server, 3)}; ${fixed(intake.afterglow.cpuMsPerRequest.postgres, 3)} | ${fixed(intake.afterglow.cpuMsPerRequest.server / Math.max(intake.baseline.cpuMsPerRequest.server, 0.001), 1)}× (server) |`,
            ]
          : []),
      ]
    : []),
  ...(embedded
    ? [
        `| webhook intake on the embedded default (\`npm start\` without DATABASE_URL or KAFKA_BROKERS: PGlite and the local log), requests/s (${connections} connections, ${seconds} s) | ${fixed(embedded.baseline.requestsPerSecond)} (bare node:http) | ${fixed(embedded.embedded.requestsPerSecond)}, of which accepted ${fixed(embedded.acceptedPerSecond)}/s (${embedded.embedded.non2xx} shed) | ${fixed(embedded.acceptedPerSecond / embedded.baseline.requestsPerSecond, 3)}× |`,
        `| webhook intake on the embedded default, p50 / p99 latency ms | ${fixed(embedded.baseline.p50, 1)} / ${fixed(embedded.baseline.p99, 1)} | ${fixed(embedded.embedded.p50, 1)} / ${fixed(embedded.embedded.p99, 1)} | ${fixed(embedded.embedded.p99 / Math.max(embedded.baseline.p99, 0.001), 1)}× (p99) |`,
        ...(embedded.baseline.cpuMsPerRequest && embedded.embedded.cpuMsPerRequest
          ? [
              `| webhook intake on the embedded default, CPU ms per request (server, PGlite in it) | ${fixed(embedded.baseline.cpuMsPerRequest.server, 3)} | ${fixed(embedded.embedded.cpuMsPerRequest.server, 3)} | ${fixed(embedded.embedded.cpuMsPerRequest.server / Math.max(embedded.baseline.cpuMsPerRequest.server, 0.001), 1)}× |`,
            ]
          : []),
      ]
    : []),
  ...(pipeline
    ? [
        `| orders pipeline, events/s (${events} events, Kafka → handler → PostgreSQL) | ${fixed(pipeline.baseline.eventsPerSecond)} (raw kafkajs consumer) | ${fixed(pipeline.afterglow.eventsPerSecond)} | ${fixed(pipeline.afterglow.eventsPerSecond / pipeline.baseline.eventsPerSecond, 3)}× |`,
        `| orders pipeline, CPU ms per event (this process, every thread) | ${fixed(pipeline.baseline.cpuMsPerEvent, 3)} | ${fixed(pipeline.afterglow.cpuMsPerEvent, 3)} | ${fixed(pipeline.afterglow.cpuMsPerEvent / Math.max(pipeline.baseline.cpuMsPerEvent, 0.001), 1)}× |`,
      ]
    : []),
  // Peak RSS of a process exporting over HTTP, against its own idle RSS and against buffering the same rows.
  ...exports.flatMap((bench) =>
    exportSizes.map((size) => {
      const streamed = bench.streamed[size];
      const buffered = bench.buffered[size];
      if (!streamed || !buffered) return '';
      const mib = (value: number) => `${fixed(value, 0)} MiB`;
      const growth = (measure: typeof streamed) => measure.peakRssMiB - measure.idleRssMiB;
      const read = bench.read[size];
      // The goal, and CPU per row: under other load the rows/s of both drift, the CPU they take much less.
      const goal = 50_000;
      const cpuPerRow = (measure: typeof streamed) => fixed((measure.cpuSeconds * 1e6) / size, 1);
      const speed = read
        ? `\n| testimonial export over HTTP, ${size} rows, ${bench.store}: rows/s (goal ≥ ${goal}) | ${fixed(size / read.seconds)} (the same rows read from the store, a batch at a time, and dropped) | ${fixed(size / streamed.seconds)} (${fixed(size / streamed.seconds / goal, 2)}× the goal) | ${fixed(read.seconds / streamed.seconds, 2)}× |` +
          `\n| testimonial export over HTTP, ${size} rows, ${bench.store}: CPU µs per row (the measuring process) | ${cpuPerRow(read)} (read and dropped) | ${cpuPerRow(streamed)} | ${fixed(streamed.cpuSeconds / read.cpuSeconds, 2)}× |`
        : '';
      return `| testimonial export over HTTP, ${size} rows (${fixed(streamed.bytes / 1048576, 1)} MiB CSV), ${bench.store}: peak RSS | idle ${mib(streamed.idleRssMiB)}; buffered export ${mib(buffered.peakRssMiB)} (+${mib(growth(buffered))}) | streamed ${mib(streamed.peakRssMiB)} (+${mib(growth(streamed))}), ${fixed(size / streamed.seconds)} rows/s | ${fixed(streamed.peakRssMiB / streamed.idleRssMiB, 2)}× idle, ${fixed(streamed.peakRssMiB / buffered.peakRssMiB, 2)}× buffered |${speed}`;
    }),
  ),
];
if (rows.length > 2) console.log(rows.join('\n'));
if (bundles) console.log(`\n${bundleRows(bundles).join('\n')}`);
// A row whose reply missed its effect measured something else than the real event's work: say so.
for (const fn of bundles?.functions ?? []) if (/\bNO /.test(fn.reply)) console.log(`\nwarning: ${fn.name} answered ${fn.reply}`);
if (intake && intake.afterglow.non2xx > 0) console.log(`\nwarning: ${intake.afterglow.non2xx} of ${intake.afterglow.total} webhook replies were not 2xx`);
