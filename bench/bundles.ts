import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { migrateStore } from '../lib/runtime/app-context.ts';
import { loadConfig } from '../lib/runtime/config.ts';
import { openPostgresDatabase } from '../lib/store/postgres-database.ts';
import { createTenantRepository } from '../lib/store/tenant-repository.ts';
import { createTenant } from '../lib/tenants/create-tenant.ts';
import { feedbackBatch, feedbackEventFactory } from '../tests/support/feedback-records.ts';
import { kafkaRecordFactory, orderEventFactory, savedSample, selfManagedKafkaEvent } from '../tests/support/kafka-records.ts';
import { startKafka } from '../tests/support/kafka.ts';
import { httpApiEvent, scheduledEvent } from '../tests/support/lambda-events.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';
import { shopifyFixtureOf } from '../tests/support/shared.ts';
import { shopifyHeaders } from '../tests/support/sign.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Serverless {
  custom: { esbuild: { minify: boolean; platform: 'node'; target: string; format: 'esm'; outputFileExtension: string; banner: { js: string }; exclude: string[] } };
  functions: Record<string, { handler: string }>;
}

export interface BundleMeasure {
  readonly name: string;
  readonly zipBytes: number;
  /** Median time to import the handler module in a fresh `node`, ms. */
  readonly importMs: number;
  /** Median time from the import's start to the reply of the first invocation, in a fresh `node` (tests/support/lambda-runner.mjs), ms. */
  readonly firstReplyMs: number;
  /** The event the first reply answered, and what the reply was (the last round's). */
  readonly event: string;
  readonly reply: string;
}

export interface BundlesBench {
  /** A handler that imports nothing, bundled with the same esbuild options in the same run. */
  readonly minimal: BundleMeasure;
  /** The minimal handler with one PostgreSQL connection and query: the network's share of a first reply. */
  readonly minimalPg: BundleMeasure;
  readonly functions: readonly BundleMeasure[];
  readonly rounds: number;
}

