import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { cpuProfileArgs } from './cpu-profile-shares.ts';
import type { Database } from '../lib/store/database.ts';
import { openPostgresDatabase } from '../lib/store/postgres-database.ts';
import { migrate } from '../lib/store/migrate.ts';
import { createTenantRepository } from '../lib/store/tenant-repository.ts';
import { createTenant } from '../lib/tenants/create-tenant.ts';
import { startChildApp, type ChildApp } from '../tests/support/child-app.ts';
import { startKafka, stopProcess } from '../tests/support/kafka.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';
import { REPO_ROOT, webhookFixture } from '../tests/support/shared.ts';
import { shopifyHeaders } from '../tests/support/sign.ts';

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly total: number;
  /** CPU time per request (user + system) of the server process and of its PostgreSQL backends, in ms; null off Linux. */
  readonly cpuMsPerRequest?: { readonly server: number; readonly postgres: number } | null;
}

/** A process's CPU time so far (user + system), in ms, from /proc (clock ticks of 10 ms); null where there is no /proc. */
const cpuMsOf = (pid: number | undefined): number | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
};

/**
 * The CPU a load costs, not only its rate: on a shared machine the rate follows whatever else runs,
 * while the CPU time each request takes in the server and in PostgreSQL does much less.
 */
const withCpu = async (
  server: ChildApp,
  db: Database | null,
  work: () => Promise<LoadResult>,
): Promise<LoadResult> => {
  const backends = async () =>
    db ? (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).map((row) => row.pid) : [];
  const postgresMs = (pids: readonly number[]) => new Map(pids.map((pid) => [pid, cpuMsOf(pid) ?? 0]));
  const serverBefore = cpuMsOf(server.process.pid);
  const postgresBefore = postgresMs(await backends());
  const result = await work();
  const serverAfter = cpuMsOf(server.process.pid);
  const postgresAfter = postgresMs(await backends());
  if (serverBefore === null || serverAfter === null || result.total === 0) return { ...result, cpuMsPerRequest: null };
  let postgres = 0;
  for (const [pid, ms] of postgresAfter) postgres += ms - (postgresBefore.get(pid) ?? 0);
  return { ...result, cpuMsPerRequest: { server: (serverAfter - serverBefore) / result.total, postgres: postgres / result.total } };
};

const SECRET = 'bench-secret';

/** Event ids never repeat within a run (warm-up and measurement alike): a repeat would be a cheap duplicate. */
let sequence = 0;

/** Every request a new delivery (its own event id), signed: the path a real platform takes. */
const load = async (url: string, seconds: number, connections: number): Promise<LoadResult> => {
  const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
  const headers = shopifyHeaders(body, SECRET, { topic: 'orders/fulfilled' });
  const result = await autocannon({
    url: `${url}/webhooks/shopify/bench`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        body: body.toString('utf8'),
        setupRequest: (request) => ({
          ...request,
          headers: { ...headers, 'X-Shopify-Event-Id': `bench-${process.pid}-${(sequence += 1)}` },
        }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
};

const startBareServer = (): Promise<ChildApp> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bench/bare-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (chunk: Buffer) => {
      const port = /"port":(\d+)/.exec(chunk.toString())?.[1];
      if (!port) return reject(new Error(`bare server: ${chunk}`));
      resolvePromise({ url: `http://127.0.0.1:${port}`, process: child, output: () => '', stop: () => stopProcess(child) });
    });
  });

/**
 * Webhook intake (verify, normalise, dedupe in PostgreSQL, publish to Kafka, 202) against a bare
 * node:http server under the same load, each in its own process, measured in the same run.
 */
export const benchIntake = async (options: { seconds: number; connections: number }) => {
  const [database, kafka] = await Promise.all([createTestDatabase('bench_intake'), startKafka()]);
  const db = openPostgresDatabase(database.url);
  let app: ChildApp | undefined;
  let bare: ChildApp | undefined;
  try {
    await migrate(db);
    await createTenant({ id: 'bench', platform: 'shopify', webhookSecret: SECRET }, { tenants: createTenantRepository(db) });
    app = await startChildApp({ DATABASE_URL: database.url, ...kafka.env, LOG_LEVEL: 'error' }, cpuProfileArgs());
    bare = await startBareServer();
    // Warm both (JIT, connection pools, the Kafka producer), then measure.
    await load(app.url, 2, options.connections);
    await load(bare.url, 2, options.connections);
    const baseline = await withCpu(bare, null, () => load(bare!.url, options.seconds, options.connections));
    const afterglow = await withCpu(app, db, () => load(app!.url, options.seconds, options.connections));
    return { baseline, afterglow };
  } finally {
    await Promise.all([app?.stop(), bare?.stop()]);
    await db.close();
    await kafka.stop();
    await database.drop();
  }
};

/**
 * The same intake on the embedded default that `npm start` gives a newcomer (PGlite and the
 * store-backed log in one process, no `DATABASE_URL`, no `KAFKA_BROKERS`), against the same bare
 * server in the same run. A delivery it sheds (503, Shopify retries it) is counted, not accepted.
 */
export const benchEmbeddedIntake = async (options: { seconds: number; connections: number }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'afterglow-bench-embedded-'));
  const env = { AFTERGLOW_DATA_DIR: dataDir, DATABASE_URL: undefined, KAFKA_BROKERS: undefined, RECOVERY_QUEUE_URL: undefined, LOG_LEVEL: 'error' };
  let app: ChildApp | undefined;
  let bare: ChildApp | undefined;
  try {
    // The tenant, as a newcomer makes it: the CLI, on the same data directory, before the server holds it.
    const cliEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
    await promisify(execFile)(process.execPath, [resolve(REPO_ROOT, 'bin/afterglow.mjs'), 'tenant', 'create', '--id', 'bench', '--platform', 'shopify', '--webhook-secret', SECRET], {
      cwd: REPO_ROOT,
      env: cliEnv,
      timeout: 60_000,
    });
    app = await startChildApp(env, cpuProfileArgs());
    bare = await startBareServer();
    await load(app.url, 2, options.connections);
    await load(bare.url, 2, options.connections);
    const baseline = await withCpu(bare, null, () => load(bare!.url, options.seconds, options.connections));
    const embedded = await withCpu(app, null, () => load(app!.url, options.seconds, options.connections));
    return { baseline, embedded, acceptedPerSecond: (embedded.total - embedded.non2xx) / options.seconds };
  } finally {
    await Promise.all([app?.stop(), bare?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
};
