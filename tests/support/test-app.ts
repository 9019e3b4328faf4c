import { runLocal, type RunLocalOptions, type RunningLocal } from '../../lib/local/run-local.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import type { NewTenant } from '../../lib/tenants/tenant.ts';

export interface TestApp extends RunningLocal {
  readonly url: string;
  createTenant(tenant: NewTenant): Promise<{ tenantId: string; apiKey: string }>;
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
}

/**
 * The local runtime exactly as `npm start` runs it (every route, every consumer), on a free port,
 * against the services the environment names (a test database, a test broker).
 */
export const startTestApp = async (env: Record<string, string>, options: RunLocalOptions = {}): Promise<TestApp> => {
  // The provider doubles listen on 127.0.0.1: the operator's switch for private targets is on (a test may turn it off).
  const running = await runLocal(loadConfig({ PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true', ...env }), options);
  const url = `http://127.0.0.1:${running.port}`;
  return {
    ...running,
    url,
    async createTenant(tenant) {
      const { tenant: created, apiKey } = await createTenant(tenant, { tenants: running.context.tenants, outbound: running.context.outbound });
      return { tenantId: created.id, apiKey };
    },
    async post(path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, { method: 'POST', body, headers });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
  };
};

export const waitFor = async <T>(
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
