import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Database } from '../../lib/store/database.ts';
import { openPgliteDatabase } from '../../lib/store/pglite-database.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { deliveryFactory, SOAK_TENANTS, type Delivery } from './webhook-deliveries.ts';

export interface SoakOptions {
  readonly store: 'pglite' | 'postgres';
  /** Deliveries per second, and for how long. */
  readonly rate: number;
  readonly seconds: number;
  /** When to SIGKILL the server (seconds into the load); it is restarted at once. Null: never (the rate a store holds). */
  readonly killAt: number | null;
  /** PostgreSQL server to create the soak's own database on (postgres store; SOAK_POSTGRES_ADMIN_URL, else the local one). */
  readonly postgresAdminUrl?: string;
  /** An empty database to use instead (postgres store): the caller creates and drops it. */
  readonly databaseUrl?: string;
  /** Longest wait for retries to be accepted and for the pipeline to drain. */
  readonly drainTimeoutMs?: number;
  readonly onProgress?: (line: string) => void;
}

export interface SoakReport {
  readonly store: string;
  readonly rate: number;
  readonly seconds: number;
  readonly deliveries: number;
  readonly requests: number;
  readonly accepted: number;
  readonly stored: number;
  readonly asked: number;
  readonly messages: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly serverErrors: number;
  readonly connectionErrors: number;
  /** Accepted while the load ran (the rest were accepted on a retry after it), and that per second. */
  readonly acceptedDuringLoad: number;
  readonly acceptedPerSecondDuringLoad: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly restartMs: number;
  readonly drainMs: number;
  /** Asks with no message, by state and reason (empty when nothing was lost). */
  readonly unsent: readonly string[];
}

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'bin/afterglow.mjs');
const FAR_FUTURE = '2100-01-01T00:00:00.000Z';

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no free port'))));
    });
  });

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** `afterglow <args>` as the operator runs it; resolves with stdout, rejects with stderr. */
const cli = (env: NodeJS.ProcessEnv, args: readonly string[]): Promise<string> =>
  new Promise((resolveCli, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('close', (code) => (code === 0 ? resolveCli(out) : reject(new Error(`afterglow ${args.join(' ')} exited ${code}: ${err}`))));
  });

/** `afterglow start` as its own process; resolves once it serves. */
const startServer = (env: NodeJS.ProcessEnv): Promise<ChildProcess> =>
  new Promise((resolveStart, reject) => {
    // SOAK_CPU_PROF=DIR: the server (only) writes a CPU profile there when it stops (bench/cpu-profile-shares.ts reads it).
    const profile = process.env.SOAK_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...profile, BIN, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`afterglow start did not come up within 180 s:\n${output.slice(-2000)}`));
    }, 180_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
      if (output.includes('"msg":"afterglow started"')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // SOAK_SERVER_LOG=FILE keeps the server's own log lines (warnings and errors) for a run that lost something.
        const keep = process.env.SOAK_SERVER_LOG;
        if (keep) for (const stream of [child.stdout, child.stderr]) stream?.on('data', (data: Buffer) => appendFileSync(keep, data));
        else {
          child.stdout?.resume();
          child.stderr?.resume();
        }
        resolveStart(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`afterglow start exited ${code}:\n${output.slice(-2000)}`));
    });
  });

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolveExit) => child.once('exit', () => resolveExit()));

/** The platform's side: sends deliveries, and sends again (the same bytes) every one that got no 2xx. */
const webhookSender = (port: () => number) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const accepted = new Set<string>();
  const pending: Delivery[] = [];
  const latencies: number[] = [];
  const stats = { requests: 0, serverErrors: 0, connectionErrors: 0, inFlight: 0 };
  const send = (delivery: Delivery) => {
    stats.requests += 1;
    stats.inFlight += 1;
    const started = performance.now();
    const done = (status: number | null) => {
      stats.inFlight -= 1;
      if (status !== null && status >= 200 && status < 300) {
        latencies.push(performance.now() - started);
        accepted.add(`${delivery.tenantId}/${delivery.orderId}`);
        return;
      }
      if (status === null) stats.connectionErrors += 1;
      else if (status >= 500) stats.serverErrors += 1;
      pending.push(delivery);
    };
    const req = request(
      { host: '127.0.0.1', port: port(), method: 'POST', path: delivery.path, headers: { ...delivery.headers, 'content-length': delivery.body.length }, agent, timeout: 15_000 },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', () => done(null));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(null));
    req.end(delivery.body);
  };
  return {
    send,
    accepted,
    stats,
    /** Sends every delivery that still lacks a 2xx once more. */
    retryPending() {
      for (const delivery of pending.splice(0)) send(delivery);
    },
    waiting: () => pending.length + stats.inFlight,
    /** The q-quantile of the time to a 2xx, of the attempt that got it. */
    quantile: (q: number) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0) : 0;
    },
    close: () => agent.destroy(),
  };
};

