import { journeyTriggerOf } from './settings.ts';
import type { Tenant } from './tenant.ts';

/**
 * What a tenant's journey and consent settings mean, in words (pure): `tenant create` prints it
 * with the new tenant, so a merchant reads what the defaults will do before the first order.
 */
export const describeJourneySettings = (tenant: Pick<Tenant, 'platform' | 'settings'>): Record<string, string> => {
  const { journey, reviews, contact, consent } = tenant.settings;
  const trigger = journeyTriggerOf(tenant.settings, tenant.platform);
  const quiet = contact.quietHours ? `, none between ${contact.quietHours.start} and ${contact.quietHours.end} (${contact.timeZone} unless the customer's own time zone is known)` : '';
  const unreported =
    consent.unreportedMarketing === 'send'
      ? 'sent where the platform reports no marketing consent either way (consent.unreportedMarketing=send)'
      : `not sent where the platform reports no marketing consent${tenant.platform === 'shopify' ? ' (guest checkouts)' : ` (${tenant.platform} reports none)`}; set consent.unreportedMarketing=send to send them`;
  const classWords = (choice: 'service' | 'marketing') =>
    choice === 'service' ? 'a service message: sent to every customer who has not opted out' : 'a marketing message: only with marketing consent';
  return {
    journey:
      `the feedback request ${journey.feedbackDelayDays} days after the order is ${trigger}; ` +
      (reviews.destinations.length > 0
        ? `the review invitation ${reviews.delayDays} days after it, to every eligible customer alike, once per ${reviews.frequencyDays} days` +
          (reviews.reminderAfterDays === null ? '' : `, with one reminder ${reviews.reminderAfterDays} days later`)
        : 'no review invitation until reviews.destinations is set'),
    contactBudget: `at most ${contact.maxPer7Days} messages per 7 days and ${contact.maxPer30Days} per 30 days, at least ${contact.minGapHours} hours apart${quiet}; the feedback request goes first, then the review invitation and its reminder; referral, testimonial and follow-up asks take what is left`,
    feedbackRequest: `${classWords(consent.feedbackRequest)} (consent.feedbackRequest)`,
    reviewInvitation: `${classWords(consent.reviewInvitation)} (consent.reviewInvitation; see README on the legal trade-off)`,
    referralAndTestimonial:
      `marketing: only with the platform's marketing consent for the channel; ${unreported}; ` +
      `by email only once brand.postalAddress is set (CAN-SPAM: a commercial email carries the sender's postal address)`,
    sms: 'SMS goes only to customers whose platform reports SMS consent; email and SMS consent are kept apart',
  };
};
