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
});
