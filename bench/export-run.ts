import { exportPage, parseExportRequest } from '../lib/advocacy/testimonial-export.ts';
import { runLocal } from '../lib/local/run-local.ts';
import { loadConfig } from '../lib/runtime/config.ts';
import { EXPORT_COLUMNS, type ExportRow } from '../lib/store/testimonial-repository.ts';

/**
 * One measurement of bench/export.ts, in a process of its own so its peak RSS is its alone:
 * `idle` (the runtime, nothing exported), `stream` (the whole export over HTTP from
 * `GET /export/testimonials`, read and dropped chunk by chunk), `buffered` (the same rows read at
 * once and the same CSV built in memory: what streaming avoids), `read` (the same rows read from the
 * store as the export reads them, and dropped: the speed baseline). Prints one JSON line.
 */
const mode = process.env.BENCH_MODE ?? 'idle';
const apiKey = process.env.BENCH_API_KEY ?? '';
const tenantId = process.env.BENCH_TENANT ?? '';
const app = await runLocal(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' }));
// The process's resident memory once started and settled (startup's own peak — compiling
// TypeScript, loading PGlite — is not the export's), then sampled while the export runs.
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 300));
const idleRss = process.memoryUsage.rss();
let peakRss = idleRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
const started = performance.now();
const cpuBefore = process.cpuUsage();
let bytes = 0;
let rows = 0;
try {
  if (mode === 'stream') {
    const response = await fetch(`http://127.0.0.1:${app.port}/export/testimonials?format=csv`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
    // Rows counted by their line ends (the seeded quotes hold none), whatever the chunking.
    // (indexOf, not a loop over each byte: iterating 48 MB in JavaScript was most of what the bench measured)
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      bytes += buffer.byteLength;
      for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) rows += 1;
    }
    rows -= 1; // the header
  } else if (mode === 'read') {
    for await (const batch of app.context.testimonials.exportBatches(tenantId, parseExportRequest({ format: 'csv' }).filter)) {
      for (const row of batch) bytes += row.quote.length;
      rows += batch.length;
    }
  } else if (mode === 'buffered') {
    const all = await app.context.db.query<ExportRow>(`SELECT ${EXPORT_COLUMNS} FROM testimonials WHERE tenant_id = $1 ORDER BY testimonials.export_position`, [tenantId]);
    const page = await exportPage('csv', (async function* () { yield* all; })(), { limit: Number.MAX_SAFE_INTEGER, maxBytes: Number.POSITIVE_INFINITY });
    bytes = Buffer.byteLength(page.body);
    rows = page.count;
  }
} finally {
  const seconds = (performance.now() - started) / 1000;
  // Every thread of this process (the export and its HTTP client): what the other load on a shared machine does not stretch.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  clearInterval(sampler);
  await app.stop();
  const mib = (bytes: number) => bytes / 1048576;
  process.stdout.write(`${JSON.stringify({ mode, rows, bytes, seconds, cpuSeconds, idleRssMiB: mib(idleRss), peakRssMiB: mib(peakRss) })}\n`);
}
