import { describe, expect, it } from 'vitest';
import { decideSend, type SendFacts } from '../../lib/journey/send-eligibility.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';

const consent = (changes: Record<string, unknown> = {}) => TenantSettingsSchema.parse({ consent: changes }).consent;

const facts = (overrides: Partial<SendFacts> = {}): SendFacts => ({
  kind: 'feedback_request',
  orderCancelledOrRefunded: false,
  email: 'ada@example.com',
  phone: '+447700900123',
  acceptsMarketing: true,
  smsConsent: true,
  suppressed: new Set(),
  consent: consent(),
  ...overrides,
});

describe('decideSend (re-checked at send time)', () => {
  it('sends by email when there is an address', () => {
    expect(decideSend(facts())).toEqual({ action: 'send', channel: 'email', address: 'ada@example.com' });
  });

  it('sends by SMS only to customers without an email address', () => {
    expect(decideSend(facts({ email: null }))).toEqual({ action: 'send', channel: 'sms', address: '+447700900123' });
  });

  it('withdraws the ask of a cancelled or refunded order', () => {
    expect(decideSend(facts({ orderCancelledOrRefunded: true }))).toMatchObject({ action: 'withdraw' });
  });

  it('still follows up on a complaint whose order was refunded', () => {
    expect(decideSend(facts({ kind: 'recovery_follow_up', orderCancelledOrRefunded: true }))).toMatchObject({ action: 'send' });
  });

  it('the feedback request is a service message: it goes to every customer who has not opted out, marketing consent or not', () => {
    for (const acceptsMarketing of [true, false, null]) {
      expect(decideSend(facts({ acceptsMarketing }))).toMatchObject({ action: 'send', channel: 'email' });
    }
  });

  it('the review invitation follows the tenant\'s choice: service by default, marketing when chosen', () => {
    expect(decideSend(facts({ kind: 'review_invitation', acceptsMarketing: false }))).toMatchObject({ action: 'send' });
    const marketing = consent({ reviewInvitation: 'marketing' });
    expect(decideSend(facts({ kind: 'review_invitation', acceptsMarketing: false, consent: marketing }))).toMatchObject({
      action: 'skip',
      cause: 'consent',
      reason: expect.stringContaining('consent.reviewInvitation=marketing'),
    });
    expect(decideSend(facts({ kind: 'review_reminder', acceptsMarketing: true, consent: marketing }))).toMatchObject({ action: 'send' });
  });

  it('referral and testimonial asks are marketing: the platform\'s consent where it reports one, else the tenant\'s choice', () => {
    for (const kind of ['referral_invitation', 'testimonial_request'] as const) {
      expect(decideSend(facts({ kind, acceptsMarketing: true }))).toMatchObject({ action: 'send' });
      expect(decideSend(facts({ kind, acceptsMarketing: false, consent: consent({ unreportedMarketing: 'send' }) }))).toMatchObject({ action: 'skip', cause: 'consent' });
      expect(decideSend(facts({ kind, acceptsMarketing: null }))).toMatchObject({ action: 'skip', cause: 'consent', reason: expect.stringContaining('unreportedMarketing') });
      expect(decideSend(facts({ kind, acceptsMarketing: null, consent: consent({ unreportedMarketing: 'send' }) }))).toMatchObject({ action: 'send' });
    }
  });

  it('SMS goes only with SMS consent, whatever the kind and whatever the email consent says', () => {
    const smsOnly = { email: null, acceptsMarketing: true } as const;
    expect(decideSend(facts({ ...smsOnly, smsConsent: false }))).toMatchObject({ action: 'skip', cause: 'consent', reason: expect.stringContaining('SMS') });
    expect(decideSend(facts({ ...smsOnly, smsConsent: null }))).toMatchObject({ action: 'skip', cause: 'consent' });
    expect(decideSend(facts({ ...smsOnly, smsConsent: true }))).toMatchObject({ action: 'send', channel: 'sms' });
    // Email marketing consent says nothing about SMS marketing, and the other way round.
    expect(decideSend(facts({ kind: 'referral_invitation', email: null, acceptsMarketing: false, smsConsent: true }))).toMatchObject({ action: 'send', channel: 'sms' });
    expect(decideSend(facts({ kind: 'referral_invitation', acceptsMarketing: false, smsConsent: true }))).toMatchObject({ action: 'skip' });
  });

  it('a confirmation of the customer\'s own action needs no marketing consent', () => {
    expect(decideSend(facts({ kind: 'testimonial_confirmation', acceptsMarketing: false, consent: consent({ feedbackRequest: 'marketing' }) }))).toMatchObject({ action: 'send' });
  });

  it('the old consent.mode reads as the per-kind settings it meant', () => {
    expect(consent({ mode: 'all_customers' })).toMatchObject({ feedbackRequest: 'service', reviewInvitation: 'service', unreportedMarketing: 'send' });
    expect(consent({ mode: 'accepted_marketing' })).toMatchObject({ feedbackRequest: 'marketing', reviewInvitation: 'marketing', unreportedMarketing: 'skip' });
    expect(decideSend(facts({ acceptsMarketing: null, consent: consent({ mode: 'accepted_marketing' }) }))).toMatchObject({ action: 'skip', cause: 'consent' });
  });

  it('never swaps a channel the customer left for another', () => {
    expect(decideSend(facts({ suppressed: new Set(['email']) }))).toEqual({ action: 'skip', reason: 'the customer unsubscribed from email', cause: 'suppressed' });
    expect(decideSend(facts({ email: null, suppressed: new Set(['sms']) }))).toMatchObject({ action: 'skip', reason: expect.stringContaining('STOP') });
  });

  it('skips a customer who cannot be reached, saying so', () => {
    expect(decideSend(facts({ email: null, phone: null }))).toEqual({ action: 'skip', reason: 'no email address or phone number', cause: 'unreachable' });
  });
});
