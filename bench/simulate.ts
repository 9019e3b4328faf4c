import { runSimulation } from '../lib/simulation/run-simulation.ts';
import { invariantLines } from '../lib/simulation/simulation-report.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';

/**
 * `npm run bench:simulate` (not a test): the journey simulator at scale — 5 000 customers over
 * 8 weeks by default — on a fresh PostgreSQL database (the PGlite store with
 * SIMULATE_STORE=pglite), reporting how long it took and every invariant's counts. Dispatch runs
 * on a schedule (SIMULATE_DISPATCH_EVERY minutes, default 15) rather than at each due moment, as a
 * deployment's would, which keeps the run bounded on a small machine.
 */
const customers = Number(process.env.SIMULATE_CUSTOMERS ?? 5000);
const weeks = Number(process.env.SIMULATE_WEEKS ?? 8);
const seed = Number(process.env.SIMULATE_SEED ?? 1);
const dispatchEveryMinutes = Number(process.env.SIMULATE_DISPATCH_EVERY ?? 15);
const store = process.env.SIMULATE_STORE === 'pglite' ? 'pglite' : 'postgres';

const database = store === 'postgres' ? await createTestDatabase('simulate_bench') : null;
try {
  const report = await runSimulation({ customers, weeks, seed, store, databaseUrl: database?.url ?? null, dispatchEveryMinutes });
  for (const line of invariantLines(report)) console.log(line);
  const seconds = report.elapsedMs / 1000;
  console.log(
    `| journey simulator, ${customers} customers × ${weeks} weeks (${store}, dispatch every ${dispatchEveryMinutes} min) | ${report.figures.orders} orders, ${report.figures.webhooks} webhooks, ${report.figures.messages} messages | ${seconds.toFixed(0)} s | ${(report.figures.webhooks / seconds).toFixed(0)} webhooks/s simulated |`,
  );
} finally {
  await database?.drop();
}
