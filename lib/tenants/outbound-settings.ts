import { InvalidRequestError } from '../errors.ts';
import { outboundUrlProblem, type OutboundPolicy } from '../outbound/outbound-target.ts';
import { markedValues } from './setting-marks.ts';
import { TenantSettingsSchema, type TenantSettings } from './settings.ts';

/**
 * Refuses settings whose outbound URLs (marked `outbound` in the schema: provider base URLs,
 * Zendesk, Slack, Trustpilot) aim at internal addresses or plain http. Only URLs this change sets
 * are judged, so a value kept from before does not block an unrelated change; it is refused
 * when called all the same.
 */
export const refuseInternalTargets = (before: TenantSettings, after: TenantSettings, policy: OutboundPolicy): void => {
  const earlier = new Set(markedValues(TenantSettingsSchema, before).filter((marked) => marked.mark.outbound).map((marked) => `${marked.path}\n${String(marked.value)}`));
  const problems = markedValues(TenantSettingsSchema, after)
    .filter((marked) => marked.mark.outbound && typeof marked.value === 'string' && !earlier.has(`${marked.path}\n${marked.value}`))
    .flatMap((marked) => {
      const problem = outboundUrlProblem(marked.value as string, policy);
      return problem ? [`${marked.path}: ${problem}`] : [];
    });
  if (problems.length > 0) throw new InvalidRequestError(`invalid settings: ${problems.join('; ')}`);
};
