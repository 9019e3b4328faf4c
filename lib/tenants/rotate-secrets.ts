import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { maskSecret } from '../secrets/mask-secret.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import {
  DEFAULT_WEBHOOK_SECRET_GRACE_HOURS,
  generateApiKey,
  generateWebhookSecret,
  MAX_WEBHOOK_SECRET_GRACE_HOURS,
} from './tenant.ts';

export interface RotatedWebhookSecret {
  readonly tenantId: string;
  /** Shown in full only when afterglow made it up (the operator has to paste it into the platform); masked when given. */
  readonly webhookSecret: string | null;
  readonly generated: boolean;
  /** Until when the replaced secret still verifies; null when it was refused at once (`--grace-hours 0`). */
  readonly previousSecretValidUntil: string | null;
}

/**
 * Rotates a tenant's webhook secret. The secret it replaces keeps verifying for `graceHours`
 * (default 72, at most 720; 0 refuses it at once), so deliveries signed before the platform
 * switched are not refused; after the window only the new secret verifies.
 */
export const rotateWebhookSecret = async (
  tenantId: string,
  options: { secret?: string; graceHours?: number },
  actor: string,
  deps: { tenants: Pick<TenantRepository, 'findById' | 'rotateWebhookSecret'>; clock: () => Date; newSecret?: () => string },
): Promise<RotatedWebhookSecret> => {
  const graceHours = options.graceHours ?? DEFAULT_WEBHOOK_SECRET_GRACE_HOURS;
  if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > MAX_WEBHOOK_SECRET_GRACE_HOURS) {
    throw new InvalidRequestError(`--grace-hours must be 0 to ${MAX_WEBHOOK_SECRET_GRACE_HOURS}`);
  }
  const tenant = await deps.tenants.findById(tenantId);
  if (!tenant) throw new NotFoundError(`no tenant ${tenantId}`);
  const generated = options.secret === undefined;
  const secret = options.secret ?? (deps.newSecret ?? generateWebhookSecret)();
  // WooCommerce alone signs with an empty secret; a rotation is never to one.
  if (secret.length < 8) throw new InvalidRequestError('--secret must have at least 8 characters');
  if (secret === tenant.webhookSecret) throw new InvalidRequestError('--secret is the current secret: a rotation needs a new one');
  const validUntil = graceHours > 0 ? new Date(deps.clock().getTime() + graceHours * 3_600_000) : null;
  await deps.tenants.rotateWebhookSecret(tenantId, secret, validUntil, actor);
  return {
    tenantId,
    webhookSecret: generated ? secret : maskSecret(secret),
    generated,
    previousSecretValidUntil: validUntil?.toISOString() ?? null,
  };
};

/** A new API key, shown this once; the old key is refused from the moment this returns, in every process. */
export const rotateApiKey = async (
  tenantId: string,
  actor: string,
  deps: { tenants: Pick<TenantRepository, 'rotateApiKey'>; newApiKey?: () => string },
): Promise<{ tenantId: string; apiKey: string }> => {
  const apiKey = (deps.newApiKey ?? generateApiKey)();
  await deps.tenants.rotateApiKey(tenantId, apiKey, actor);
  return { tenantId, apiKey };
};
