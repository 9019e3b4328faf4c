import { createAppContext, type AppContext, type AppContextOverrides } from '../../lib/runtime/app-context.ts';
// Contexts the tests build may publish to Kafka, as npm start's does.
import '../../lib/runtime/kafka-adapter.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import type { NewTenant } from '../../lib/tenants/tenant.ts';

/** The context a Lambda cold start builds, from a test environment (a test database, maybe a broker). */
export const createTestContext = async (
  env: Record<string, string>,
  tenants: NewTenant[] = [],
  overrides: AppContextOverrides = {},
): Promise<AppContext> => {
  // The provider doubles listen on 127.0.0.1: the operator's switch for private targets is on (a test may turn it off).
  const context = await createAppContext(loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true', ...env }), overrides);
  for (const tenant of tenants) await createTenant(tenant, { tenants: context.tenants, outbound: context.outbound });
  return context;
};

/** `tenant set ID key=value …` as the CLI does it. */
export const setTenantSettings = (context: AppContext, tenantId: string, assignments: readonly string[]) =>
  changeTenantSettings(tenantId, assignments, 'test', { tenants: context.tenants, outbound: context.outbound });

/** Provider retries without waiting: tests play outages with failNext, not with the clock. */
export const QUICK_RETRIES = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 } as const;
