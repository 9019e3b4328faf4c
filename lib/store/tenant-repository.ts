import type { Platform } from '../../events/order-event.ts';
import { InvalidRequestError } from '../errors.ts';
import { applySettingChangesToStored, type SettingChange } from '../tenants/apply-setting-changes.ts';
import { TenantSettingsSchema } from '../tenants/settings.ts';
import { hashApiKey, type Tenant } from '../tenants/tenant.ts';
import { pgErrorCode, PG_UNIQUE_VIOLATION, type Database } from './database.ts';
import { NotFoundError } from '../errors.ts';

interface TenantRow {
  id: string;
  platform: Platform;
  shop_domain: string | null;
  webhook_secret: string;
  previous_webhook_secret: string | null;
  previous_webhook_secret_expires_at: Date | null;
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
  previousWebhookSecretExpiresAt: row.previous_webhook_secret_expires_at ? new Date(row.previous_webhook_secret_expires_at) : null,
  apiUrl: row.api_url,
  apiToken: row.api_token,
  // Stored settings hold only what was set; defaults fill the rest, so new settings need no migration.
  settings: TenantSettingsSchema.parse(row.settings),
  createdAt: new Date(row.created_at),
});

const COLUMNS =
  'id, platform, shop_domain, webhook_secret, previous_webhook_secret, previous_webhook_secret_expires_at, api_url, api_token, settings, created_at';

export interface TenantRepository {
  create(tenant: Omit<Tenant, 'createdAt' | 'settings'>, apiKey: string): Promise<Tenant>;
  findById(id: string): Promise<Tenant | null>;
  findByShopDomain(shopDomain: string): Promise<Tenant | null>;
  findByApiKey(apiKey: string): Promise<Tenant | null>;
  /**
   * Applies the changes to what the tenant set (only that is stored: defaults fill the rest when
   * read) and records them (`recorded`: as the history may show them, secrets masked; default the
   * changes) with their actor, in one transaction under the tenant row's lock. `replace`: start
   * from nothing set (every setting back to its default but the changes).
   */
  updateSettings(id: string, change: { changes: readonly SettingChange[]; recorded?: readonly SettingChange[]; actor: string; replace?: boolean }): Promise<Tenant>;
  /**
   * A new webhook secret; the one it replaces keeps verifying until `previousValidUntil` (null:
   * refused at once). Recorded in the settings history with its actor, never with a secret.
   */
  rotateWebhookSecret(id: string, secret: string, previousValidUntil: Date | null, actor: string): Promise<Tenant>;
  /** A new API key; the old one is refused from this moment (its hash is replaced). */
  rotateApiKey(id: string, apiKey: string, actor: string): Promise<Tenant>;
  /** Forget tenants held in memory (a tenant was erased); repositories that hold none do nothing. */
  forgetCached?(): void;
  /** How many lookups are held in memory now (bounded; see cached-tenant-repository.ts). */
  cachedEntries?(): number;
}

export const createTenantRepository = (db: Database): TenantRepository => {
  const one = async (where: string, value: string): Promise<Tenant | null> => {
    const [row] = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE ${where} = $1`, [value]);
    return row ? tenantOf(row) : null;
  };
  return {
    async create(tenant, apiKey) {
      try {
        const [row] = await db.query<TenantRow>(
          `INSERT INTO tenants (id, platform, shop_domain, webhook_secret, previous_webhook_secret, api_url, api_token, api_key_hash, previous_webhook_secret_expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
          [
            tenant.id,
            tenant.platform,
            tenant.shopDomain,
            tenant.webhookSecret,
            tenant.previousWebhookSecret,
            tenant.apiUrl,
            tenant.apiToken,
            hashApiKey(apiKey),
            tenant.previousWebhookSecretExpiresAt,
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
    updateSettings: (id, change) =>
      db.transaction(async (tx) => {
        const [current] = await tx.query<{ settings: Record<string, unknown> }>('SELECT settings FROM tenants WHERE id = $1 FOR UPDATE', [id]);
        if (!current) throw new NotFoundError(`no tenant ${id}`);
        const { stored } = applySettingChangesToStored(change.replace ? {} : current.settings, change.changes);
        const [row] = await tx.query<TenantRow>(
          `UPDATE tenants SET settings = $2::jsonb, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, JSON.stringify(stored)],
        );
        if (!row) throw new NotFoundError(`no tenant ${id}`);
        await tx.query('INSERT INTO tenant_setting_changes (tenant_id, changes, actor) VALUES ($1, $2::jsonb, $3)', [
          id,
          JSON.stringify(change.recorded ?? change.changes),
          change.actor,
        ]);
        return tenantOf(row);
      }),
    rotateWebhookSecret: (id, secret, previousValidUntil, actor) =>
      db.transaction(async (tx) => {
        // The secret being replaced becomes the previous one; an older previous one is dropped.
        const [row] = await tx.query<TenantRow>(
          `UPDATE tenants SET previous_webhook_secret = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE webhook_secret END,
             previous_webhook_secret_expires_at = $3::timestamptz, webhook_secret = $2, updated_at = now()
           WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, secret, previousValidUntil],
        );
        if (!row) throw new NotFoundError(`no tenant ${id}`);
        const change = { path: 'webhookSecret', value: 'rotated', previousValidUntil: previousValidUntil?.toISOString() ?? null };
        await tx.query('INSERT INTO tenant_setting_changes (tenant_id, changes, actor) VALUES ($1, $2::jsonb, $3)', [id, JSON.stringify([change]), actor]);
        return tenantOf(row);
      }),
    rotateApiKey: (id, apiKey, actor) =>
      db.transaction(async (tx) => {
        const [row] = await tx.query<TenantRow>(
          `UPDATE tenants SET api_key_hash = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, hashApiKey(apiKey)],
        );
        if (!row) throw new NotFoundError(`no tenant ${id}`);
        await tx.query('INSERT INTO tenant_setting_changes (tenant_id, changes, actor) VALUES ($1, $2::jsonb, $3)', [
          id,
          JSON.stringify([{ path: 'apiKey', value: 'rotated' }]),
          actor,
        ]);
        return tenantOf(row);
      }),
  };
};