/** One cold import in a fresh process, timed inside it (process start-up left out). */
const importTime = async (file: string): Promise<number> => {
  const script = `const started = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - started)); process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH }, timeout: 60_000 });
  return Number(stdout);
};

/** Imports and invokes once in a fresh `node`, as the Lambda runtime would on a cold start. */
const firstReply = async (file: string, exportName: string, event: unknown, env: Record<string, string>, work: string) => {
  const eventFile = join(work, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const replyFile = `${eventFile}.reply`;
  await run(process.execPath, [resolve(REPO_ROOT, 'tests/support/lambda-runner.mjs'), file, exportName, eventFile, replyFile], {
    cwd: dirname(file),
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return JSON.parse(readFileSync(replyFile, 'utf8')) as { reply: Record<string, unknown> | null; firstReplyMs: number };
};

/** What a reply was, in a few words: its status, a batch's failures, a summary's keys. */
const replySummary = (reply: Record<string, unknown> | null): string => {
  if (!reply) return 'no reply';
  if (typeof reply.statusCode === 'number') return String(reply.statusCode);
  if (Array.isArray(reply.batchItemFailures)) return `${reply.batchItemFailures.length} batch item failure(s)`;
  return JSON.stringify(reply).slice(0, 60);
};

const SHOP_SECRET = 'bench-shop-secret';
const SHOP_DOMAIN = 'acme.myshopify.com';

/**
 * Each function's event, real-shaped (AWS's published samples, the platform's fixtures), for the
 * tenant `acme`: round `round` gets new delivery, order and message ids, so no round replays another.
 * Where the real event needs a service the bench does not run (a signed review or SMS webhook, a
 * link minted for a customer), the cheapest event that reaches the function's own code: its refusal.
 */
const eventsFor = (apiKey: string) => {
  const bearer = { authorization: `Bearer ${apiKey}` };
  const http = (label: string, request: Parameters<typeof httpApiEvent>[0]) => ({ label, event: httpApiEvent(request) });
  const scheduled = { label: 'EventBridge scheduled event', event: scheduledEvent };
  const shopifyOrder = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', SHOP_DOMAIN).toString('utf8');
  return (name: string, round: number): { label: string; event: unknown } => {
    switch (name) {
      case 'api':
        return http('GET /api/orders, API key', { routeKey: 'GET /api/orders', path: '/api/orders', headers: bearer });
      case 'console':
        return http('GET /console (sign-in page)', { routeKey: 'GET /console', path: '/console', headers: { accept: 'text/html' } });
      case 'feedback':
        return { label: 'Kafka batch: 1 FeedbackEvent (sample)', event: feedbackBatch([feedbackEventFactory({ feedbackId: `fb_bench_${round}` })]) };
      case 'feedbackApi': {
        const body = JSON.stringify({ externalId: `bench-${round}`, score: 9, comment: 'Arrived quickly, works well.', customer: { email: 'bench@example.com' } });
        return http('POST /api/feedback, API key', { routeKey: 'POST /api/feedback', path: '/api/feedback', headers: { ...bearer, 'content-type': 'application/json' }, body });
      }
      case 'feedbackPage':
        return http('GET /f/{token}, unknown token', { routeKey: 'GET /f/{token}', path: '/f/nosuchtoken', pathParameters: { token: 'nosuchtoken' }, headers: { accept: 'text/html' } });
      case 'health':
        return http('GET /health', { routeKey: 'GET /health', path: '/health' });
      case 'helpdeskWebhook':
        return http('POST Zendesk webhook, unsigned', { routeKey: 'POST /webhooks/helpdesk/zendesk/{tenantId}', path: '/webhooks/helpdesk/zendesk/acme', pathParameters: { tenantId: 'acme' }, headers: { 'content-type': 'application/json' }, body: readFileSync(resolve(REPO_ROOT, 'tests/fixtures/zendesk/ticket-solved.webhook.json'), 'utf8') });
      case 'orders': {
        const order = orderEventFactory({ orderId: `bench-${round}`, eventId: `shopify:orders/fulfilled:bench-${round}` });
        return { label: 'Kafka batch: 1 OrderEvent, fulfilled', event: selfManagedKafkaEvent([kafkaRecordFactory(order, { offset: 1_000 + round })]) };
      }
      case 'recovery': {
        const sample = savedSample('recovery-sqs.json') as { Records: Record<string, unknown>[] };
        return { label: 'SQS batch: 1 RecoverySignal (sample)', event: { Records: sample.Records.map((record) => ({ ...record, messageId: `bench-${round}-${String(record.messageId)}` })) } };
      }
      case 'redirects':
        return http('GET /r/{code}, unknown code', { routeKey: 'GET /r/{code}', path: '/r/NOSUCHCODE', pathParameters: { code: 'NOSUCHCODE' }, headers: { accept: 'text/html' } });
      case 'reviews':
        return http('POST review webhook, unsigned', { routeKey: 'POST /webhooks/reviews/{source}/{tenantId}', path: '/webhooks/reviews/trustpilot/acme', pathParameters: { source: 'trustpilot', tenantId: 'acme' }, headers: { 'content-type': 'application/json' }, body: '{}' });
      case 'smsInbound':
        return http('POST inbound SMS, unsigned', { routeKey: 'POST /webhooks/sms/{tenantId}', path: '/webhooks/sms/acme', pathParameters: { tenantId: 'acme' }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B15550000000&Body=STOP' });
      case 'testimonials':
        return http('GET /api/testimonials, API key', { routeKey: 'GET /api/testimonials', path: '/api/testimonials', headers: bearer });
      case 'testimonialsExport':
        return http('GET export without API key', { routeKey: '$default', path: '/', headers: {} });
      case 'webhook':
        return http('POST Shopify orders/paid, signed', { routeKey: 'POST /webhooks/{platform}/{tenantId}', path: '/webhooks/shopify/acme', pathParameters: { platform: 'shopify', tenantId: 'acme' }, headers: shopifyHeaders(shopifyOrder, SHOP_SECRET, { topic: 'orders/paid', eventId: `bench-${round}`, shopDomain: SHOP_DOMAIN }), body: shopifyOrder });
      default:
        return scheduled;
    }
  };
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * `npm run bench` (BENCH_ONLY=bundles): `osls package` as the deploy does, then each function's
 * zip size, the time a fresh `node` takes to import its handler, and the time to the reply of its
 * first invocation (a fresh `node` each, as tests/support/lambda-runner.mjs runs a zip: a
 * real-shaped event against a migrated PostgreSQL and the Kafka mock cluster), against a handler
 * that imports nothing, bundled and zipped the same way in the same run (this machine is shared:
 * only the ratio means something). BENCH_ROUNDS of each (default 5), in turns that rotate who goes first.
 */
export const benchBundles = async (options: { rounds: number }): Promise<BundlesBench> => {
  const work = mkdtempSync(join(tmpdir(), 'afterglow-bench-bundles-'));
  try {
    const serverless = parse(readFileSync(resolve(REPO_ROOT, 'serverless.yml'), 'utf8')) as Serverless;
    const packaged = join(work, 'package');
    await run(resolve(REPO_ROOT, 'node_modules/.bin/osls'), ['package', '--package', packaged], {
      cwd: REPO_ROOT,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: 'packaging-only', AWS_SECRET_ACCESS_KEY: 'packaging-only' },
      timeout: 300_000,
    });

    // The baseline: a handler with no imports, through the same esbuild options, zipped alike.
    const { esbuild } = serverless.custom;
    const minimalSource = join(work, 'minimal', 'minimal.ts');
    mkdirSync(join(work, 'minimal'), { recursive: true });
    writeFileSync(minimalSource, "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n");
    const minimalFile = join(work, 'minimal', 'out', `minimal${esbuild.outputFileExtension}`);
    const sameOptions = {
      bundle: true,
      minify: esbuild.minify,
      platform: esbuild.platform,
      target: esbuild.target,
      format: esbuild.format,
      banner: esbuild.banner,
      external: esbuild.exclude,
      logLevel: 'error' as const,
    };
    await build({ ...sameOptions, entryPoints: [minimalSource], outfile: minimalFile });
    await run('zip', ['-q', '-j', join(work, 'minimal.zip'), minimalFile]);
    // The network's share of a first reply: the same minimal handler opening one PostgreSQL connection
    // and making one query (what every function's context does at least once), bundled alike.
    const minimalPgSource = join(work, 'minimal-pg', 'minimal-pg.ts');
    mkdirSync(join(work, 'minimal-pg'), { recursive: true });
    writeFileSync(
      minimalPgSource,
      `import pg from ${JSON.stringify(resolve(REPO_ROOT, 'node_modules/pg/lib/index.js'))};\n` +
        "export const handler = async () => { const client = new pg.Client({ connectionString: process.env.DATABASE_URL }); await client.connect(); await client.query('SELECT 1'); await client.end(); return { statusCode: 200, body: 'ok' }; };\n",
    );
    const minimalPgFile = join(work, 'minimal-pg', 'out', `minimal-pg${esbuild.outputFileExtension}`);
    await build({ ...sameOptions, entryPoints: [minimalPgSource], outfile: minimalPgFile });
    await run('zip', ['-q', '-j', join(work, 'minimal-pg.zip'), minimalPgFile]);

    const targets = [
      { name: 'minimal', zip: join(work, 'minimal.zip'), file: minimalFile, exportName: 'handler' },
      { name: 'minimal-pg', zip: join(work, 'minimal-pg.zip'), file: minimalPgFile, exportName: 'handler' },
      ...readdirSync(packaged)
        .filter((name) => name.endsWith('.zip'))
        .map((zip) => {
          const name = zip.replace(/\.zip$/, '');
          const handler = serverless.functions[name]?.handler ?? '';
          const dot = handler.lastIndexOf('.');
          return { name, zip: join(packaged, zip), file: join(work, 'unpacked', name, `${handler.slice(0, dot)}${esbuild.outputFileExtension}`), exportName: handler.slice(dot + 1) };
        }),
    ];
    for (const target of targets.slice(2)) {
      mkdirSync(join(work, 'unpacked', target.name), { recursive: true });
      await run('unzip', ['-q', target.zip, '-d', join(work, 'unpacked', target.name)]);
    }
    const rotated = (round: number) => [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];

    const times = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < options.rounds; round += 1) {
      for (const target of rotated(round)) times.get(target.name)?.push(await importTime(target.file));
    }

    // The first reply: PostgreSQL migrated as the deploy step leaves it, one tenant, the Kafka mock.
    const [database, kafka] = await Promise.all([createTestDatabase('bench_bundles'), startKafka()]);
    const replies = new Map<string, { times: number[]; event: string; reply: string }>(targets.map((target) => [target.name, { times: [], event: '', reply: '' }]));
    try {
      await migrateStore(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }));
      const db = openPostgresDatabase(database.url);
      let apiKey: string;
      try {
        ({ apiKey } = await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: SHOP_SECRET, shopDomain: SHOP_DOMAIN }, { tenants: createTenantRepository(db) }));
      } finally {
        await db.close();
      }
      const eventOf = eventsFor(apiKey);
      for (let round = 0; round < options.rounds; round += 1) {
        for (const target of rotated(round)) {
          // The minimal handler answers a trivial invocation: its first reply is its import and a call.
          const { label, event } = target.name.startsWith('minimal') ? { label: 'any', event: {} } : eventOf(target.name, round);
          const env = { AWS_LAMBDA_FUNCTION_NAME: target.name, DATABASE_URL: database.url, ...kafka.env };
          const { reply, firstReplyMs } = await firstReply(target.file, target.exportName, event, env, work);
          const entry = replies.get(target.name);
          entry?.times.push(firstReplyMs);
          if (entry) Object.assign(entry, { event: label, reply: replySummary(reply) });
        }
      }
    } finally {
      await kafka.stop();
      await database.drop();
    }

    const measure = (target: (typeof targets)[number]): BundleMeasure => ({
      name: target.name,
      zipBytes: statSync(target.zip).size,
      importMs: median(times.get(target.name) ?? []),
      firstReplyMs: median(replies.get(target.name)?.times ?? []),
      event: replies.get(target.name)?.event ?? '',
      reply: replies.get(target.name)?.reply ?? '',
    });
    const [minimal, minimalPg, ...functions] = targets.map(measure);
    if (!minimal || !minimalPg) throw new Error('no baseline');
    return { minimal, minimalPg, functions: functions.sort((a, b) => a.name.localeCompare(b.name)), rounds: options.rounds };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

/** The bench's rows: zip size, median import and first reply, each against the minimal handler's, and the event. */
export const bundleRows = (bench: BundlesBench): string[] => {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(1)}×`;
  const { minimal } = bench;
  return [
    `| bundle | zip | import (median of ${bench.rounds}, fresh node) | ÷ minimal | first reply (median of ${bench.rounds}) | ÷ minimal | event → reply |`,
    '|---|---|---|---|---|---|---|',
    `| minimal handler (baseline) | ${kib(minimal.zipBytes)} | ${ms(minimal.importMs)} | 1.0× | ${ms(minimal.firstReplyMs)} | 1.0× | any → 200 |`,
    `| minimal + pg: connect, \`SELECT 1\` (the network's share) | ${kib(bench.minimalPg.zipBytes)} | ${ms(bench.minimalPg.importMs)} | ${ratio(bench.minimalPg.importMs, minimal.importMs)} | ${ms(bench.minimalPg.firstReplyMs)} | ${ratio(bench.minimalPg.firstReplyMs, minimal.firstReplyMs)} | any → 200 |`,
    ...bench.functions.map(
      (fn) => `| ${fn.name} | ${kib(fn.zipBytes)} | ${ms(fn.importMs)} | ${ratio(fn.importMs, minimal.importMs)} | ${ms(fn.firstReplyMs)} | ${ratio(fn.firstReplyMs, minimal.firstReplyMs)} | ${fn.event} → ${fn.reply} |`,
    ),
  ];
};
