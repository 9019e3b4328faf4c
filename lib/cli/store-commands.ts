import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { createConsoleRepository } from '../store/console-repository.ts';
import { migrate } from '../store/migrate.ts';
import { userInfo } from 'node:os';
import { brandNotices } from '../brand/brand.ts';
import { describeJourneySettings } from '../tenants/describe-settings.ts';
import { changeTenantSettings } from '../tenants/change-tenant-settings.ts';
import { createTenant } from '../tenants/create-tenant.ts';
import { maskSecretSettings } from '../tenants/mask-settings.ts';
import { localeProblems } from '../tenants/settings.ts';
import { maskSecret, maskSecretsInUrl } from '../secrets/mask-secret.ts';
import { rotateApiKey, rotateWebhookSecret } from '../tenants/rotate-secrets.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { CliIo } from './io.ts';
import { runDispatch } from '../journey/run-dispatch.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the CLI runs the reconciliation composed for the schedule (functions/reconcile shares it)
import { runReconciliation } from '../runtime/reconciliation.ts';
import { timelineCommand } from './timeline-command.ts';
import { createTimelineRepository } from '../store/timeline-repository.ts';

/** Commands that work on the store; run in this process, or inside `npm start` when it holds the store. */
export const STORE_COMMANDS = new Set(['tenant', 'migrate', 'dispatch', 'dead-letters', 'timeline', 'reconcile', 'preview']);

export const parseCliArgs = (args: string[], options: NonNullable<ParseArgsConfig['options']>) => {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new InvalidRequestError((error as Error).message);
  }
};

const webhookUrlOf = (tenant: Tenant, publicBaseUrl: string) => `${publicBaseUrl}/webhooks/${tenant.platform}/${tenant.id}`;

const tenantView = (tenant: Tenant, publicBaseUrl: string) => ({
  tenantId: tenant.id,
  platform: tenant.platform,
  shopDomain: tenant.shopDomain,
  webhookUrl: webhookUrlOf(tenant, publicBaseUrl),
  webhookSecret: maskSecret(tenant.webhookSecret),
  previousWebhookSecret: maskSecret(tenant.previousWebhookSecret),
  previousWebhookSecretExpiresAt: tenant.previousWebhookSecretExpiresAt?.toISOString() ?? null,
  apiUrl: tenant.apiUrl && maskSecretsInUrl(tenant.apiUrl),
  apiToken: maskSecret(tenant.apiToken),
  settings: maskSecretSettings(tenant.settings),
  /** What the merchant still has to set, and what waits for it (marketing email without a postal address); a language afterglow does not write. */
  notices: [...brandNotices(tenant.settings), ...localeProblems(tenant.settings)],
  createdAt: tenant.createdAt.toISOString(),
});

const tenantCreate = async (args: string[], context: AppContext, io: CliIo) => {
  const { values } = parseCliArgs(args, {
    id: { type: 'string' },
    platform: { type: 'string' },
    'webhook-secret': { type: 'string' },
    'previous-secret': { type: 'string' },
    'shop-domain': { type: 'string' },
    'api-url': { type: 'string' },
    'api-token': { type: 'string' },
  });
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (!text('id') || !text('platform') || text('webhook-secret') === undefined) {
    throw new InvalidRequestError('usage: tenant create --id ID --platform shopify|woocommerce|bigcommerce --webhook-secret S [--previous-secret S] [--shop-domain D] [--api-url U --api-token T]');
  }
  const { tenant, apiKey } = await createTenant(
    {
      id: text('id') as string,
      platform: text('platform') as Tenant['platform'],
      webhookSecret: text('webhook-secret') as string,
      previousWebhookSecret: text('previous-secret') ?? null,
      shopDomain: text('shop-domain') ?? null,
      apiUrl: text('api-url') ?? null,
      apiToken: text('api-token') ?? null,
    },
    { tenants: context.tenants, outbound: context.outbound },
  );
  io.out(
    JSON.stringify({
      tenantId: tenant.id,
      apiKey,
      platform: tenant.platform,
      webhookUrl: webhookUrlOf(tenant, context.config.publicBaseUrl),
      // What the defaults will do, in words: change any of it with `tenant set`.
      defaults: describeJourneySettings(tenant),
    }),
  );
};

const tenantShow = async (args: string[], context: AppContext, io: CliIo) => {
  const { positionals } = parseCliArgs(args, {});
  const id = positionals[0];
  if (!id) throw new InvalidRequestError('usage: tenant show ID');
  const tenant = await context.tenants.findById(id);
  if (!tenant) throw new NotFoundError(`no tenant ${id}`);
  // Why asks did not go, or wait: the merchant reads it here; one order's story is in `timeline --order`.
  const journey = { notSentOrWaiting: await createTimelineRepository(context.db).outcomeSummary(tenant.id), details: 'npx afterglow timeline --order ID | --customer ID' };
  io.out(JSON.stringify({ ...tenantView(tenant, context.config.publicBaseUrl), journey }, null, 2));
};

const tenantSet = async (args: string[], context: AppContext, io: CliIo, actor: string) => {
  const [id, ...assignments] = args;
  if (!id || assignments.length === 0) throw new InvalidRequestError('usage: tenant set ID key=value [key=value …] (dotted keys, JSON values)');
  const tenant = await changeTenantSettings(id, assignments, actor, { tenants: context.tenants, outbound: context.outbound, outreach: context.outreach, clock: context.clock });
  io.out(JSON.stringify(tenantView(tenant, context.config.publicBaseUrl), null, 2));
};

