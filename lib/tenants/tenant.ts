import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { PlatformSchema, type Platform } from '../../events/order-event.ts';
import type { TenantSettings } from './settings.ts';

export interface Tenant {
  readonly id: string;
  readonly platform: Platform;
  /** Shopify `*.myshopify.com` domain: how the app-level endpoint finds the tenant. */
  readonly shopDomain: string | null;
  readonly webhookSecret: string;
  /** Still accepted while the merchant rotates secrets, until {@link previousWebhookSecretExpiresAt}. */
  readonly previousWebhookSecret: string | null;
  /** The end of the rotation window: after it only `webhookSecret` verifies. */
  readonly previousWebhookSecretExpiresAt: Date | null;
  /** BigCommerce store API base (`https://api.bigcommerce.com/stores/{hash}`) and its token. */
  readonly apiUrl: string | null;
  readonly apiToken: string | null;
  readonly settings: TenantSettings;
  readonly createdAt: Date;
}

export const normaliseShopDomain = (domain: string): string =>
  domain.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');

/** How long a previous webhook secret stays valid when no window is named (`tenant create --previous-secret`, a rotation without `--grace-hours`). */
export const DEFAULT_WEBHOOK_SECRET_GRACE_HOURS = 72;
export const MAX_WEBHOOK_SECRET_GRACE_HOURS = 24 * 30;

export const NewTenantSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _, at most 63 characters'),
    platform: PlatformSchema,
    webhookSecret: z.string(),
    previousWebhookSecret: z.string().nullish().default(null),
    /** How long the previous secret keeps verifying, from now. */
    previousWebhookSecretGraceHours: z.number().int().min(0).max(MAX_WEBHOOK_SECRET_GRACE_HOURS).default(DEFAULT_WEBHOOK_SECRET_GRACE_HOURS),
    shopDomain: z.string().min(1).transform(normaliseShopDomain).nullish().default(null),
    apiUrl: z.url({ protocol: /^https?$/ }).nullish().default(null),
    apiToken: z.string().min(1).nullish().default(null),
  })
  .superRefine((tenant, context) => {
    if (tenant.platform === 'bigcommerce' && (!tenant.apiUrl || !tenant.apiToken)) {
      context.addIssue({
        code: 'custom',
        path: ['apiUrl'],
        message: 'BigCommerce webhooks are thin: --api-url and --api-token are needed to fetch orders',
      });
    }
    // WooCommerce alone signs legitimately with an empty secret (its own test vector does).
    if (tenant.platform !== 'woocommerce' && tenant.webhookSecret.length === 0) {
      context.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'must not be empty' });
    }
  });
export type NewTenant = z.input<typeof NewTenantSchema>;

/** API keys are shown once and stored only as this hash. */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey, 'utf8').digest('hex');

export const generateApiKey = (random: (size: number) => Buffer = randomBytes): string =>
  `ag_${random(32).toString('base64url')}`;


/**
 * The secrets a webhook may be signed with at `now`: the current one, and the previous one while
 * its rotation window lasts. Every platform's verification takes exactly these.
 */
export const acceptedWebhookSecrets = (
  tenant: Pick<Tenant, 'webhookSecret' | 'previousWebhookSecret' | 'previousWebhookSecretExpiresAt'>,
  now: Date,
): string[] =>
  tenant.previousWebhookSecret !== null &&
  tenant.previousWebhookSecretExpiresAt !== null &&
  now.getTime() < tenant.previousWebhookSecretExpiresAt.getTime()
    ? [tenant.webhookSecret, tenant.previousWebhookSecret]
    : [tenant.webhookSecret];

/** A webhook secret afterglow makes up when the operator names none (WooCommerce lets the merchant paste any). */
export const generateWebhookSecret = (random: (size: number) => Buffer = randomBytes): string =>
  `whs_${random(32).toString('base64url')}`;
