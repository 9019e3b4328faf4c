import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferedIo } from '../../lib/cli/io.ts';
import { orderWebhookPlatforms } from '../../lib/intake/order-webhook-platforms.ts';
import { runStoreCommand } from '../../lib/cli/store-commands.ts';
import { createLogger } from '../../lib/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { webhookFixture } from '../support/shared.ts';
import { shopifyHeaders, wooCommerceHeaders } from '../support/sign.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** Canary values: every secret a tenant can hold, each findable in any output that leaks it. */
const CANARY = {
  webhook: 'shpss_canary_webhook_0001',
  postmark: 'canary-postmark-token-0002',
  twilio: 'canary-twilio-auth-0003',
  zendesk: 'canary-zendesk-token-0004',
  slackPath: 'canarySlackPath0005',
  firstParty: 'canary-first-party-0006',
  trustpilotPassword: 'canary-tp-password-0007',
  trustpilotKey: 'canary-tp-api-key-0008',
  trustpilotSecret: 'canary-tp-api-secret-0009',
  landingToken: 'canaryLandingToken0010',
  bigcommerceToken: 'canary-bc-token-0011',
} as const;

describe('secrets: rotated without losing deliveries, never shown', () => {
  let database: TestDatabase;
  let app: TestApp;
  const order = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');

  const run = async (...argv: string[]) => {
    const io = bufferedIo();
    await runStoreCommand(argv, app.context, io, 'test');
    return io.stdout.join('\n');
  };
  const refusal = async (...argv: string[]) => {
    const io = bufferedIo();
    const error = await runStoreCommand(argv, app.context, io, 'test').then(() => null, (caught: Error) => caught);
    return { error, output: io.stdout.join('\n') + io.stderr.join('\n') };
  };
  const deliver = (tenantId: string, secret: string) =>
    app.post(`/webhooks/shopify/${tenantId}`, order, shopifyHeaders(order, secret, { topic: 'orders/fulfilled' }));
  const api = (path: string, apiKey: string) =>
    fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } }).then(async (reply) => ({ status: reply.status, text: await reply.text() }));

  beforeAll(async () => {
    database = await createTestDatabase('secrets');
    app = await startTestApp({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('every secret set in the settings, a list of destinations included, is masked in tenant show, tenant set, the history and the logs', async () => {
    // Prepare
    const created = JSON.parse(await run('tenant', 'create', '--id', 'canary', '--platform', 'shopify', '--webhook-secret', CANARY.webhook));
    const trustpilot = {
      type: 'trustpilot',
      businessUnitId: 'bu-1',
      apiKey: CANARY.trustpilotKey,
      apiSecret: CANARY.trustpilotSecret,
      businessUserId: 'user-1',
    };
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => void lines.push(line) });
    // Act
    const setOutput = await run(
      'tenant', 'set', 'canary',
      'email.provider=postmark', `email.apiKey=${CANARY.postmark}`,
      'sms.provider=twilio', 'sms.accountSid=AC123', `sms.authToken=${CANARY.twilio}`,
      'recovery.zendesk.baseUrl=https://acme.zendesk.com', 'recovery.zendesk.email=agent@acme.example', `recovery.zendesk.apiToken=${CANARY.zendesk}`,
      `recovery.slack.webhookUrl=https://hooks.slack.com/services/T0/B0/${CANARY.slackPath}`,
      `reviewWebhooks.firstPartySecret=${CANARY.firstParty}`,
      'reviewWebhooks.trustpilotUsername=tp', `reviewWebhooks.trustpilotPassword=${CANARY.trustpilotPassword}`,
      `reviews.destinations=${JSON.stringify([{ type: 'google', placeId: 'ChIJN1t_tDeuEmsRUsoyG83frY4' }, trustpilot])}`,
      `referrals.landingUrl=https://shop.example/welcome?access_token=${CANARY.landingToken}`,
    );
    const shown = await run('tenant', 'show', 'canary');
    const sectionSet = await run('tenant', 'set', 'canary', `recovery.zendesk=${JSON.stringify({ baseUrl: 'https://acme.zendesk.com', email: 'b@acme.example', apiToken: CANARY.zendesk })}`);
    const history = await app.context.db.query<{ changes: unknown }>('SELECT changes FROM tenant_setting_changes WHERE tenant_id = $1', ['canary']);
    const tenant = await app.context.tenants.findById('canary');
    logger.info(`calling https://hooks.slack.com/services/T0/B0/${CANARY.slackPath}`, { settings: tenant?.settings, apiToken: CANARY.zendesk, url: `https://tp:${CANARY.trustpilotPassword}@host.example/x` });
    logger.error('provider failed', { error: new Error(`GET https://shop.example/x?token=${CANARY.landingToken} refused`) });
    // Assess
    const outputs = { setOutput, shown, sectionSet, history: JSON.stringify(history), logs: lines.join('\n'), created: JSON.stringify(created) };
    for (const [where, text] of Object.entries(outputs)) {
      for (const canary of Object.values(CANARY)) expect(text, `${where} shows ${canary}`).not.toContain(canary);
    }
    const view = JSON.parse(shown);
    // Ordinary URLs stay readable: the webhook URL, the Zendesk base, the landing page's path.
    expect(created.webhookUrl).toBe(`${app.context.config.publicBaseUrl}/webhooks/shopify/canary`);
    expect(view.webhookUrl).toBe(created.webhookUrl);
    expect(view.settings.recovery.zendesk.baseUrl).toBe('https://acme.zendesk.com');
    expect(view.settings.recovery.slack.webhookUrl).toBe('https://hooks.slack.com/****');
    expect(view.settings.referrals.landingUrl).toBe('https://shop.example/welcome?access_token=****');
    expect(view.settings.reviews.destinations[1]).toMatchObject({ type: 'trustpilot', businessUnitId: 'bu-1', apiKey: '****0008', apiSecret: '****0009' });
    // The secrets themselves are kept: masking is only for showing.
    expect(tenant?.settings.recovery.slack.webhookUrl).toContain(CANARY.slackPath);
  });

  it('a BigCommerce token and API URL credentials are masked in tenant show', async () => {
    // Act
    await run(
      'tenant', 'create', '--id', 'bc-canary', '--platform', 'bigcommerce', '--webhook-secret', 'bc-client-secret-canary',
      '--api-url', 'https://api.bigcommerce.com/stores/abc123', '--api-token', CANARY.bigcommerceToken,
    );
    const shown = await run('tenant', 'show', 'bc-canary');
    // Assess
    expect(shown).not.toContain(CANARY.bigcommerceToken);
    expect(shown).not.toContain('bc-client-secret-canary');
    expect(JSON.parse(shown).apiUrl).toBe('https://api.bigcommerce.com/stores/abc123');
  });

  it('a rotated webhook secret: both verify during the stated window, only the new one after it', async () => {
    // Prepare
    await run('tenant', 'create', '--id', 'rotating', '--platform', 'shopify', '--webhook-secret', 'shpss_old_secret_1');
    // Act
    const rotated = JSON.parse(await run('tenant', 'rotate-webhook-secret', 'rotating', '--secret', 'shpss_new_secret_2', '--grace-hours', '24'));
    const shown = await run('tenant', 'show', 'rotating');
    // Assess
    expect(rotated).toMatchObject({ tenantId: 'rotating', generated: false });
    expect(JSON.stringify(rotated)).not.toContain('shpss_new_secret_2');
    const validUntil = new Date(rotated.previousSecretValidUntil).getTime();
    expect(Math.abs(validUntil - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    expect(JSON.parse(shown).previousWebhookSecretExpiresAt).toBe(rotated.previousSecretValidUntil);
    expect(shown).not.toContain('shpss_old_secret_1');
    expect((await deliver('rotating', 'shpss_new_secret_2')).status).toBe(202);
    expect((await deliver('rotating', 'shpss_old_secret_1')).status).toBe(202);
    expect((await deliver('rotating', 'shpss_never_was')).status).toBe(401);
    // After the window, as the platform's verification sees it at that time.
    const tenant = await app.context.tenants.findById('rotating');
    if (!tenant) throw new Error('tenant lost');
    const lowerCase = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const request = { body: order, headers: lowerCase(shopifyHeaders(order, 'shpss_old_secret_1')) };
    // The webhook function's own composition of the platforms' checks.
    const shopify = orderWebhookPlatforms({ bigCommerce: app.context.bigCommerce }).shopify;
    const afterWindow = new Date(validUntil + 1_000);
    const beforeEnd = new Date(validUntil - 1_000);
    expect(shopify.verify(request as never, tenant, beforeEnd)).toBeNull();
    expect(shopify.verify(request as never, tenant, afterWindow)).toMatch(/does not match/);
    const fresh = { body: order, headers: lowerCase(shopifyHeaders(order, 'shpss_new_secret_2')) };
    expect(shopify.verify(fresh as never, tenant, afterWindow)).toBeNull();
  });

  it('a second rotation drops the oldest secret; --grace-hours 0 refuses the replaced one at once; a generated secret is shown once', async () => {
    // Prepare
    await run('tenant', 'create', '--id', 'woo-rot', '--platform', 'woocommerce', '--webhook-secret', 'woo-first-secret');
    const wooOrder = webhookFixture('woocommerce_order_created_payload.wc-v3.json');
    const wooDeliver = (secret: string) => app.post('/webhooks/woocommerce/woo-rot', wooOrder, wooCommerceHeaders(wooOrder, secret));
    // Act
    const generated = JSON.parse(await run('tenant', 'rotate-webhook-secret', 'woo-rot'));
    const second = JSON.parse(await run('tenant', 'rotate-webhook-secret', 'woo-rot', '--secret', 'woo-third-secret', '--grace-hours', '0'));
    // Assess
    expect(generated.generated).toBe(true);
    expect(generated.webhookSecret).toMatch(/^whs_[\w-]{43}$/);
    expect(second.previousSecretValidUntil).toBeNull();
    expect((await wooDeliver('woo-third-secret')).status).not.toBe(401);
    expect((await wooDeliver(generated.webhookSecret)).status).toBe(401);
    expect((await wooDeliver('woo-first-secret')).status).toBe(401);
    const history = await app.context.db.query<{ changes: unknown }>('SELECT changes FROM tenant_setting_changes WHERE tenant_id = $1', ['woo-rot']);
    expect(history).toHaveLength(2);
    expect(JSON.stringify(history)).not.toContain(generated.webhookSecret);
    expect(JSON.stringify(history)).not.toContain('woo-third-secret');
  });

  it('refuses a rotation that is no rotation, an unknown tenant and a window out of range, changing nothing', async () => {
    // Prepare
    await run('tenant', 'create', '--id', 'steady', '--platform', 'shopify', '--webhook-secret', 'shpss_steady_secret');
    // Act
    const same = await refusal('tenant', 'rotate-webhook-secret', 'steady', '--secret', 'shpss_steady_secret');
    const short = await refusal('tenant', 'rotate-webhook-secret', 'steady', '--secret', 'short');
    const tooLong = await refusal('tenant', 'rotate-webhook-secret', 'steady', '--grace-hours', '100000');
    const negative = await refusal('tenant', 'rotate-webhook-secret', 'steady', '--grace-hours', '-1');
    const nobody = await refusal('tenant', 'rotate-api-key', 'nobody');
    // Assess
    for (const attempt of [same, short, tooLong, negative]) expect(attempt.error?.name).toBe('InvalidRequestError');
    expect(nobody.error?.name).toBe('NotFoundError');
    expect((await deliver('steady', 'shpss_steady_secret')).status).toBe(202);
    expect((await app.context.tenants.findById('steady'))?.previousWebhookSecret).toBeNull();
  });

  it('a rotated API key: the new key works at once, the old one is refused at once, and another tenant\'s key never reads this tenant', async () => {
    // Prepare
    const first = JSON.parse(await run('tenant', 'create', '--id', 'keyed', '--platform', 'shopify', '--webhook-secret', 'shpss_keyed'));
    const other = JSON.parse(await run('tenant', 'create', '--id', 'other', '--platform', 'shopify', '--webhook-secret', 'shpss_other'));
    expect((await api('/api/orders', first.apiKey)).status).toBe(200); // cached by a first use, if anything caches
    // Act
    const rotated = JSON.parse(await run('tenant', 'rotate-api-key', 'keyed'));
    // Assess
    expect(rotated.apiKey).toMatch(/^ag_[\w-]{43}$/);
    expect(rotated.apiKey).not.toBe(first.apiKey);
    expect((await api('/api/orders', first.apiKey)).status).toBe(401);
    expect((await api('/api/orders', rotated.apiKey)).status).toBe(200);
    expect((await api('/api/orders', other.apiKey)).status).toBe(200);
    const history = await app.context.db.query<{ changes: unknown }>('SELECT changes FROM tenant_setting_changes WHERE tenant_id = $1', ['keyed']);
    expect(JSON.stringify(history)).not.toContain(rotated.apiKey);
    expect(JSON.stringify(history)).toContain('apiKey');
  });
});