/** `tenant rotate-webhook-secret ID [--secret S] [--grace-hours N]`: the old secret keeps verifying for the window. */
const tenantRotateWebhookSecret = async (args: string[], context: AppContext, io: CliIo, actor: string) => {
  const { values, positionals } = parseCliArgs(args, { secret: { type: 'string' }, 'grace-hours': { type: 'string' } });
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new InvalidRequestError('usage: tenant rotate-webhook-secret ID [--secret S] [--grace-hours N]');
  const graceText = typeof values['grace-hours'] === 'string' ? values['grace-hours'] : undefined;
  if (graceText !== undefined && !/^\d{1,4}$/.test(graceText)) throw new InvalidRequestError(`--grace-hours must be a whole number of hours, not ${graceText}`);
  const rotated = await rotateWebhookSecret(
    id,
    { ...(typeof values.secret === 'string' ? { secret: values.secret } : {}), ...(graceText !== undefined ? { graceHours: Number(graceText) } : {}) },
    actor,
    { tenants: context.tenants, clock: context.clock },
  );
  io.out(JSON.stringify(rotated));
};

/** `tenant rotate-api-key ID`: prints the new key once; the old one is refused from now on. */
const tenantRotateApiKey = async (args: string[], context: AppContext, io: CliIo, actor: string) => {
  const { positionals } = parseCliArgs(args, {});
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new InvalidRequestError('usage: tenant rotate-api-key ID');
  io.out(JSON.stringify(await rotateApiKey(id, actor, { tenants: context.tenants })));
};

/** `dispatch [--now ISO]`: one dispatch run, as the schedule would run it, at the given time. */
const dispatch = async (args: string[], context: AppContext, io: CliIo) => {
  const { values, positionals } = parseCliArgs(args, { now: { type: 'string' } });
  if (positionals.length > 0) throw new InvalidRequestError('usage: dispatch [--now ISO-8601]');
  const now = typeof values.now === 'string' ? new Date(values.now) : context.clock();
  if (Number.isNaN(now.getTime()) || (typeof values.now === 'string' && !/^\d{4}-\d\d-\d\dT/.test(values.now))) {
    throw new InvalidRequestError(`--now must be an ISO-8601 time such as 2026-11-23T09:00:00Z, not ${String(values.now)}`);
  }
  const summary = await runDispatch(context, now);
  io.out(JSON.stringify(summary));
};

/** `tenant sessions revoke ID`: signs every console session of the tenant out, at once. */
const tenantSessions = async (args: string[], context: AppContext, io: CliIo) => {
  const [action, tenantId, ...extra] = args;
  if (action !== 'revoke' || !tenantId || extra.length > 0) throw new InvalidRequestError('usage: tenant sessions revoke ID');
  if (!(await context.tenants.findById(tenantId))) throw new NotFoundError(`no tenant ${tenantId}`);
  const revoked = await createConsoleRepository(context.db).revokeTenantSessions(tenantId, context.clock());
  io.out(JSON.stringify({ tenantId, revoked }));
};

/** `reconcile [--tenant ID]`: one reconciliation run, as the schedule would run it. */
const reconcile = async (args: string[], context: AppContext, io: CliIo) => {
  const [flag, tenantId, ...extra] = args;
  if ((flag !== undefined && (flag !== '--tenant' || !tenantId)) || extra.length > 0) {
    throw new InvalidRequestError('usage: reconcile [--tenant ID]');
  }
  if (tenantId && !(await context.tenants.findById(tenantId))) throw new NotFoundError(`no tenant ${tenantId}`);
  io.out(JSON.stringify(await runReconciliation(context, tenantId)));
};

/** Who ran a command, for the settings history. */
export const cliActor = (): string => `cli:${userInfo().username}`;

/** Runs one store command; throws the error taxonomy, which the caller turns into stderr + exit code. */
export const runStoreCommand = async (
  argv: readonly string[],
  context: AppContext,
  io: CliIo,
  actor: string = cliActor(),
): Promise<void> => {
  const [command, subcommand, ...rest] = argv;
  if (command === 'migrate') {
    const applied = await migrate(context.db);
    io.out(JSON.stringify({ applied }));
    return;
  }
  if (command === 'dispatch') return dispatch(argv.slice(1), context, io);
  if (command === 'dead-letters') {
    const { runDeadLetterCommand } = await import('./dead-letter-commands.ts');
    return runDeadLetterCommand(argv.slice(1), context, io);
  }
  if (command === 'timeline') return timelineCommand(argv.slice(1), context, io);
  if (command === 'preview') {
    const { runPreviewCommand } = await import('./preview-command.ts');
    return runPreviewCommand(argv.slice(1), io, { findTenant: (id) => context.tenants.findById(id), publicBaseUrl: context.config.publicBaseUrl });
  }
  if (command === 'reconcile') return reconcile(argv.slice(1), context, io);
  if (command === 'tenant' && subcommand === 'create') return tenantCreate(rest, context, io);
  if (command === 'tenant' && subcommand === 'show') return tenantShow(rest, context, io);
  if (command === 'tenant' && subcommand === 'set') return tenantSet(rest, context, io, actor);
  if (command === 'tenant' && subcommand === 'sessions') return tenantSessions(rest, context, io);
  if (command === 'tenant' && subcommand === 'rotate-webhook-secret') return tenantRotateWebhookSecret(rest, context, io, actor);
  if (command === 'tenant' && subcommand === 'rotate-api-key') return tenantRotateApiKey(rest, context, io, actor);
  throw new InvalidRequestError(`unknown command: ${argv.join(' ')} (try: afterglow help)`);
};
