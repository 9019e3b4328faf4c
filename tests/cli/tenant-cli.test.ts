import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import type { Database } from '../../lib/store/database.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/** The tenant commands as an operator runs them: separate processes against one PostgreSQL. */
describe('npx afterglow tenant …', () => {
  let database: TestDatabase;
  let db: Database;
  const env = () => ({ DATABASE_URL: database.url, KAFKA_BROKERS: '' });

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    db = openPostgresDatabase(database.url);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('tenant create prints one JSON object with the tenant id and a new API key, stored only hashed', async () => {
    const result = await runCli(['tenant', 'create', '--id', 'acme', '--platform', 'shopify', '--webhook-secret', 'shpss_1', '--shop-domain', 'Acme.myshopify.com'], env());
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as { tenantId: string; apiKey: string };
    expect(created.tenantId).toBe('acme');
    expect(created.apiKey).toMatch(/^ag_[\w-]{43}$/);
    const [row] = await db.query<{ api_key_hash: string; shop_domain: string }>('SELECT api_key_hash, shop_domain FROM tenants');
    expect(row?.api_key_hash).not.toContain(created.apiKey);
    expect(row?.shop_domain).toBe('acme.myshopify.com');
    // One object, which says what the defaults mean
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const { defaults } = created as unknown as { defaults: Record<string, string> };
    expect(defaults.journey).toMatch(/^the feedback request 3 days after the order is delivered; no review invitation until reviews\.destinations is set$/);
    expect(defaults.contactBudget).toMatch(/at most 3 messages per 7 days and 8 per 30 days, at least 48 hours apart/);
    expect(defaults.feedbackRequest).toMatch(/^a service message: sent to every customer who has not opted out/);
    expect(defaults.reviewInvitation).toMatch(/^a service message/);
    expect(defaults.referralAndTestimonial).toMatch(/consent\.unreportedMarketing=send/);
    expect(defaults.sms).toMatch(/SMS consent/);
  });

  it('refuses a duplicate, a missing option and an unknown platform, on stderr with a non-zero exit', async () => {
    const duplicate = await runCli(['tenant', 'create', '--id', 'acme', '--platform', 'shopify', '--webhook-secret', 'x'], env());
    expect(duplicate).toMatchObject({ code: 2, stdout: '' });
    expect(duplicate.stderr).toMatch(/already exists/);
    const missing = await runCli(['tenant', 'create', '--id', 'b'], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage: tenant create/);
    const unknown = await runCli(['tenant', 'create', '--id', 'c', '--platform', 'magento', '--webhook-secret', 'x'], env());
    expect(unknown.stderr).toMatch(/platform/);
    expect((await runCli(['tenant', 'frobnicate'], env())).code).toBe(2);
  });

  it('tenant set changes nested settings, records who and what, and tenant show masks the secrets', async () => {
    // Act
    const set = await runCli(
      ['tenant', 'set', 'acme', 'consent.reviewInvitation=marketing', 'consent.unreportedMarketing=send', 'email.provider=postmark', 'email.apiKey=pm-server-token-123', 'journey.feedbackDelayDays=0'],
      env(),
    );
    const shown = await runCli(['tenant', 'show', 'acme'], env());
    // Assess
    expect(set.code).toBe(0);
    const tenant = JSON.parse(shown.stdout);
    expect(tenant.settings).toMatchObject({
      consent: { feedbackRequest: 'service', reviewInvitation: 'marketing', unreportedMarketing: 'send' },
      journey: { feedbackDelayDays: 0 },
      email: { provider: 'postmark' },
    });
    expect(shown.stdout).not.toContain('pm-server-token-123');
    expect(tenant.webhookSecret).not.toContain('shpss_1');
    const history = await db.query<{ changes: { path: string; value: unknown }[]; actor: string }>(
      'SELECT changes, actor FROM tenant_setting_changes WHERE tenant_id = $1',
      ['acme'],
    );
    expect(history).toHaveLength(1);
    expect(history[0]?.actor).toMatch(/^cli:/);
    expect(history[0]?.changes).toContainEqual({ path: 'consent.reviewInvitation', value: 'marketing' });
    expect(JSON.stringify(history)).not.toContain('pm-server-token-123');
    // only what the tenant set is stored (the secret as given, for sending): every default is
    // left to the schema, so a default changed by a later version reaches this tenant too
    const [stored] = await db.query<{ settings: Record<string, any> }>('SELECT settings FROM tenants WHERE id = $1', ['acme']);
    expect(stored?.settings).toEqual({
      consent: { reviewInvitation: 'marketing', unreportedMarketing: 'send' },
      email: { provider: 'postmark', apiKey: 'pm-server-token-123' },
      journey: { feedbackDelayDays: 0 },
    });
  });

  it('tenant set refuses an invalid value and changes nothing', async () => {
    const before = (await runCli(['tenant', 'show', 'acme'], env())).stdout;
    const refused = await runCli(['tenant', 'set', 'acme', 'journey.feedbackDelayDays=0', 'contact.maxPer7Days=0'], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/contact\.maxPer7Days/);
    expect((await runCli(['tenant', 'show', 'acme'], env())).stdout).toBe(before);
    expect((await runCli(['tenant', 'set', 'nobody', 'shopName=x'], env())).stderr).toMatch(/no tenant nobody/);
  });

  it('brand: tenant show says marketing email waits for the postal address; a light accent is refused; preview renders the tenant\'s brand and copy', async () => {
    // Prepare: the tenant counts review invitations as marketing (set above) and has no postal address
    const before = JSON.parse((await runCli(['tenant', 'show', 'acme'], env())).stdout) as { notices: string[] };
    // Act
    const light = await runCli(['tenant', 'set', 'acme', 'brand.accentColor=#fbbf24'], env());
    const set = await runCli(
      ['tenant', 'set', 'acme', 'shopName=Acme Outfitters', 'brand.accentColor=#0f766e', 'brand.postalAddress=12 Harbour Street, Bristol', 'copy.feedback_request.fr.subject={{firstName}}, votre commande {{orderName}} ?'],
      env(),
    );
    const preview = await runCli(['preview', '--kind', 'feedback_request', '--locale', 'fr', '--tenant', 'acme'], env());
    const plain = await runCli(['preview', '--kind', 'referral_invitation', '--locale', 'en'], {});
    // Assess
    expect(before.notices[0]).toMatch(/^brand\.postalAddress is not set: marketing emails \(review invitations and reminders \(consent\.reviewInvitation=marketing\), referral invitations, testimonial requests\) are not sent .*CAN-SPAM/);
    expect(light.code).toBe(2);
    expect(light.stderr).toMatch(/brand\.accentColor: #fbbf24 against white is 1\.\d\d:1, below WCAG AA's 4\.5:1 .*nearest shade that passes is #[0-9a-f]{6}/);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).notices.join(' ')).not.toMatch(/postalAddress/);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^Subject: Ada, votre commande #1042 \?\n/);
    expect(preview.stdout).toContain('----- text -----\nAcme Outfitters\nCommande #1042 chez Acme Outfitters');
    expect(preview.stdout).toContain('12 Harbour Street, Bristol');
    expect(preview.stdout).toMatch(/----- html -----\n<!doctype html>[\s\S]*#0f766e[\s\S]*----- sms -----\n/);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/note: a marketing email needs the shop’s postal address .*CAN-SPAM/);
  });
});
