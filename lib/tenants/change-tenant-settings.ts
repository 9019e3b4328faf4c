import { NotFoundError } from '../errors.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { applySettingChanges, parseSettingAssignment } from './apply-setting-changes.ts';
import { maskSecretSettings } from './mask-settings.ts';
import type { Tenant } from './tenant.ts';
import { STRICT_OUTBOUND, type OutboundPolicy } from '../outbound/outbound-target.ts';
import { refuseInternalTargets } from './outbound-settings.ts';

/**
 * `tenant set ID key=value …`: validated as a whole, outbound URLs checked against the outbound
 * policy (strict unless the caller passes the installation's), stored with who changed it.
 */
export const changeTenantSettings = async (
  tenantId: string,
  assignments: readonly string[],
  actor: string,
  deps: { tenants: Pick<TenantRepository, 'findById' | 'updateSettings'>; outbound?: OutboundPolicy },
): Promise<Tenant> => {
  const changes = assignments.map(parseSettingAssignment);
  const tenant = await deps.tenants.findById(tenantId);
  if (!tenant) throw new NotFoundError(`no tenant ${tenantId}`);
  const settings = applySettingChanges(tenant.settings, changes);
  refuseInternalTargets(tenant.settings, settings, deps.outbound ?? STRICT_OUTBOUND);
  // The history says a secret changed, never what it is.
  const recorded = changes.map((change) => ({ ...change, value: maskSecretSettings(change.value, change.path) }));
  return deps.tenants.updateSettings(tenantId, settings, { changes: recorded, actor });
};
