import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../lib/errors.ts';
import { applySettingChanges, parseSettingAssignment } from '../../lib/tenants/apply-setting-changes.ts';
import { maskSecretSettings } from '../../lib/tenants/mask-settings.ts';
import { journeyTriggerOf, TenantSettingsSchema } from '../../lib/tenants/settings.ts';

const defaults = TenantSettingsSchema.parse({});

describe('tenant settings', () => {
  it('defaults: delivered for Shopify, completed elsewhere; 3 asks per 7 days, 8 per 30, 48 hours apart; service messages to all, marketing only with consent', () => {
    expect(journeyTriggerOf(defaults, 'shopify')).toBe('delivered');
    expect(journeyTriggerOf(defaults, 'woocommerce')).toBe('completed');
    expect(journeyTriggerOf(defaults, 'bigcommerce')).toBe('completed');
    expect(defaults.contact).toMatchObject({ maxPer7Days: 3, maxPer30Days: 8, minGapHours: 48 });
    expect(defaults.consent).toMatchObject({ feedbackRequest: 'service', reviewInvitation: 'service', referralInvitation: 'marketing', testimonialRequest: 'marketing', unreportedMarketing: 'skip' });
    expect(defaults.feedback.linkTtlDays).toBe(60);
  });

  it.each([
    ['journey.feedbackDelayDays=0', { path: 'journey.feedbackDelayDays', value: 0 }],
    ['consent.mode=all_customers', { path: 'consent.mode', value: 'all_customers' }],
    ['contact.quietHours=null', { path: 'contact.quietHours', value: null }],
    ['shopName=Acme = Co', { path: 'shopName', value: 'Acme = Co' }],
    ['reviewLinks=[{"name":"Google","url":"https://g.page/r/x/review"}]', { path: 'reviewLinks', value: [{ name: 'Google', url: 'https://g.page/r/x/review' }] }],
  ])('parses %s', (assignment, expected) => {
    expect(parseSettingAssignment(assignment)).toEqual(expected);
  });

  it.each(['novalue', '=x', 'a..b=1', 'a b=1'])('refuses the assignment %j', (assignment) => {
    expect(() => parseSettingAssignment(assignment)).toThrow(InvalidRequestError);
  });

  it('applies nested changes and validates the whole', () => {
    const changed = applySettingChanges(defaults, [
      { path: 'journey.trigger', value: 'fulfilled' },
      { path: 'contact.timeZone', value: 'Europe/Paris' },
    ]);
    expect(changed.journey).toMatchObject({ trigger: 'fulfilled', feedbackDelayDays: 3 });
    expect(changed.contact.timeZone).toBe('Europe/Paris');
    expect(defaults.journey.trigger).toBeNull(); // the input is not mutated
  });

  it.each([
    [{ path: 'journey.feedbackDelayDays', value: -1 }, /journey\.feedbackDelayDays/],
    [{ path: 'journey.trigger', value: 'paid' }, /journey\.trigger/],
    [{ path: 'contact.timeZone', value: 'Mars/Olympus' }, /IANA time zone/],
    [{ path: 'consent.mode', value: 'whoever' }, /consent: .*mode/],
    [{ path: 'consent.reviewInvitation', value: 'sometimes' }, /consent\.reviewInvitation/],
    [{ path: 'consent.referralInvitation', value: 'service' }, /consent\.referralInvitation: referral asks are marketing/],
    [{ path: 'contact.minGapHours', value: -1 }, /contact\.minGapHours/],
    [{ path: 'reviewLinks', value: [{ name: 'Yelp' }] }, /reviewLinks\.0\.url/],
    [{ path: 'journey.typo', value: 1 }, /Unrecognized key/],
  ])('refuses %j, naming the setting', (change, message) => {
    expect(() => applySettingChanges(defaults, [change])).toThrow(message);
  });

  it('refuses a review invitation less than the minimum gap (and a day) after the feedback request, naming both settings', () => {
    // Prepare
    const withGoogle = applySettingChanges(defaults, [{ path: 'reviews.destinations', value: [{ type: 'google', placeId: 'ChIJN1t_tDeuEmsRUsoyG83frY4' }] }]);
    // Act + Assess: day 3 and day 4 are 24 hours apart, less than the 48-hour gap
    expect(() => applySettingChanges(withGoogle, [{ path: 'reviews.delayDays', value: 4 }])).toThrow(/reviews\.delayDays.*contact\.minGapHours.*journey\.feedbackDelayDays=3/);
    expect(() => applySettingChanges(withGoogle, [{ path: 'journey.feedbackDelayDays', value: 7 }])).toThrow(InvalidRequestError);
    expect(() => applySettingChanges(withGoogle, [{ path: 'contact.minGapHours', value: 120 }])).toThrow(/reviews\.delayDays/);
    // Two days apart holds the 48-hour gap; with a 12-hour gap, one day apart does (never the same day)
    expect(applySettingChanges(withGoogle, [{ path: 'reviews.delayDays', value: 5 }]).reviews.delayDays).toBe(5);
    expect(() => applySettingChanges(withGoogle, [{ path: 'contact.minGapHours', value: 12 }, { path: 'reviews.delayDays', value: 3 }])).toThrow(/reviews\.delayDays/);
    expect(applySettingChanges(withGoogle, [{ path: 'contact.minGapHours', value: 12 }, { path: 'reviews.delayDays', value: 4 }]).reviews.delayDays).toBe(4);
  });

  it('recovery defaults: no helpdesk or chat, 09:00–17:00 Monday to Friday in UTC, 3 signals a day per customer, 10-point drop', () => {
    expect(defaults.recovery).toMatchObject({
      zendesk: { baseUrl: null, email: null, apiToken: null },
      slack: { webhookUrl: null },
      businessHours: { timeZone: 'UTC', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '17:00' },
      slaHours: { urgent: 2, high: 8, normal: 24, low: 40 },
      perCustomerCap: { signals: 3, windowHours: 24 },
      satisfactionDropPoints: 10,
    });
    expect(defaults.reviewWebhooks).toMatchObject({ firstPartySecret: null, trustpilotUsername: null, negativeAtOrBelow: 2 });
  });

  it('Zendesk is set up whole or not at all', () => {
    expect(() => applySettingChanges(defaults, [{ path: 'recovery.zendesk.baseUrl', value: 'https://acme.zendesk.com' }])).toThrow(
      /recovery\.zendesk: set baseUrl, email and apiToken together/,
    );
    const set = applySettingChanges(defaults, [
      { path: 'recovery.zendesk.baseUrl', value: 'https://acme.zendesk.com' },
      { path: 'recovery.zendesk.email', value: 'agent@acme.example' },
      { path: 'recovery.zendesk.apiToken', value: 'abcdefgh12345' },
    ]);
    expect(set.recovery.zendesk.baseUrl).toBe('https://acme.zendesk.com');
  });

  it('secrets are masked wherever they sit: the whole settings, a section set as JSON, one value', () => {
    // Prepare
    const settings = applySettingChanges(defaults, [
      { path: 'recovery.slack.webhookUrl', value: 'https://hooks.slack.com/services/T1/B1/secretsecret' },
      { path: 'reviewWebhooks.firstPartySecret', value: 'first-party-secret-123' },
    ]);
    // Act
    const masked = maskSecretSettings(settings);
    const section = maskSecretSettings({ baseUrl: 'https://acme.zendesk.com', email: 'a@b.c', apiToken: 'zd-token-123456' }, 'recovery.zendesk');
    // Assess
    expect(masked.recovery.slack.webhookUrl).toBe('https://hooks.slack.com/****');
    expect(masked.reviewWebhooks.firstPartySecret).toBe('****-123');
    expect(section).toEqual({ baseUrl: 'https://acme.zendesk.com', email: 'a@b.c', apiToken: '****' });
    expect(maskSecretSettings('sms-token-987654', 'sms.authToken')).toBe('****');
  });
});
