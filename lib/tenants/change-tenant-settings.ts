import { NotFoundError } from '../errors.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { applySettingChanges, parseSettingAssignment } from './apply-setting-changes.ts';
import { maskSecretSettings } from './mask-settings.ts';
import type { Tenant } from './tenant.ts';
import { STRICT_OUTBOUND, type OutboundPolicy } from '../outbound/outbound-target.ts';
import { refuseInternalTargets } from './outbound-settings.ts';

/**
 * `tenant set ID key=value …`: validated as a whole, outbound URLs checked against the outbound
 * policy (strict unless the caller passes the installation's), stored with who changed it. A change
 * to the consent settings puts back on the schedule the asks skipped for want of consent that are
 * still inside their window (a feedback request until its link would have expired, an invitation
 * within `reviews.frequencyDays` of its trigger), due now: dispatch spaces them by the budget,
 * feedback request first, never as a burst.
 */
export const changeTenantSettings = async (
  tenantId: string,
  assignments: readonly string[],
  actor: string,
  deps: {
    tenants: Pick<TenantRepository, 'findById' | 'updateSettings'>;
    outbound?: OutboundPolicy;
    outreach?: Pick<OutreachRepository, 'replanSkippedForConsent'>;
    clock?: () => Date;
  },
): Promise<Tenant> => {
  const changes = assignments.map(parseSettingAssignment);
  const tenant = await deps.tenants.findById(tenantId);
  if (!tenant) throw new NotFoundError(`no tenant ${tenantId}`);
  const settings = applySettingChanges(tenant.settings, changes);
  refuseInternalTargets(tenant.settings, settings, deps.outbound ?? STRICT_OUTBOUND);
  // The history says a secret changed, never what it is.
  const recorded = changes.map((change) => ({ ...change, value: maskSecretSettings(change.value, change.path) }));
  // Only what the tenant set is stored: a default changed by a later version reaches it.
  const updated = await deps.tenants.updateSettings(tenantId, { changes, recorded, actor });
  const windows = { linkTtlDays: settings.feedback.linkTtlDays, frequencyDays: settings.reviews.frequencyDays, reviewDelayDays: settings.reviews.delayDays };
  // Marketing emails that waited for the postal address (CAN-SPAM) come back once it is there.
  if (deps.outreach && !tenant.settings.brand.postalAddress && settings.brand.postalAddress) {
    await deps.outreach.replanSkippedForConsent(tenantId, (deps.clock ?? (() => new Date()))(), windows, `the shop's postal address was set (brand.postalAddress, by ${actor})`, 'postal_address');
  }
  if (deps.outreach && JSON.stringify(tenant.settings.consent) !== JSON.stringify(settings.consent)) {
    const paths = changes.map((change) => change.path).filter((path) => path.startsWith('consent')).join(', ');
    await deps.outreach.replanSkippedForConsent(
      tenantId,
      (deps.clock ?? (() => new Date()))(),
      windows,
      `the consent settings changed (${paths || 'consent'}, by ${actor})`,
    );
  }
  return updated;
};
