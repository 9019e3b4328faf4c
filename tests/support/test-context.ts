import { createAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import type { NewTenant } from '../../lib/tenants/tenant.ts';

/** The context a Lambda cold start builds, from a test environment (a test database, maybe a broker). */
export const createTestContext = async (
  env: Record<string, string>,
  tenants: NewTenant[] = [],
): Promise<AppContext> => {
  const context = await createAppContext(loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...env }));
  for (const tenant of tenants) await createTenant(tenant, { tenants: context.tenants });
  return context;
};
