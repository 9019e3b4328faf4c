import { describe, expect, it } from 'vitest';
import { brandNotices, commercialEmailProblem } from '../../lib/brand/brand.ts';
import { contrastRatio, nearestPassingShade, relativeLuminance } from '../../lib/brand/contrast.ts';
import { fillCopy } from '../../lib/brand/copy-template.ts';
import { renderAsk, type AskRenderInput } from '../../lib/journey/render-ask.ts';
import { displayFrom } from '../../lib/providers/outbound-message.ts';
import { applySettingChanges, parseSettingAssignment } from '../../lib/tenants/apply-setting-changes.ts';
import { copyOverrideOf, TenantSettingsSchema } from '../../lib/tenants/settings.ts';

const DEFAULTS = TenantSettingsSchema.parse({ shopName: 'Acme' });
const set = (...assignments: string[]) => applySettingChanges(DEFAULTS, assignments.map(parseSettingAssignment));

describe('WCAG contrast', () => {
  it('relative luminance and contrast ratios as WCAG 2 defines them', () => {
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#1d4ed8', '#ffffff')).toBeCloseTo(6.7, 1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2); // the lightest grey that passes AA on white
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('the nearest passing shade keeps the hue and just reaches 4.5:1', () => {
    const shade = nearestPassingShade('#ffcc00');
    expect(contrastRatio(shade, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(shade, '#ffffff')).toBeLessThan(4.7);
  });
});

describe('brand settings', () => {
  it('are validated as a whole and normalised', () => {
    // Act
    const settings = set(
      'brand.logo={"url":"https://cdn.acme.example/logo.png","alt":"Acme"}',
      'brand.accentColor=#0F766E',
      'brand.senderName=Acme Outfitters',
      'brand.replyTo=help@acme.example',
      'brand.postalAddress=12 Harbour Street, Bristol BS1 4QA',
      'brand.contact=https://acme.example/contact',
      'brand.privacyPolicyUrl=https://acme.example/privacy',
    );
    // Assess
    expect(settings.brand).toEqual({
      logo: { url: 'https://cdn.acme.example/logo.png', alt: 'Acme' },
      accentColor: '#0f766e',
      senderName: 'Acme Outfitters',
      replyTo: 'help@acme.example',
      postalAddress: '12 Harbour Street, Bristol BS1 4QA',
      contact: 'https://acme.example/contact',
      privacyPolicyUrl: 'https://acme.example/privacy',
    });
  });

  it('an accent too light for white text is refused, naming the shade that would pass', () => {
    expect(() => set('brand.accentColor=#ffcc00')).toThrow(/brand\.accentColor: #ffcc00 against white is 1\.51:1, below WCAG AA's 4\.5:1 .* nearest shade that passes is #[0-9a-f]{6}/);
    expect(() => set('brand.accentColor=teal')).toThrow(/#RRGGBB/);
  });

  it('a logo over plain http, without alt text, and a contact that is neither https nor an email are refused', () => {
    expect(() => set('brand.logo={"url":"http://cdn.acme.example/logo.png","alt":"Acme"}')).toThrow(/brand\.logo\.url: an https:\/\/ URL/);
    expect(() => set('brand.logo={"url":"https://cdn.acme.example/logo.png","alt":" "}')).toThrow(/brand\.logo\.alt/);
    expect(() => set('brand.contact=ftp://acme.example')).toThrow(/brand\.contact: an https:\/\/ URL or an email address/);
  });

  it('the sender name is quoted into the From header (RFC 5322), never breaking out of it', () => {
    expect(displayFrom('Acme Outfitters', 'feedback@acme.example')).toBe('"Acme Outfitters" <feedback@acme.example>');
    expect(displayFrom('Acme "The Best" \\ Co', 'feedback@acme.example')).toBe('"Acme \\"The Best\\" \\\\ Co" <feedback@acme.example>');
    expect(displayFrom(null, 'feedback@acme.example')).toBe('feedback@acme.example');
    expect(displayFrom('Acme', 'Shop <feedback@acme.example>')).toBe('Shop <feedback@acme.example>');
    expect(() => set('brand.senderName=Acme\r\nBcc: x@evil.example')).toThrow(/brand\.senderName: one line/);
  });

  it('marketing email waits for the postal address (CAN-SPAM); service messages do not; tenant show says why', () => {
    // Prepare
    const marketingReviews = set('consent.reviewInvitation=marketing');
    // Assess
    expect(commercialEmailProblem('referral_invitation', DEFAULTS)).toMatch(/postal address .*CAN-SPAM.*brand\.postalAddress/);
    expect(commercialEmailProblem('testimonial_request', DEFAULTS)).not.toBeNull();
    expect(commercialEmailProblem('review_invitation', DEFAULTS)).toBeNull();
    expect(commercialEmailProblem('review_invitation', marketingReviews)).not.toBeNull();
    expect(commercialEmailProblem('feedback_request', DEFAULTS)).toBeNull();
    expect(commercialEmailProblem('testimonial_confirmation', DEFAULTS)).toBeNull();
    expect(commercialEmailProblem('referral_invitation', set('brand.postalAddress=12 Harbour Street, Bristol'))).toBeNull();
    expect(brandNotices(marketingReviews)[0]).toMatch(/brand\.postalAddress is not set: marketing emails \(review invitations .*referral invitations, testimonial requests\) are not sent .*CAN-SPAM/);
  });
});

describe('copy the merchant owns', () => {
  it('is set per kind and language, and refused with unknown placeholders, links or unclosed braces', () => {
    // Act
    const settings = set('copy.feedback_request.fr.subject=Votre avis sur {{orderName}}, {{firstName}} ?');
    // Assess
    expect(copyOverrideOf(settings, 'feedback_request', 'fr')).toEqual({ subject: 'Votre avis sur {{orderName}}, {{firstName}} ?' });
    expect(copyOverrideOf(settings, 'feedback_request', 'en')).toEqual({});
    expect(() => set('copy.feedback_request.en.subject=Hi {{first_name}}')).toThrow(/unknown placeholder \{\{first_name\}\} \(known here: \{\{firstName\}\}, \{\{shopName\}\}/);
    expect(() => set('copy.feedback_request.en.cta=Go to https://evil.example')).toThrow(/may not contain a link/);
    expect(() => set('copy.review_invitation.en.opening=Hello {{firstName')).toThrow(/unclosed/);
    expect(() => set('copy.feedback_request.en.subject={{friendReward}} inside')).toThrow(/unknown placeholder \{\{friendReward\}\}/);
    expect(() => set('copy.referral_invitation.en.subject={{friendReward}} for your friends')).not.toThrow();
    expect(() => set('copy.feedback_request.xx.subject=Hi')).toThrow(/Unrecognized key/);
    expect(() => set('copy.no_such_kind.en.subject=Hi')).toThrow(/Unrecognized key/);
  });

  it('fills placeholders, and leaves out one without a value with the space before it', () => {
    expect(fillCopy('Hi {{firstName}}, how was {{orderName}}?', { firstName: 'Ada', orderName: '#1042' })).toBe('Hi Ada, how was #1042?');
    expect(fillCopy('Hi {{firstName}}, how was {{orderName}}?', { firstName: null, orderName: null })).toBe('Hi, how was?');
    expect(fillCopy('{{firstName}}, your order from {{shopName}}', { firstName: null, shopName: 'Acme' })).toBe('Your order from Acme');
    expect(fillCopy('Bonjour {{firstName}} !', { firstName: null })).toBe('Bonjour !');
    // A value is never read as a placeholder itself
    expect(fillCopy('Hi {{firstName}}', { firstName: '{{shopName}}', shopName: 'Acme' })).toBe('Hi {{shopName}}');
  });

  it('is rendered escaped in HTML, and every required link stays', () => {
    // Prepare
    const input: AskRenderInput = {
      language: 'en',
      shopName: 'Acme',
      firstName: '<img src=x onerror=alert(1)>',
      orderNumber: '#1042',
      itemTitles: ['Apron'],
      scale: 'nps',
      pageUrl: 'https://ag.example.com/f/h',
      unsubscribeUrl: 'https://ag.example.com/u/h',
      copy: { subject: 'How was {{orderName}}?', opening: 'Hi {{firstName}}, thank you for shopping with {{shopName}}.', cta: 'Say more' },
    };
    // Act
    const { email } = renderAsk('feedback_request', input);
    // Assess
    expect(email.subject).toBe('How was #1042?');
    expect(email.html).toContain('Hi &lt;img src=x onerror=alert(1)&gt;, thank you for shopping with Acme.');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('>Say more</a>');
    expect(email.text).toContain('Say more: https://ag.example.com/f/h');
    expect(email.text).toContain('10: https://ag.example.com/f/h?score=10');
    expect(email.text).toContain('Unsubscribe: https://ag.example.com/u/h');
  });
});
