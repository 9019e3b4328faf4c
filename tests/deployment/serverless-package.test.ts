import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HTTP_ROUTES } from '../../lib/local/routes.ts';
import { startKafka, type TestKafka } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { migrateStore } from '../../lib/runtime/app-context.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { createLinkHandleRepository } from '../../lib/store/link-handle-repository.ts';
import { createOrderRepository } from '../../lib/store/order-repository.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { httpApiEvent, scheduledEvent } from '../support/lambda-events.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { savedSample } from '../support/kafka-records.ts';
import { createTestContext } from '../support/test-context.ts';
import { seedTestimonial } from '../support/testimonials.ts';

const run = promisify(execFile);
const declaredFunctionCount = Object.keys(
  (parse(readFileSync(resolve(REPO_ROOT, 'serverless.yml'), 'utf8')) as { functions: Record<string, unknown> }).functions,
).length;

interface CloudFormation {
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
}

/** `osls package`, offline: no AWS account, no network, no licence key. */
const packageService = async (directory: string, params: string[]): Promise<CloudFormation> => {
  await run(resolve(REPO_ROOT, 'node_modules/.bin/osls'), ['package', '--package', directory, ...params.map((param) => `--param=${param}`)], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      AWS_ACCESS_KEY_ID: 'packaging-only',
      AWS_SECRET_ACCESS_KEY: 'packaging-only',
    },
    timeout: 180_000,
  });
  return JSON.parse(readFileSync(join(directory, 'cloudformation-template-update-stack.json'), 'utf8')) as CloudFormation;
};
const declaredFunctions = (parse(readFileSync(resolve(REPO_ROOT, 'serverless.yml'), 'utf8')) as { functions: Record<string, { handler: string }> }).functions;
/** `functions/health.handler` → the bundle `functions/health.mjs` in the zip, and its export. */
const bundleOf = (name: string) => {
  const handler = declaredFunctions[name]?.handler ?? '';
  const dot = handler.lastIndexOf('.');
  return { file: `${handler.slice(0, dot)}.mjs`, exportName: handler.slice(dot + 1) };
};

const KIB = 1024;
/** The functions that classify feedback carry the committed model (about 700 KB of JSON); no other does. */
const CARRY_THE_MODEL = ['feedback', 'reviews'];
/** The paths of the pages a customer opens from a message: feedback, unsubscribe, consent, referral, review redirect. */
const CUSTOMER_PATH = /^\/(f|u|c|r|go)\//;
const CUSTOMER_PAGES = [...new Set(HTTP_ROUTES.filter((route) => CUSTOMER_PATH.test(route.path)).map((route) => route.functionName))].sort();
const zipBudget = (name: string) => (CARRY_THE_MODEL.includes(name) ? 1536 * KIB : 1024 * KIB);
/** A string kafkajs's code always holds (an error name), and the opening of the model's weights. */
const KAFKAJS_MARKER = 'KafkaJSNonRetriableError';
const MODEL_MARKER = (JSON.parse(readFileSync(resolve(REPO_ROOT, 'lib/feedback/sentiment-model.json'), 'utf8')) as { weights: string }).weights.slice(0, 40);

const resourcesOf = (template: CloudFormation, type: string) =>
  Object.values(template.Resources).filter((resource) => resource.Type === type);
/** Both flavours are packaged with a topic prefix: the mappings' logical ids depend on it. */
const SELF_MANAGED_PREFIX = 'shop-a.';
const MSK_PREFIX = 'eu_1-';
const kafkaMappingsOf = (template: CloudFormation) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::EventSourceMapping' && resource.Properties.Topics);
const kafkaMappingOf = (template: CloudFormation, topic = `${SELF_MANAGED_PREFIX}afterglow.orders`) =>
  resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find((mapping) => mapping.Properties.Topics?.[0] === topic);

