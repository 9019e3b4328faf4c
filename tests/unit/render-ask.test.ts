import { describe, expect, it } from 'vitest';
import { NoTemplateError, renderAsk, type AskRenderInput } from '../../lib/journey/render-ask.ts';

const input = (changes: Partial<AskRenderInput> = {}): AskRenderInput => ({
  language: 'en',
  shopName: 'Acme <Shop>',
  firstName: 'Ada',
  orderNumber: '#1002',
  itemTitles: ['Blue mug'],
  scale: 'nps',
  pageUrl: 'https://ag.example.com/f/token',
  unsubscribeUrl: 'https://ag.example.com/u/token',
  ...changes,
});

describe('renderAsk', () => {
  it('a feedback request: a link per score, the page, the unsubscribe link; names escaped in HTML', () => {
    const { email, sms } = renderAsk('feedback_request', input());
    expect(email.subject).toBe('How was your order from Acme <Shop>?');
    expect(email.html).toContain('Acme &lt;Shop&gt;');
    expect(email.html).not.toContain('Acme <Shop>');
    for (const score of [0, 5, 10]) expect(email.text).toContain(`${score}: https://ag.example.com/f/token?score=${score}`);
    expect(email.text).toContain('Unsubscribe: https://ag.example.com/u/token');
    expect(sms.text).toMatch(/Reply STOP to opt out\.$/);
  });

  it('the recovery follow-up asks whether it was put right, on the same scale', () => {
    const { email } = renderAsk('recovery_follow_up', input({ scale: 'csat' }));
    expect(email.subject).toBe('Did Acme <Shop> put it right?');
    expect(email.text).toContain('Recently you told us something went wrong with your order #1002.');
    expect(email.text).toContain('5: https://ag.example.com/f/token?score=5');
    expect(email.text).not.toContain('0: https://');
  });

  it('in French for a French customer', () => {
    expect(renderAsk('recovery_follow_up', input({ language: 'fr' })).email.subject).toBe('Acme <Shop> a-t-il réglé le problème ?');
    expect(renderAsk('feedback_request', input({ language: 'fr' })).email.text).toContain('Se désabonner');
  });

  it('a review invitation needs a destination; a referral invitation needs a code', () => {
    expect(() => renderAsk('review_invitation', input({ reviewLinks: [] }))).toThrow(NoTemplateError);
    expect(() => renderAsk('referral_invitation', input())).toThrow(NoTemplateError);
  });

  it('no doubled full stops where the shop\'s or the customer\'s words already end one', () => {
    // Prepare: a shop name, an item title, rewards and an incentive that end in a full stop
    const stops = input({ shopName: 'Acme Inc.', itemTitles: ['Blue mug.'], reviewLinks: [{ name: 'acme.example', url: 'https://ag.example.com/go/x', incentive: '10% off.' }] });
    // Act
    const rendered = [
      renderAsk('feedback_request', stops),
      renderAsk('review_invitation', stops),
      renderAsk('review_reminder', stops),
      renderAsk('referral_invitation', { ...stops, referral: { url: 'https://ag.example.com/r/ADA-XXXXXX', code: 'ADA-XXXXXX', friendReward: '15% off.', advocateReward: '€10 store credit.' } }),
    ];
    // Assess
    for (const { email, sms } of rendered) {
      expect(`${email.text}\n${sms.text}`).not.toMatch(/\.\.(?!\.)/);
      expect(email.text).toContain('You are receiving this because you ordered from Acme Inc.\n');
    }
    expect(rendered[0]?.email.text).toContain('You ordered: Blue mug.');
    expect(rendered[1]?.email.text).toContain('we offer 10% off, whatever you write.');
  });

  it('a friend\'s reward that names its order is not followed by "on their first order" again', () => {
    const referral = (friendReward: string, language: 'en' | 'fr' = 'en') =>
      renderAsk('referral_invitation', input({ language, referral: { url: 'https://ag.example.com/r/ADA-XXXXXX', code: 'ADA-XXXXXX', friendReward, advocateReward: '€10' } })).email.text;
    expect(referral('15% off your first order')).toContain('they get 15% off your first order, and you get €10');
    expect(referral('15% off')).toContain('they get 15% off on their first order, and you get €10');
    expect(referral('15 % sur la première commande', 'fr')).not.toMatch(/première commande.*première commande/);
  });

  it('the review reminder says each thing once, and says it is a reminder on SMS too', () => {
    const reminder = renderAsk('review_reminder', input({ reviewLinks: [{ name: 'Google', url: 'https://ag.example.com/go/g', incentive: null }] }));
    const invitation = renderAsk('review_invitation', input({ reviewLinks: [{ name: 'Google', url: 'https://ag.example.com/go/g', incentive: null }] }));
    const sentences = reminder.email.text.split(/(?<=[.!?])\s+/).map((line) => line.toLowerCase());
    expect(sentences.filter((line) => line.includes('help other shoppers'))).toHaveLength(1);
    expect(reminder.email.text).toContain('This is our only reminder.');
    expect(reminder.sms.text).not.toBe(invitation.sms.text);
    expect(reminder.sms.text).toMatch(/reminder/);
  });
});
