import { InvalidRequestError } from '../errors.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { generateApiKey, NewTenantSchema, type NewTenant, type Tenant } from './tenant.ts';

export interface CreatedTenant {
  readonly tenant: Tenant;
  /** Shown this once; afterglow keeps only its hash. */
  readonly apiKey: string;
}

export const createTenant = async (
  input: NewTenant,
  deps: { tenants: TenantRepository; newApiKey?: () => string; clock?: () => Date },
): Promise<CreatedTenant> => {
  const parsed = NewTenantSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new InvalidRequestError(`invalid tenant: ${problems}`);
  }
  const apiKey = (deps.newApiKey ?? generateApiKey)();
  const { previousWebhookSecretGraceHours, ...fields } = parsed.data;
  const now = deps.clock?.() ?? new Date();
  const previousWebhookSecretExpiresAt = fields.previousWebhookSecret
    ? new Date(now.getTime() + previousWebhookSecretGraceHours * 3_600_000)
    : null;
  const tenant = await deps.tenants.create({ ...fields, previousWebhookSecretExpiresAt }, apiKey);
  return { tenant, apiKey };
};
