import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferedIo } from '../../lib/cli/io.ts';
import { runStoreCommand } from '../../lib/cli/store-commands.ts';
import { ProviderError } from '../../lib/providers/call-provider.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { startFakePostmark, type FakePostmark } from '../support/fake-postmark.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createTestContext, QUICK_RETRIES } from '../support/test-context.ts';

/** An installation without the operator's switch: the guard as a production deployment runs it. */
describe('tenant settings cannot aim the server at internal addresses', () => {
  let database: TestDatabase;
  let context: AppContext;
  let postmark: FakePostmark;

  const run = async (...argv: string[]) => {
    const io = bufferedIo();
    const error = await runStoreCommand(argv, context, io, 'test').then(() => null, (caught: Error) => caught);
    return { error, out: io.stdout.join('\n') };
  };

  beforeAll(async () => {
    [database, postmark] = await Promise.all([createTestDatabase('outbound'), startFakePostmark()]);
    context = await createTestContext(
      { DATABASE_URL: database.url, AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'false' },
      [{ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }],
      { retryPolicy: QUICK_RETRIES },
    );
  });
  afterAll(async () => {
    await context?.close();
    await Promise.all([postmark?.close(), database?.drop()]);
  });

  it('tenant set refuses every outbound URL setting that points inside, saying which and why, and changes nothing', async () => {
    // Prepare
    const before = (await context.tenants.findById('acme'))?.settings;
    const attempts: [string, RegExp][] = [
      ['email.baseUrl=http://169.254.169.254/latest/meta-data', /email\.baseUrl: must use https/],
      ['email.baseUrl=https://2852039166/', /email\.baseUrl: 169\.254\.169\.254 is a linkLocal address/],
      ['sms.baseUrl=https://0177.0.0.1:8080/', /sms\.baseUrl: 127\.0\.0\.1 is a loopback address/],
      ['recovery.slack.webhookUrl=https://[::ffff:10.0.0.1]/hook', /recovery\.slack\.webhookUrl: .*private/],
      [
        `reviews.destinations=${JSON.stringify([{ type: 'trustpilot', businessUnitId: 'b', apiKey: 'k', apiSecret: 's', apiBaseUrl: 'https://100.64.1.1', authBaseUrl: 'https://api.trustpilot.com' }])}`,
        /reviews\.destinations\[0\]\.apiBaseUrl: .*carrierGradeNat/,
      ],
      [`recovery.zendesk=${JSON.stringify({ baseUrl: 'https://localhost', email: 'a@b.example', apiToken: 't' })}`, /recovery\.zendesk\.baseUrl: localhost is this machine/],
    ];
    // Act
    const results = await Promise.all(attempts.map(([assignment]) => run('tenant', 'set', 'acme', assignment)));
    // Assess
    results.forEach((result, index) => {
      expect(result.error?.name, attempts[index]?.[0]).toBe('InvalidRequestError');
      expect(result.error?.message).toMatch(attempts[index]?.[1] as RegExp);
    });
    expect((await context.tenants.findById('acme'))?.settings).toEqual(before);
    // A public https provider is accepted.
    expect((await run('tenant', 'set', 'acme', 'email.baseUrl=https://api.postmarkapp.com')).error).toBeNull();
  });

  it('tenant create refuses a BigCommerce store API on an internal address', async () => {
    // Act
    const refused = await run('tenant', 'create', '--id', 'bc', '--platform', 'bigcommerce', '--webhook-secret', 's', '--api-url', 'https://10.0.0.5/stores/abc', '--api-token', 't');
    // Assess
    expect(refused.error?.message).toMatch(/apiUrl: 10\.0\.0\.5 is a private address/);
    expect(await context.tenants.findById('bc')).toBeNull();
  });

  it('a setting stored before the guard (aimed at loopback) is refused again when called: nothing reaches it, no retry', async () => {
    // Prepare: written behind tenant set's back, as an older release may have stored it
    await context.db.query(
      `UPDATE tenants SET settings = settings || $2::jsonb WHERE id = $1`,
      ['acme', JSON.stringify({ email: { provider: 'postmark', baseUrl: postmark.url, apiKey: postmark.serverToken, from: 'shop@acme.example' } })],
    );
    context.tenants.forgetCached?.();
    const tenant = await context.tenants.findById('acme');
    if (!tenant) throw new Error('tenant lost');
    const attempts: unknown[] = [];
    // Act
    const error = await context.sender
      .send(tenant, { channel: 'email', to: 'ada@example.com', subject: 'Hi', text: 'x', html: '<p>x</p>', headers: {}, tag: 'feedback_request', reference: 'r1' }, async (_provider, attempt) => {
        attempts.push(attempt);
      })
      .then(() => null, (caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(false);
    expect((error as ProviderError).message).toMatch(/not called: .*plain http/);
    expect(attempts).toHaveLength(1);
    expect(postmark.requests).toHaveLength(0);
  });
});
