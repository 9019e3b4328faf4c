import { afterAll, beforeAll } from 'vitest';
import { useAppContext, type AppContext, type AppContextOverrides } from '../../lib/runtime/app-context.ts';
import type { NewTenant } from '../../lib/tenants/tenant.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { createTestContext } from './test-context.ts';

export const ACME_SHOPIFY: NewTenant = { id: 'acme', platform: 'shopify', webhookSecret: 'secret' };

export interface FunctionContextOptions {
  readonly env?: Record<string, string>;
  readonly tenants?: NewTenant[];
  readonly overrides?: AppContextOverrides;
  /** Called once the context is built and installed: the test keeps it, and may prepare more. */
  readonly onReady: (context: AppContext) => void | Promise<void>;
}

/**
 * What a describe block needs to call a function as Lambda does: a fresh PostgreSQL database,
 * the context a cold start builds on it (with the tenants created) installed as the functions'
 * context, and all of it undone afterwards.
 */
export const useFunctionContext = (databaseName: string, options: FunctionContextOptions): void => {
  let database: TestDatabase | undefined;
  let context: AppContext | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(databaseName);
    context = await createTestContext({ DATABASE_URL: database.url, ...options.env }, options.tenants ?? [ACME_SHOPIFY], options.overrides);
    useAppContext(context);
    await options.onReady(context);
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await database?.drop();
  });
};
