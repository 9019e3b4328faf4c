import { linkDestinations } from '../advocacy/review-destinations.ts';
import { brandOf, commercialEmailProblem } from '../brand/brand.ts';
import { InvalidRequestError } from '../errors.ts';
import { MESSAGE_LANGUAGES, type MessageLanguage } from '../i18n/locale.ts';
import { ASK_KINDS, type AskKind } from '../journey/ask-kinds.ts';
import { renderAsk, type RenderedAsk } from '../journey/render-ask.ts';
import { copyOverrideOf, TenantSettingsSchema, type TenantSettings } from '../tenants/settings.ts';
import type { CliIo } from './io.ts';
import { parseCliArgs } from './store-commands.ts';

export const PREVIEW_USAGE = `usage: preview --kind ${ASK_KINDS.join('|')} --locale ${MESSAGE_LANGUAGES.join('|')} [--tenant ID]`;

/** The sample order every preview shows: what a real one would carry, and links that lead nowhere. */
const SAMPLE = { orderNumber: '#1042', firstName: 'Ada', itemTitles: ['Linen apron', 'Blue stoneware mug'], handle: 'PREVIEW-not-a-real-link' } as const;

/**
 * A message as a customer would receive it, rendered from the tenant's settings (brand, copy,
 * scale, review destinations, rewards) for a sample order (pure): what `preview` prints.
 */
export const previewAsk = (
  kind: AskKind,
  language: MessageLanguage,
  tenant: { readonly id: string; readonly settings: TenantSettings },
  publicBaseUrl: string,
): { rendered: RenderedAsk; warnings: string[] } => {
  const { settings } = tenant;
  const base = publicBaseUrl.replace(/\/+$/, '');
  const destinations = linkDestinations(settings, kind === 'review_reminder' ? 'reminder' : 'invitation');
  const rendered = renderAsk(kind, {
    language,
    shopName: settings.shopName ?? tenant.id,
    brand: brandOf(settings, tenant.id),
    copy: copyOverrideOf(settings, kind, language),
    firstName: SAMPLE.firstName,
    orderNumber: SAMPLE.orderNumber,
    itemTitles: SAMPLE.itemTitles,
    scale: settings.feedback.scale,
    pageUrl: `${base}/${kind.startsWith('testimonial') ? 'c' : 'f'}/${SAMPLE.handle}`,
    unsubscribeUrl: `${base}/u/${SAMPLE.handle}`,
    reviewLinks: (destinations.length > 0 ? destinations : [{ name: 'Google', incentive: null }]).map((destination) => ({
      name: destination.name,
      incentive: destination.incentive,
      url: `${base}/go/${SAMPLE.handle}`,
    })),
    referral: {
      url: `${base}/r/ADA-7KQ2XM`,
      code: 'ADA-7KQ2XM',
      friendReward: settings.referrals.friendReward ?? '15% off',
      advocateReward: settings.referrals.advocateReward ?? '€10 store credit',
    },
    testimonial: { quote: 'Arrived in two days, and the apron fits perfectly.', scopes: ['website'], displayName: 'Ada L.' },
  });
  const warnings = [
    commercialEmailProblem(kind, settings),
    destinations.length === 0 && (kind === 'review_invitation' || kind === 'review_reminder') ? 'no review destination is set (reviews.destinations): shown with a sample Google link, but nothing is sent' : null,
  ].filter((warning): warning is string => warning !== null);
  return { rendered, warnings };
};

const option = (values: Record<string, unknown>, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

/** `preview --kind KIND --locale L [--tenant ID]`: subject, text and HTML on stdout; what would stop it on stderr. */
export const runPreviewCommand = async (
  args: readonly string[],
  io: CliIo,
  deps: { findTenant?: (id: string) => Promise<{ id: string; settings: TenantSettings } | null>; publicBaseUrl: string },
): Promise<void> => {
  const { values, positionals } = parseCliArgs([...args], { kind: { type: 'string' }, locale: { type: 'string' }, tenant: { type: 'string' } });
  const kind = option(values, 'kind');
  const locale = option(values, 'locale');
  const tenantId = option(values, 'tenant');
  if (positionals.length > 0 || !kind || !locale) throw new InvalidRequestError(PREVIEW_USAGE);
  if (!(ASK_KINDS as readonly string[]).includes(kind)) throw new InvalidRequestError(`unknown kind ${kind}; ${PREVIEW_USAGE}`);
  const language = locale.slice(0, 2).toLowerCase();
  if (!(MESSAGE_LANGUAGES as readonly string[]).includes(language)) throw new InvalidRequestError(`afterglow does not write in ${locale}; ${PREVIEW_USAGE}`);
  let tenant = { id: 'your-shop', settings: TenantSettingsSchema.parse({ shopName: 'Your shop' }) };
  if (tenantId) {
    const found = await deps.findTenant?.(tenantId);
    if (!found) throw new InvalidRequestError(`no tenant ${tenantId}`);
    tenant = found;
    if (!found.settings.feedback.locales.includes(language)) {
      io.err(`note: tenant ${tenantId} does not offer ${language} (feedback.locales=${JSON.stringify(found.settings.feedback.locales)}): its customers get ${found.settings.feedback.locales[0] ?? 'en'}`);
    }
  }
  const { rendered, warnings } = previewAsk(kind as AskKind, language as MessageLanguage, tenant, deps.publicBaseUrl);
  for (const warning of warnings) io.err(`note: ${warning}`);
  io.out(`Subject: ${rendered.email.subject}\n\n----- text -----\n${rendered.email.text}\n\n----- html -----\n${rendered.email.html}\n\n----- sms -----\n${rendered.sms.text}`);
};
