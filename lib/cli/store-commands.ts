import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { migrate } from '../store/migrate.ts';
import { userInfo } from 'node:os';
import { changeTenantSettings } from '../tenants/change-tenant-settings.ts';
import { createTenant } from '../tenants/create-tenant.ts';
import { maskSecretSettings } from '../tenants/mask-settings.ts';
import { maskSecret, type Tenant } from '../tenants/tenant.ts';
import type { CliIo } from './io.ts';
import { runDispatch } from '../journey/run-dispatch.ts';

/** Commands that work on the store; run in this process, or inside `npm start` when it holds the store. */
export const STORE_COMMANDS = new Set(['tenant', 'migrate', 'dispatch']);

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
  apiUrl: tenant.apiUrl,
  apiToken: maskSecret(tenant.apiToken),
  settings: maskSecretSettings(tenant.settings),
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
    { tenants: context.tenants },
  );
  io.out(JSON.stringify({ tenantId: tenant.id, apiKey, platform: tenant.platform, webhookUrl: webhookUrlOf(tenant, context.config.publicBaseUrl) }));
};

const tenantShow = async (args: string[], context: AppContext, io: CliIo) => {
  const { positionals } = parseCliArgs(args, {});
  const id = positionals[0];
  if (!id) throw new InvalidRequestError('usage: tenant show ID');
  const tenant = await context.tenants.findById(id);
  if (!tenant) throw new NotFoundError(`no tenant ${id}`);
  io.out(JSON.stringify(tenantView(tenant, context.config.publicBaseUrl), null, 2));
};

const tenantSet = async (args: string[], context: AppContext, io: CliIo, actor: string) => {
  const [id, ...assignments] = args;
  if (!id || assignments.length === 0) throw new InvalidRequestError('usage: tenant set ID key=value [key=value …] (dotted keys, JSON values)');
  const tenant = await changeTenantSettings(id, assignments, actor, { tenants: context.tenants });
  io.out(JSON.stringify(tenantView(tenant, context.config.publicBaseUrl), null, 2));
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
  if (command === 'tenant' && subcommand === 'create') return tenantCreate(rest, context, io);
  if (command === 'tenant' && subcommand === 'show') return tenantShow(rest, context, io);
  if (command === 'tenant' && subcommand === 'set') return tenantSet(rest, context, io, actor);
  throw new InvalidRequestError(`unknown command: ${argv.join(' ')} (try: afterglow help)`);
};
