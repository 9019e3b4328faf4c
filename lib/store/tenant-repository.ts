import type { Platform } from '../../events/order-event.ts';
import { InvalidRequestError } from '../errors.ts';
import { hashApiKey, type Tenant } from '../tenants/tenant.ts';
import { pgErrorCode, PG_UNIQUE_VIOLATION, type SqlExecutor } from './database.ts';

interface TenantRow {
  id: string;
  platform: Platform;
  shop_domain: string | null;
  webhook_secret: string;
  previous_webhook_secret: string | null;
  api_url: string | null;
  api_token: string | null;
  settings: Record<string, unknown>;
  created_at: Date;
}

const tenantOf = (row: TenantRow): Tenant => ({
  id: row.id,
  platform: row.platform,
  shopDomain: row.shop_domain,
  webhookSecret: row.webhook_secret,
  previousWebhookSecret: row.previous_webhook_secret,
  apiUrl: row.api_url,
  apiToken: row.api_token,
  settings: row.settings,
  createdAt: new Date(row.created_at),
});

const COLUMNS =
  'id, platform, shop_domain, webhook_secret, previous_webhook_secret, api_url, api_token, settings, created_at';

export interface TenantRepository {
  create(tenant: Omit<Tenant, 'createdAt' | 'settings'>, apiKey: string): Promise<Tenant>;
  findById(id: string): Promise<Tenant | null>;
  findByShopDomain(shopDomain: string): Promise<Tenant | null>;
  findByApiKey(apiKey: string): Promise<Tenant | null>;
}

export const createTenantRepository = (db: SqlExecutor): TenantRepository => {
  const one = async (where: string, value: string): Promise<Tenant | null> => {
    const [row] = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE ${where} = $1`, [value]);
    return row ? tenantOf(row) : null;
  };
  return {
    async create(tenant, apiKey) {
      try {
        const [row] = await db.query<TenantRow>(
          `INSERT INTO tenants (id, platform, shop_domain, webhook_secret, previous_webhook_secret, api_url, api_token, api_key_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [
            tenant.id,
            tenant.platform,
            tenant.shopDomain,
            tenant.webhookSecret,
            tenant.previousWebhookSecret,
            tenant.apiUrl,
            tenant.apiToken,
            hashApiKey(apiKey),
          ],
        );
        return tenantOf(row as TenantRow);
      } catch (error) {
        if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
          throw new InvalidRequestError(`a tenant with id ${tenant.id} or shop domain ${tenant.shopDomain} already exists`);
        }
        throw error;
      }
    },
    findById: (id) => one('id', id),
    findByShopDomain: (shopDomain) => one('shop_domain', shopDomain.trim().toLowerCase()),
    findByApiKey: (apiKey) => one('api_key_hash', hashApiKey(apiKey)),
  };
};