const apiGet = async (port: number, apiKey: string, path: string): Promise<unknown> => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
};

/** How many orders the tenant API shows, paging through every one. */
const storedThroughApi = async (port: number, apiKey: string): Promise<number> => {
  let count = 0;
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page += 1) {
    const body = (await apiGet(port, apiKey, `/api/orders?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as {
      orders: unknown[];
      nextCursor: string | null;
    };
    count += body.orders.length;
    cursor = body.nextCursor;
    if (!cursor) return count;
  }
  return count;
};

/** What the store holds of the soak's orders: stored, asked, messages kept, and any repeat. */
const countFromStore = async (db: Database, accepted: ReadonlySet<string>) => {
  const orders = await db.query<{ key: string }>(
    `SELECT tenant_id || '/' || order_id AS key FROM orders WHERE tenant_id = ANY($1::text[])`,
    [SOAK_TENANTS.map((tenant) => tenant.id)],
  );
  const asks = await db.query<{ key: string; asks: number; messages: number }>(
    `SELECT o.tenant_id || '/' || o.order_id AS key, count(DISTINCT o.id)::int AS asks, count(m.id)::int AS messages
     FROM outreach o LEFT JOIN outbox_messages m ON m.outreach_id = o.id
     WHERE o.tenant_id = ANY($1::text[]) AND o.kind = 'feedback_request' GROUP BY 1`,
    [SOAK_TENANTS.map((tenant) => tenant.id)],
  );
  const [repeatedMessages] = await db.query<{ repeats: number }>(
    `SELECT COALESCE(sum(n - 1), 0)::int AS repeats FROM (
       SELECT count(*) AS n FROM outbox_messages m JOIN outreach o ON o.id = m.outreach_id
       WHERE o.tenant_id = ANY($1::text[]) AND o.kind = 'feedback_request' GROUP BY o.tenant_id, o.order_id, m.recipient) per_order`,
    [SOAK_TENANTS.map((tenant) => tenant.id)],
  );
  // Why an ask has no message: its state and reason, so a lost one can be followed up.
  const unsent = await db.query<{ state: string; reason: string | null; count: number }>(
    `SELECT o.state, COALESCE(o.outcome_reason, o.last_postponed_reason) AS reason, count(*)::int AS count
     FROM outreach o WHERE o.tenant_id = ANY($1::text[]) AND o.kind = 'feedback_request'
       AND NOT EXISTS (SELECT 1 FROM outbox_messages m WHERE m.outreach_id = o.id)
     GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10`,
    [SOAK_TENANTS.map((tenant) => tenant.id)],
  );
  const stored = new Set(orders.map((row) => row.key));
  const asked = new Map(asks.map((row) => [row.key, row]));
  let lost = 0;
  for (const key of accepted) {
    const ask = asked.get(key);
    if (!stored.has(key) || !ask || ask.messages === 0) lost += 1;
  }
  const duplicates = asks.reduce((sum, row) => sum + Math.max(0, row.asks - 1) + Math.max(0, row.messages - row.asks), 0) + (repeatedMessages?.repeats ?? 0);
  return {
    stored: stored.size,
    asked: asks.length,
    messages: asks.reduce((sum, row) => sum + row.messages, 0),
    duplicates,
    lost,
    unsent: unsent.map((row) => `${row.count} ${row.state}${row.reason ? `: ${row.reason}` : ''}`),
  };
};

/**
 * The soak: signed webhooks at `rate`/s for `seconds` against `afterglow start` in a child process,
 * a SIGKILL at `killAt` and an immediate restart on the same port, the platform's retries of
 * whatever got no 2xx, a drain, `dispatch --now <far future>`, then counts from the store.
 */
export const runSoak = async (options: SoakOptions): Promise<SoakReport> => {
  const progress = options.onProgress ?? (() => undefined);
  const runId = randomBytes(3).toString('hex');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'afterglow-soak-'));
  const adminUrl = options.postgresAdminUrl ?? process.env.SOAK_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseName = `afterglow_soak_${process.pid}_${runId}`;
  const ownDatabase = options.store === 'postgres' && options.databaseUrl === undefined;
  const databaseUrl = options.databaseUrl ?? (() => {
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    return url.toString();
  })();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const { DATABASE_URL: _ignored, KAFKA_BROKERS: _kafka, RECOVERY_QUEUE_URL: _queue, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    AFTERGLOW_DATA_DIR: dataDir,
    ...(options.store === 'postgres' ? { DATABASE_URL: databaseUrl } : {}),
  };
  if (ownDatabase) await admin(`CREATE DATABASE "${databaseName}"`);
  let server: ChildProcess | null = null;
  const sender = webhookSender(() => port);
  try {
    const apiKeys = new Map<string, string>();
    for (const tenant of SOAK_TENANTS) {
      const created = JSON.parse(
        await cli(env, [
          'tenant', 'create', '--id', tenant.id, '--platform', tenant.platform, '--webhook-secret', tenant.secret,
          ...(tenant.shopDomain ? ['--shop-domain', tenant.shopDomain] : []),
        ]),
      ) as { apiKey: string };
      apiKeys.set(tenant.id, created.apiKey);
      await cli(env, [
        'tenant', 'set', tenant.id, 'journey.feedbackDelayDays=0', 'contact.quietHours=null', 'consent.mode=all_customers',
        ...(tenant.platform === 'shopify' ? ['journey.trigger=fulfilled'] : []),
      ]);
    }
    progress(`store ${options.store}, port ${port}: starting afterglow`);
    server = await startServer(env);
    const next = deliveryFactory(runId);
    const total = Math.round(options.rate * options.seconds);
    const started = performance.now();
    let sent = 0;
    let killed = false;
    let restartMs = 0;
    let restarting: Promise<void> | null = null;
    let lastRetry = 0;
    while (sent < total) {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(total, Math.floor(elapsed * options.rate));
      while (sent < due) sender.send(next(sent++));
      if (!killed && options.killAt !== null && elapsed >= options.killAt) {
        killed = true;
        const victim = server;
        progress(`${elapsed.toFixed(1)} s: SIGKILL (${sender.accepted.size} accepted so far)`);
        victim.kill('SIGKILL');
        restarting = exited(victim).then(async () => {
          const restartStarted = performance.now();
          server = await startServer(env);
          restartMs = Math.round(performance.now() - restartStarted);
          progress(`restarted in ${restartMs} ms`);
        });
      }
      if (performance.now() - lastRetry > 1000) {
        lastRetry = performance.now();
        sender.retryPending();
      }
      await sleep(5);
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const acceptedDuringLoad = sender.accepted.size;
    await restarting;
    progress(`load done: ${sent} deliveries, ${sender.accepted.size} accepted; retrying the rest`);
    const drainStarted = performance.now();
    const deadline = Date.now() + (options.drainTimeoutMs ?? 300_000);
    while (sender.waiting() > 0 && Date.now() < deadline) {
      sender.retryPending();
      await sleep(500);
    }
    const target = new Map<string, number>();
    for (const key of sender.accepted) {
      const tenant = key.slice(0, key.indexOf('/'));
      target.set(tenant, (target.get(tenant) ?? 0) + 1);
    }
    let storedNow = 0;
    while (Date.now() < deadline) {
      storedNow = 0;
      for (const tenant of SOAK_TENANTS) storedNow += await storedThroughApi(port, apiKeys.get(tenant.id) ?? '');
      if (storedNow >= sender.accepted.size) break;
      await sleep(1000);
    }
    progress(`drained: ${storedNow} orders shown by the API; dispatching at ${FAR_FUTURE}`);
    for (let run = 0; run < 50; run += 1) {
      const summary = JSON.parse(await cli(env, ['dispatch', '--now', FAR_FUTURE])) as { sent: number };
      if (summary.sent === 0) break;
    }
    const drainMs = Math.round(performance.now() - drainStarted);
    const stopping = server;
    server = null;
    stopping.kill('SIGTERM');
    await exited(stopping);
    const db = options.store === 'postgres' ? openPostgresDatabase(databaseUrl, { max: 2 }) : await openPgliteDatabase(join(dataDir, 'pgdata'));
    try {
      const counted = await countFromStore(db, sender.accepted);
      return {
        store: options.store,
        rate: options.rate,
        seconds: options.seconds,
        deliveries: total,
        requests: sender.stats.requests,
        accepted: sender.accepted.size,
        ...counted,
        // a delivery never accepted within the drain timeout is lost too (the platform would give up)
        lost: counted.lost + (total - sender.accepted.size),
        serverErrors: sender.stats.serverErrors,
        connectionErrors: sender.stats.connectionErrors,
        acceptedDuringLoad,
        acceptedPerSecondDuringLoad: Math.round(acceptedDuringLoad / loadSeconds),
        p50Ms: sender.quantile(0.5),
        p99Ms: sender.quantile(0.99),
        restartMs,
        drainMs,
      };
    } finally {
      await db.close();
    }
  } finally {
    sender.close();
    if (server) {
      const running: ChildProcess = server;
      running.kill('SIGKILL');
      await exited(running);
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (ownDatabase) await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => undefined);
  }
};
