import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { cpuProfileArgs } from './cpu-profile-shares.ts';
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
}

const SECRET = 'bench-secret';

/** Every request a new delivery (its own event id), signed: the path a real platform takes. */
const load = async (url: string, seconds: number, connections: number): Promise<LoadResult> => {
  const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
  const headers = shopifyHeaders(body, SECRET, { topic: 'orders/fulfilled' });
  let sequence = 0;
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
    const baseline = await load(bare.url, options.seconds, options.connections);
    const afterglow = await load(app.url, options.seconds, options.connections);
    return { baseline, afterglow };
  } finally {
    await Promise.all([app?.stop(), bare?.stop()]);
    await db.close();
    await kafka.stop();
    await database.drop();
  }
};
