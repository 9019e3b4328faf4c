import { InvalidRequestError } from '../errors.ts';
import { outboundUrlProblem, STRICT_OUTBOUND, type OutboundPolicy } from '../outbound/outbound-target.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { generateApiKey, NewTenantSchema, type NewTenant, type Tenant } from './tenant.ts';

export interface CreatedTenant {
  readonly tenant: Tenant;
  /** Shown this once; afterglow keeps only its hash. */
  readonly apiKey: string;
}

export const createTenant = async (
  input: NewTenant,
  deps: { tenants: TenantRepository; newApiKey?: () => string; clock?: () => Date; outbound?: OutboundPolicy },
): Promise<CreatedTenant> => {
  const parsed = NewTenantSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new InvalidRequestError(`invalid tenant: ${problems}`);
  }
  // The BigCommerce store API is called by the server: the outbound guard judges it now and when called.
  const apiUrlProblem = parsed.data.apiUrl ? outboundUrlProblem(parsed.data.apiUrl, deps.outbound ?? STRICT_OUTBOUND) : null;
  if (apiUrlProblem) throw new InvalidRequestError(`invalid tenant: apiUrl: ${apiUrlProblem}`);
  const apiKey = (deps.newApiKey ?? generateApiKey)();
  const { previousWebhookSecretGraceHours, ...fields } = parsed.data;
  const now = deps.clock?.() ?? new Date();
  const previousWebhookSecretExpiresAt = fields.previousWebhookSecret
    ? new Date(now.getTime() + previousWebhookSecretGraceHours * 3_600_000)
    : null;
  const tenant = await deps.tenants.create({ ...fields, previousWebhookSecretExpiresAt }, apiKey);
  return { tenant, apiKey };
};
