import type { AskKind } from '../journey/ask-kinds.ts';
import { consentClassOf } from '../journey/send-eligibility.ts';
import type { TenantSettings } from '../tenants/settings.ts';

/** afterglow's own blue (white on it is 6.7:1): the accent of a shop that chose none. */
export const DEFAULT_ACCENT = '#1d4ed8';

/** The accent as it goes into CSS: `#rrggbb` only (the schema lets nothing else through; this keeps it so for any Brand). */
export const cssAccent = (brand: Pick<Brand, 'accent'>): string => (/^#[0-9a-f]{6}$/i.test(brand.accent) ? brand.accent : DEFAULT_ACCENT);

/** How a shop's emails and pages look and sign off (pure data, from the tenant's settings). */
export interface Brand {
  readonly shopName: string;
  readonly logo: { readonly url: string; readonly alt: string } | null;
  /** Checked for WCAG AA against white when set (see contrast.ts). */
  readonly accent: string;
  readonly postalAddress: string | null;
  /** An https page, or an email address as a mailto: link. */
  readonly contact: { readonly href: string; readonly label: string } | null;
  readonly privacyPolicyUrl: string | null;
}

export const brandOf = (settings: TenantSettings, tenantId: string): Brand => {
  const { brand } = settings;
  const contact = brand.contact;
  return {
    shopName: settings.shopName ?? tenantId,
    logo: brand.logo,
    accent: brand.accentColor ?? DEFAULT_ACCENT,
    postalAddress: brand.postalAddress,
    // The schema allows an https URL or an email address, nothing else.
    contact: contact === null ? null : { href: contact.startsWith('https://') ? contact : `mailto:${contact}`, label: contact },
    privacyPolicyUrl: brand.privacyPolicyUrl,
  };
};

/** A page whose tenant is unknown (a link that is not valid): afterglow's plain look. */
export const plainBrand = (shopName: string | null): Brand => ({
  shopName: shopName ?? '',
  logo: null,
  accent: DEFAULT_ACCENT,
  postalAddress: null,
  contact: null,
  privacyPolicyUrl: null,
});

export const NO_POSTAL_ADDRESS =
  'a marketing email needs the shop’s postal address in its footer (CAN-SPAM): set brand.postalAddress; the ask comes back once it is set';

/**
 * Why a marketing email (a referral or testimonial ask; the review invitation and its reminder when
 * consent.reviewInvitation=marketing) may not go yet, or null: US law (CAN-SPAM) wants the sender's
 * valid postal address in every commercial email. Service and transactional messages go without.
 */
export const commercialEmailProblem = (kind: AskKind, settings: TenantSettings): string | null =>
  consentClassOf(kind, settings.consent) === 'marketing' && !settings.brand.postalAddress ? NO_POSTAL_ADDRESS : null;

/** What `tenant show` says about the brand settings a merchant still has to fill. */
export const brandNotices = (settings: TenantSettings): string[] => {
  const notices: string[] = [];
  if (!settings.brand.postalAddress) {
    const marketing = [
      settings.consent.reviewInvitation === 'marketing' ? 'review invitations and reminders (consent.reviewInvitation=marketing)' : null,
      settings.consent.feedbackRequest === 'marketing' ? 'feedback requests (consent.feedbackRequest=marketing)' : null,
      'referral invitations',
      'testimonial requests',
    ].filter(Boolean);
    notices.push(
      `brand.postalAddress is not set: marketing emails (${marketing.join(', ')}) are not sent and are skipped with that reason in the timeline, ` +
        'because US law (CAN-SPAM) requires the sender’s valid postal address in every commercial email; set it and they come back',
    );
  }
  if (!settings.brand.privacyPolicyUrl) notices.push('brand.privacyPolicyUrl is not set: emails carry no link to the privacy policy');
  if (!settings.brand.contact) notices.push('brand.contact is not set: emails name no way to reach the shop but a reply');
  return notices;
};
