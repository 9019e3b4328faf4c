import { describe, expect, it } from 'vitest';
import { decideSend, type SendFacts } from '../../lib/journey/send-eligibility.ts';

const facts = (overrides: Partial<SendFacts> = {}): SendFacts => ({
  kind: 'feedback_request',
  orderCancelledOrRefunded: false,
  email: 'ada@example.com',
  phone: '+447700900123',
  acceptsMarketing: true,
  suppressed: new Set(),
  consentMode: 'accepted_marketing',
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

  it('honours the consent mode: only customers who accepted marketing, unless the tenant chose all', () => {
    expect(decideSend(facts({ acceptsMarketing: false }))).toMatchObject({ action: 'skip', reason: expect.stringContaining('accepted marketing') });
    expect(decideSend(facts({ acceptsMarketing: null }))).toMatchObject({ action: 'skip' });
    expect(decideSend(facts({ acceptsMarketing: false, consentMode: 'all_customers' }))).toMatchObject({ action: 'send' });
  });

  it('never swaps a channel the customer left for another', () => {
    expect(decideSend(facts({ suppressed: new Set(['email']) }))).toEqual({ action: 'skip', reason: 'the customer unsubscribed from email' });
    expect(decideSend(facts({ email: null, suppressed: new Set(['sms']) }))).toMatchObject({ action: 'skip', reason: expect.stringContaining('STOP') });
  });

  it('skips a customer who cannot be reached, saying so', () => {
    expect(decideSend(facts({ email: null, phone: null }))).toEqual({ action: 'skip', reason: 'no email address or phone number' });
  });
});