describe('serverless package', () => {
  const root = mkdtempSync(join(tmpdir(), 'afterglow-package-'));
  let selfManaged: CloudFormation;
  let msk: CloudFormation;

  beforeAll(async () => {
    // One after the other: serverless-esbuild builds in the service's own `.esbuild/`, which two
    // concurrent packagings would share and break.
    selfManaged = await packageService(join(root, 'self-managed'), ['kafkaBootstrapServer=broker-1.example.net:9096', `topicPrefix=${SELF_MANAGED_PREFIX}`]);
    msk = await packageService(join(root, 'msk'), [
      'kafka=msk',
      'mskClusterArn=arn:aws:kafka:eu-west-1:123456789012:cluster/shop-cluster.eu/abc-1',
      `topicPrefix=${MSK_PREFIX}`,
    ]);
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('self-managed Kafka: an event source mapping on the bootstrap servers, topic and SASL secret', () => {
    const mapping = kafkaMappingOf(selfManaged);
    expect(mapping?.Properties).toMatchObject({
      SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: ['broker-1.example.net:9096'] } },
      Topics: [`${SELF_MANAGED_PREFIX}afterglow.orders`],
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: `${SELF_MANAGED_PREFIX}afterglow-orders` },
    });
    expect(mapping?.Properties.SourceAccessConfigurations).toContainEqual(expect.objectContaining({ Type: 'SASL_SCRAM_512_AUTH' }));
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain('OrdersLambdaFunction');
  });

  it('the feedback function reads afterglow.feedback in its own consumer group, in both Kafka flavours', () => {
    for (const [template, prefix] of [[selfManaged, SELF_MANAGED_PREFIX], [msk, MSK_PREFIX]] as const) {
      const mapping = kafkaMappingOf(template, `${prefix}afterglow.feedback`);
      expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain('FeedbackLambdaFunction');
      expect(JSON.stringify(mapping?.Properties)).toContain('afterglow-feedback');
      expect(mapping?.Properties.BatchSize).toBe(50);
    }
  });

  it('every Kafka event source, in both flavours, bounds its failures in provisioned poller mode', () => {
    for (const template of [selfManaged, msk]) {
      // Assess: both functions' mappings, whatever osls named them after the prefix and the cluster
      const mappings = kafkaMappingsOf(template);
      expect(mappings.map(([, mapping]) => JSON.stringify(mapping.Properties.FunctionName).match(/(\w+)LambdaFunction/)?.[1]).sort()).toEqual(['Feedback', 'Orders']);
      for (const [, mapping] of mappings) {
        expect(mapping.Properties).toMatchObject({
          ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2 },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          MaximumRetryAttempts: 5,
          BisectBatchOnFunctionError: true,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['KafkaFailureQueue', 'Arn'] } } },
        });
      }
    }
    // the failure queue exists, and the functions' role may write to it (Lambda sends with it)
    expect(selfManaged.Resources.KafkaFailureQueue?.Type).toBe('AWS::SQS::Queue');
    const [role] = resourcesOf(msk, 'AWS::IAM::Role');
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as { Action: string[]; Resource: unknown[] }[];
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['KafkaFailureQueue', 'Arn'] }] }));
  });

  it('the dispatch and helpdesk-job functions run every minute, the satisfaction check and the prune every hour, reconciliation every 15 minutes', () => {
    const rules = resourcesOf(selfManaged, 'AWS::Events::Rule').map((rule) => `${JSON.stringify(rule.Properties.Targets).match(/(\w+)LambdaFunction/)?.[1]} ${rule.Properties.ScheduleExpression}`);
    expect(rules.sort()).toEqual(['Dispatch rate(1 minute)', 'HelpdeskJobs rate(1 minute)', 'Prune rate(60 minutes)', 'Reconcile rate(15 minutes)', 'Satisfaction rate(60 minutes)']);
  });

  it('MSK: an event source mapping on the cluster ARN', () => {
    const mapping = kafkaMappingOf(msk, `${MSK_PREFIX}afterglow.orders`);
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/shop-cluster.eu/abc-1',
      Topics: [`${MSK_PREFIX}afterglow.orders`],
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: `${MSK_PREFIX}afterglow-orders` },
    });
    expect(mapping?.Properties.SelfManagedEventSource).toBeUndefined();
  });

  it('the HTTP API routes are exactly the local ones, every function on nodejs22.x', () => {
    const routeKeys = resourcesOf(selfManaged, 'AWS::ApiGatewayV2::Route').map((route) => route.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(HTTP_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    const functions = resourcesOf(selfManaged, 'AWS::Lambda::Function');
    expect(functions.length).toBe(declaredFunctionCount);
    for (const fn of functions) expect(fn.Properties.Runtime).toBe('nodejs22.x');
  });

  it('the recovery queue and its DLQ: redrive after a tenant-independent count, an SQS event source with partial batch responses', () => {
    // Assess: the queues
    const { RecoveryQueue: queue, RecoveryDeadLetterQueue: dlq } = selfManaged.Resources;
    expect(dlq?.Type).toBe('AWS::SQS::Queue');
    expect(queue?.Properties).toMatchObject({
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['RecoveryDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
    });
    // the event source mapping of the recovery function
    const sqsMapping = resourcesOf(selfManaged, 'AWS::Lambda::EventSourceMapping').find((mapping) => mapping.Properties.Topics === undefined);
    expect(sqsMapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['RecoveryQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['RecoveryLambdaFunction', 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // six times the function's timeout, as AWS advises for Lambda event sources
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (selfManaged.Resources.RecoveryLambdaFunction?.Properties.Timeout ?? 0));
    // every function knows the queue URL; the role may send to it
    for (const fn of resourcesOf(selfManaged, 'AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ RECOVERY_QUEUE_URL: { Ref: 'RecoveryQueue' }, RECOVERY_MAX_RECEIVE_COUNT: '5' });
    }
    const [role] = resourcesOf(selfManaged, 'AWS::IAM::Role');
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as { Action: string[]; Resource: unknown[] }[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: expect.arrayContaining(['sqs:SendMessage']), Resource: [{ 'Fn::GetAtt': ['RecoveryQueue', 'Arn'] }] }),
    );
  });

  it('the testimonial export is a Function URL that streams its response', () => {
    const [url] = resourcesOf(selfManaged, 'AWS::Lambda::Url');
    expect(url?.Properties).toMatchObject({ AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' });
    expect(JSON.stringify(url?.Properties.TargetFunctionArn)).toContain('TestimonialsExportLambdaFunction');
  });

  describe('the zips', () => {
    const zips = () => readdirSync(join(root, 'self-managed')).filter((name) => name.endsWith('.zip'));
    /** Each function's handler file, and every file of code in its zip (the handler and its chunks). */
    const unpackedBundles = new Map<string, { handler: string; everything: string }>();
    beforeAll(async () => {
      for (const zip of zips()) {
        const name = zip.replace(/\.zip$/, '');
        const directory = join(root, 'bundles', name);
        mkdirSync(directory, { recursive: true });
        await run('unzip', ['-q', join(root, 'self-managed', zip), '-d', directory]);
        const files = readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
        const everything = files.map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8')).join('\n');
        unpackedBundles.set(name, { handler: readFileSync(join(directory, bundleOf(name).file), 'utf8'), everything });
      }
    });
    const bundle = (name: string) => {
      const unpacked = unpackedBundles.get(name);
      if (unpacked === undefined) throw new Error(`no zip for ${name}`);
      return unpacked;
    };
    /** Whether `name`'s zip carries `marker` anywhere, loaded at import or later. */
    const carries = (name: string, marker: string) => bundle(name).everything.includes(marker);
    /** Whether `name`'s handler file itself carries `marker`: what a cold start parses before the first invocation. */
    const parsedAtImport = (name: string, marker: string) => bundle(name).handler.includes(marker);

    it('one per function, each within its budget: 1 MiB, 1.5 MiB for those that carry the model', () => {
      // Assess
      expect(zips().map((zip) => zip.replace(/\.zip$/, '')).sort()).toEqual(Object.keys(declaredFunctions).sort());
      for (const zip of zips()) {
        const name = zip.replace(/\.zip$/, '');
        const size = statSync(join(root, 'self-managed', zip)).size;
        expect(size, `${zip}: ${Math.round(size / KIB)} KiB, budget ${zipBudget(name) / KIB} KiB`).toBeLessThanOrEqual(zipBudget(name));
      }
    });

    it('minified bundles without their source maps, which are beside the zips', async () => {
      for (const zip of zips()) {
        const name = zip.replace(/\.zip$/, '');
        // Prepare
        const { stdout } = await run('unzip', ['-Z1', join(root, 'self-managed', zip)]);
        // Assess: the bundle and its own chunks, code alone, no map and no comment pointing at one
        const files = stdout.trim().split('\n');
        const chunks = files.filter((file) => file !== bundleOf(name).file);
        expect(files).toContain(bundleOf(name).file);
        for (const chunk of chunks) expect(chunk).toMatch(new RegExp(`^${bundleOf(name).file.replace(/\.mjs$/, '')}\\.chunks/[\\w-]+\\.mjs$`));
        expect(bundle(name).everything).not.toContain('sourceMappingURL');
        for (const file of files) expect(existsSync(join(root, 'self-managed', 'source-maps', `${file}.map`)), `${file}.map`).toBe(true);
        // minified: a few very long lines, not one statement a line
        expect(bundle(name).everything.split('\n').length).toBeLessThan(2_000);
      }
    });

    it('kafkajs only where a function publishes or reports the log: not in the redirects or the console', () => {
      // Assess
      expect(carries('redirects', KAFKAJS_MARKER)).toBe(false);
      expect(carries('console', KAFKAJS_MARKER)).toBe(false);
      for (const name of ['webhook', 'feedbackPage', 'feedbackApi', 'orders', 'feedback', 'health']) expect({ name, kafkajs: carries(name, KAFKAJS_MARKER) }).toEqual({ name, kafkajs: true });
    });

    it('a cold start parses what the handler imports at the top; kafkajs and axios are chunks loaded by the invocation that needs them', () => {
      // Assess: each is in the zip, beside the handler, not in it
      const axiosMarker = 'AxiosError';
      for (const name of ['webhook', 'health', 'dispatch', 'orders']) {
        expect({ name, kafkajs: carries(name, KAFKAJS_MARKER), axios: carries(name, axiosMarker) }).toEqual({ name, kafkajs: true, axios: true });
        expect({ name, kafkajs: parsedAtImport(name, KAFKAJS_MARKER), axios: parsedAtImport(name, axiosMarker) }).toEqual({ name, kafkajs: false, axios: false });
      }
    });

    it('the model only where feedback is classified: in no customer page, nor in any other function', () => {
      // Assess: the customer pages are the feedback page's function and the redirects
      expect(CUSTOMER_PAGES).toEqual(['feedbackPage', 'redirects']);
      for (const name of CARRY_THE_MODEL) expect({ name, model: carries(name, MODEL_MARKER) }).toEqual({ name, model: true });
      for (const name of Object.keys(declaredFunctions).filter((name) => !CARRY_THE_MODEL.includes(name))) {
        expect({ name, model: carries(name, MODEL_MARKER) }).toEqual({ name, model: false });
      }
    });
  });

  describe('the packaged functions as shipped, in a bare Node, against PostgreSQL', () => {
    let database: TestDatabase;
    let apiKey: string;
    const EXPORTED = 3;
    /** One query's rows, on a connection of its own. */
    const rowsOf = async <Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
      const db = openPostgresDatabase(database.url);
      try {
        return await db.query<Row>(sql, params);
      } finally {
        await db.close();
      }
    };
    const events = mkdtempSync(join(tmpdir(), 'afterglow-events-'));
    beforeAll(async () => {
      database = await createTestDatabase('shipped');
      // The deploy step: on Lambda a cold start checks the schema and never migrates it.
      await migrateStore(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }));
      const db = openPostgresDatabase(database.url);
      try {
        ({ apiKey } = await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'the-shop-secret' }, { tenants: createTenantRepository(db) }));
      } finally {
        await db.close();
      }
      const context = await createTestContext({ DATABASE_URL: database.url });
      try {
        for (let index = 0; index < EXPORTED; index += 1) await seedTestimonial(context);
      } finally {
        await context.close();
      }
    });
    afterAll(async () => {
      rmSync(events, { recursive: true, force: true });
      await database?.drop();
    });

    /** Unpacks `name`.zip, as Lambda does, and invokes its handler once in a fresh `node` with `event`. */
    const invokePackaged = async (name: string, event: unknown, env: Record<string, string> = {}) => {
      const unpacked = join(root, 'shipped', name);
      if (!existsSync(unpacked)) mkdirSync(unpacked, { recursive: true });
      if (!existsSync(join(unpacked, bundleOf(name).file))) await run('unzip', ['-q', join(root, 'self-managed', `${name}.zip`), '-d', unpacked]);
      const eventFile = join(events, `${name}-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(eventFile, JSON.stringify(event));
      const replyFile = eventFile.replace(/\.json$/, '.reply.json');
      const { file, exportName } = bundleOf(name);
      await run(process.execPath, [resolve(REPO_ROOT, 'tests/support/lambda-runner.mjs'), join(unpacked, file), exportName, eventFile, replyFile], {
        cwd: unpacked,
        env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: name, DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...env },
        timeout: 30_000,
      });
      return (JSON.parse(readFileSync(replyFile, 'utf8')) as { reply: { statusCode: number; headers?: Record<string, string>; body: string } & Record<string, unknown> }).reply;
    };

    it('health: 200 from an HTTP API GET /health, the store and the (local) log up', async () => {
      // Act
      const reply = await invokePackaged('health', httpApiEvent({ routeKey: 'GET /health', path: '/health' }));
      // Assess
      expect(reply.statusCode).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: true, store: { ok: true }, transport: { ok: true } });
    });

    it('webhook: a Shopify delivery with a bad signature is refused 401, and nothing is recorded', async () => {
      // Prepare
      const body = JSON.stringify({ id: 820982911946154500, name: '#9999' });
      const headers = shopifyHeaders(body, 'not-the-shop-secret', { topic: 'orders/updated' });
      // Act
      const reply = await invokePackaged('webhook', httpApiEvent({ routeKey: 'POST /webhooks/{platform}/{tenantId}', path: '/webhooks/shopify/acme', pathParameters: { platform: 'shopify', tenantId: 'acme' }, headers, body }));
      // Assess
      expect(reply.statusCode).toBe(401);
      const db = openPostgresDatabase(database.url);
      try {
        expect(await db.query<{ count: string }>('SELECT count(*)::text AS count FROM orders')).toEqual([{ count: '0' }]);
      } finally {
        await db.close();
      }
    });

    it('redirects, built without kafkajs, answers an unknown referral code with the invalid-link page even with KAFKA_BROKERS set', async () => {
      // Act: Lambda's environment names the brokers for every function
      const reply = await invokePackaged('redirects', httpApiEvent({ routeKey: 'GET /r/{code}', path: '/r/NOSUCHCODE', pathParameters: { code: 'NOSUCHCODE' }, headers: { accept: 'text/html' } }), { KAFKA_BROKERS: '127.0.0.1:9' });
      // Assess
      expect(reply.statusCode).toBe(404);
      expect(reply.headers?.['content-type']).toContain('text/html');
    });

    it('feedbackPage, built without the model, apologises to an unhappy rating and thanks a happy one, and records both', async () => {
      // Prepare: two orders of the tenant, each with its customer's feedback link
      const db = openPostgresDatabase(database.url);
      const links: string[] = [];
      try {
        for (const orderId of ['5550001', '5550002']) {
          await createOrderRepository(db).record(orderEventFactory({ orderId, eventId: `shopify:orders/fulfilled:${orderId}` }), 'test');
          const claims = { purpose: 'feedback', tenantId: 'acme', orderId, customerKey: 'c:1073339470', outreachId: null, channel: 'email', address: null, subject: null, expiresAt: null } as const;
          links.push(await createLinkHandleRepository(db).mint(claims));
        }
      } finally {
        await db.close();
      }
      const submit = (token: string, body: string) =>
        invokePackaged('feedbackPage', httpApiEvent({ routeKey: 'POST /f/{token}', path: `/f/${token}`, pathParameters: { token }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
      // Act
      const unhappy = await submit(links[0] ?? '', 'score=2');
      const happy = await submit(links[1] ?? '', 'score=10&comment=Lovely');
      // Assess
      expect([unhappy.statusCode, happy.statusCode]).toEqual([200, 200]);
      expect(unhappy.body).toContain('We are sorry');
      expect(happy.body).toContain('Your feedback has reached');
      expect(happy.body).not.toContain('We are sorry');
      const check = openPostgresDatabase(database.url);
      try {
        const recorded = await check.query<{ score: string }>("SELECT r.event->'score'->>'value' AS score FROM feedback_revisions r JOIN feedback f ON f.id = r.feedback_id WHERE f.tenant_id = 'acme'");
        expect(recorded.map((row) => row.score).sort()).toEqual(['10', '2']);
      } finally {
        await check.close();
      }
    });

    it('orders, on the saved MSK event and then the same record as self-managed Kafka delivers it: the order stored once, its feedback request planned once', async () => {
      // Act: AWS's two Kafka event shapes, carrying one record (a redelivery, as at-least-once allows)
      const first = await invokePackaged('orders', savedSample('orders-msk.json'));
      const second = await invokePackaged('orders', savedSample('orders-self-managed-kafka.json'));
      // Assess
      expect(first).toMatchObject({ processed: 1, batchItemFailures: [] });
      expect(second).toMatchObject({ processed: 1, batchItemFailures: [] });
      expect(await rowsOf(`SELECT count(*)::int AS count FROM orders WHERE tenant_id = 'acme' AND order_id = '1073459972'`)).toEqual([{ count: 1 }]);
      expect(await rowsOf(`SELECT kind, state FROM outreach WHERE tenant_id = 'acme' AND order_id = '1073459972'`)).toEqual([{ kind: 'feedback_request', state: 'scheduled' }]);
    });

    it('recovery, on the saved SQS event: the signal opens its case, and no message is reported failed', async () => {
      // Act
      const reply = await invokePackaged('recovery', savedSample('recovery-sqs.json'));
      // Assess
      expect(reply).toMatchObject({ batchItemFailures: [] });
      const cases = await rowsOf<{ order_id: string; state: string }>(`SELECT order_id, state FROM recovery_cases WHERE tenant_id = 'acme'`);
      expect(cases).toEqual([expect.objectContaining({ order_id: '1073459972', state: 'open' })]);
    });

    it('testimonialsExport, a streamed Function URL: the API key gets every approved testimonial as CSV, one row each, ending at the last byte', async () => {
      // Act: through the runtime's response-streaming global (tests/support/lambda-runner.mjs)
      const reply = await invokePackaged(
        'testimonialsExport',
        httpApiEvent({ routeKey: '$default', method: 'GET', path: '/', query: { format: 'csv' }, headers: { authorization: `Bearer ${apiKey}` } }),
      );
      // Assess
      expect(reply.statusCode).toBe(200);
      expect(reply.headers?.['content-type']).toContain('text/csv');
      const lines = reply.body.trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^"?id"?,/);
      expect(lines.slice(1).filter((line) => line.includes('Testimonial number '))).toHaveLength(EXPORTED);
    });

    it('testimonialsExport refuses a request without the API key, streaming no row', async () => {
      // Act
      const unsigned = await invokePackaged('testimonialsExport', httpApiEvent({ routeKey: '$default', method: 'GET', path: '/', query: { format: 'csv' } }));
      // Assess
      expect(unsigned.statusCode).toBe(401);
      expect(unsigned.body).not.toContain('Testimonial number ');
    });

    it('prune, on an EventBridge scheduled event, removes what has expired and says how much', async () => {
      // Act
      const reply = await invokePackaged('prune', scheduledEvent);
      // Assess: a summary of counts, every one zero on a fresh store, and the run complete
      const { complete, ...removed } = reply as unknown as { complete: boolean } & Record<string, number>;
      expect(complete).toBe(true);
      expect(Object.keys(removed).length).toBeGreaterThan(0);
      for (const count of Object.values(removed)) expect(count).toBe(0);
    });
  });

  describe('the bundle runs', () => {
    let database: TestDatabase;
    let kafka: TestKafka;
    beforeAll(async () => {
      [database, kafka] = await Promise.all([createTestDatabase('bundle'), startKafka()]);
      // The deploy step: on Lambda a cold start checks the schema and never migrates it.
      await migrateStore(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }));
    });
    afterAll(async () => {
      await kafka?.stop();
      await database?.drop();
    });

    it('the packaged health function loads in a bare Node and answers from PostgreSQL and Kafka', async () => {
      // Prepare: the zip as Lambda would unpack it, without the repository's node_modules
      const unpacked = join(root, 'health');
      await run('unzip', ['-q', join(root, 'self-managed', 'health.zip'), '-d', unpacked]);
      const script = `import('${join(unpacked, 'functions/health.mjs')}').then(async (m) => { process.stdout.write(JSON.stringify(await m.handler({}))); process.exit(0); })`;
      // Act
      const { stdout } = await run(process.execPath, ['-e', script], {
        cwd: unpacked,
        env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'health', DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...kafka.env },
      });
      // Assess
      const reply = JSON.parse(stdout) as { statusCode: number; body: string };
      expect(JSON.parse(reply.body)).toMatchObject({ ok: true, store: { ok: true }, transport: { ok: true } });
      expect(reply.statusCode).toBe(200);
    });
  });
});
