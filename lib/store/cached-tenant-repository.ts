import { createBoundedCache } from '../cache/bounded-cache.ts';
import { shopDomainOf } from '../http/request-params.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { TenantRepository } from './tenant-repository.ts';

/** Far more than the tenants one process serves at once; small enough that memory cannot grow. */
export const DEFAULT_TENANT_CACHE_ENTRIES = 1_000;

/**
 * Every webhook and API call starts by finding its tenant; tenants change rarely. Found tenants
 * are kept for `ttlMs` (misses are not, so a new tenant works at once, and a flood of made-up
 * ids or domains leaves nothing behind). Keys come from requests, so they are normalised first
 * (shop domains lower-cased and trimmed: `Shop.MyShopify.com ` and `shop.myshopify.com` are one
 * entry; what cannot be a host name is not looked up at all) and the cache is bounded by size
 * and age. A write through this repository clears the cache; another process's write is seen
 * within `ttlMs`. API keys are not cached (a rotated key is refused at once).
 *
 * A read that overlaps a write (it began before the write committed) may carry the tenant as it
 * was, so it is not kept: every write moves `generation` on when it starts and again when it
 * ends, and a read keeps what it found only if no write started or ended meanwhile. (Clearing
 * alone, before the write, let a read in that window keep the old settings for `ttlMs`: a
 * feedback page read the old scale seconds after the merchant changed it.)
 */
export const withTenantCache = (
  tenants: TenantRepository,
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): TenantRepository => {
  const cache = createBoundedCache<Tenant>({
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries ?? DEFAULT_TENANT_CACHE_ENTRIES,
    ...(options.now ? { now: options.now } : {}),
  });
  let generation = 0;
  const cached =
    (kind: string, lookup: (key: string) => Promise<Tenant | null>) =>
    async (key: string): Promise<Tenant | null> => {
      const hit = cache.get(`${kind}:${key}`);
      if (hit) return hit;
      const readFrom = generation;
      const tenant = await lookup(key);
      if (tenant && readFrom === generation) cache.set(`${kind}:${key}`, tenant);
      return tenant;
    };
  const writing = async <T>(write: () => Promise<T>): Promise<T> => {
    generation += 1;
    cache.clear();
    try {
      return await write();
    } finally {
      generation += 1;
      cache.clear();
    }
  };
  const findByDomain = cached('shop', (domain) => tenants.findByShopDomain(domain));
  return {
    create: (tenant, apiKey) => writing(() => tenants.create(tenant, apiKey)),
    updateSettings: (id, change) => writing(() => tenants.updateSettings(id, change)),
    rotateWebhookSecret: (id, secret, previousValidUntil, actor) => writing(() => tenants.rotateWebhookSecret(id, secret, previousValidUntil, actor)),
    rotateApiKey: (id, apiKey, actor) => writing(() => tenants.rotateApiKey(id, apiKey, actor)),
    forgetCached: () => cache.clear(),
    cachedEntries: () => cache.size,
    findById: cached('id', (id) => tenants.findById(id)),
    findByShopDomain: async (shopDomain) => {
      const domain = shopDomainOf(shopDomain);
      return domain ? findByDomain(domain) : null;
    },
    // Not cached: a rotated API key is refused at once, in every process (one indexed lookup).
    findByApiKey: (apiKey) => tenants.findByApiKey(apiKey),
  };
};
