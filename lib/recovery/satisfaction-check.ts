import type { Logger } from '../logger.ts';
import { ProviderError } from '../providers/call-provider.ts';
import type { ChatAlerts } from '../providers/slack.ts';
import type { SatisfactionRepository } from '../store/satisfaction-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { TenantSettings } from '../tenants/settings.ts';
import { satisfactionDrops, weekOf, weeklySatisfaction, type SatisfactionDrop } from './satisfaction.ts';

/**
 * The hourly satisfaction check: for every tenant with recent scored feedback, compare the last
 * completed week with the one before, and tell the tenant's chat when a score fell by more than
 * their threshold — the "90 % fell to 75 %" moment — once per metric and week.
 */
export interface SatisfactionCheckDeps {
  readonly satisfaction: SatisfactionRepository;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  /** The tenant's chat (its Slack webhook), or null when it has none. */
  readonly recoveryChannels: { chatFor(settings: TenantSettings['recovery']): ChatAlerts | null };
  readonly logger: Logger;
}

/** Fewer answers than this in either week say too little to alert on. */
export const MIN_RESPONSES_FOR_ALERT = 5;
const DAY_MS = 86_400_000;

export const timeZoneOf = (settings: TenantSettings): string => settings.recovery.businessHours.timeZone;

const LABEL = { nps: 'NPS', csat: 'CSAT' } as const;
export const dropMessage = (shop: string, drop: SatisfactionDrop): string =>
  `${shop}: ${LABEL[drop.metric]} fell from ${drop.from} to ${drop.to} in the week of ${drop.weekOf} (${drop.responses} answers), compared with the week of ${drop.previousWeekOf}.`;

export const checkSatisfaction = async (deps: SatisfactionCheckDeps, now: Date): Promise<{ alerted: number }> => {
  let alerted = 0;
  for (const tenantId of await deps.satisfaction.activeTenants(new Date(now.getTime() - 21 * DAY_MS))) {
    const tenant = await deps.tenants.findById(tenantId);
    if (!tenant) continue;
    const timeZone = timeZoneOf(tenant.settings);
    const thisWeek = weekOf(now, timeZone);
    // The two completed weeks before this one (a few days more, so local weeks are whole).
    const answers = await deps.satisfaction.answers(tenantId, { from: new Date(now.getTime() - 22 * DAY_MS), to: now });
    const weeks = weeklySatisfaction(answers, timeZone).filter((week) => week.weekOf < thisWeek).slice(-2);
    for (const drop of satisfactionDrops(weeks, tenant.settings.recovery.satisfactionDropPoints, MIN_RESPONSES_FOR_ALERT)) {
      const alert = await deps.satisfaction.claimAlert(tenantId, drop);
      if (!alert) continue;
      const chat = deps.recoveryChannels.chatFor(tenant.settings.recovery);
      if (!chat) {
        await deps.satisfaction.markAlert(tenantId, drop, 'no_channel');
        continue;
      }
      try {
        await chat.post({ text: dropMessage(tenant.settings.shopName ?? tenant.id, drop) });
        await deps.satisfaction.markAlert(tenantId, drop, 'sent');
        alerted += 1;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        // Pending: the next check posts it again.
        await deps.satisfaction.markAlert(tenantId, drop, 'pending', error.message);
        deps.logger.warn('satisfaction alert not delivered yet', { tenantId, metric: drop.metric, weekOf: drop.weekOf, error: error.message });
      }
    }
  }
  return { alerted };
};
