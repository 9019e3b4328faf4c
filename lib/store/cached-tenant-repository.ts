import type { Tenant } from '../tenants/tenant.ts';
import type { TenantRepository } from './tenant-repository.ts';

/**
 * Every webhook and API call starts by finding its tenant; tenants change rarely. Found tenants
 * are kept for `ttlMs` (misses are not, so a new tenant works at once). A write through this
 * repository clears the cache; another process's write is seen within `ttlMs`.
 */
export const withTenantCache = (
  tenants: TenantRepository,
  options: { ttlMs?: number; now?: () => number } = {},
): TenantRepository => {
  const ttlMs = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { tenant: Tenant; until: number }>();
  const cached =
    (kind: string, lookup: (key: string) => Promise<Tenant | null>) =>
    async (key: string): Promise<Tenant | null> => {
      const entry = cache.get(`${kind}:${key}`);
      if (entry && entry.until > now()) return entry.tenant;
      const tenant = await lookup(key);
      if (tenant) cache.set(`${kind}:${key}`, { tenant, until: now() + ttlMs });
      else cache.delete(`${kind}:${key}`);
      return tenant;
    };
  return {
    async create(tenant, apiKey) {
      cache.clear();
      return tenants.create(tenant, apiKey);
    },
    async updateSettings(id, settings, change) {
      cache.clear();
      return tenants.updateSettings(id, settings, change);
    },
    async rotateWebhookSecret(id, secret, previousValidUntil, actor) {
      cache.clear();
      return tenants.rotateWebhookSecret(id, secret, previousValidUntil, actor);
    },
    async rotateApiKey(id, apiKey, actor) {
      cache.clear();
      return tenants.rotateApiKey(id, apiKey, actor);
    },
    forgetCached: () => cache.clear(),
    findById: cached('id', (id) => tenants.findById(id)),
    findByShopDomain: cached('shop', (domain) => tenants.findByShopDomain(domain.trim().toLowerCase())),
    // Not cached: a rotated API key is refused at once, in every process (one indexed lookup).
    findByApiKey: (apiKey) => tenants.findByApiKey(apiKey),
  };
};
