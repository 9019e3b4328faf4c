import { describe, expect, it } from 'vitest';
import { alertOf, ticketRequestOf } from '../../lib/recovery/notify-case.ts';
import { remediesFor } from '../../lib/recovery/categories.ts';
import type { CaseSignal, RecoveryCase } from '../../lib/recovery/recovery-case.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';
import { recoverySignalFactory } from '../support/recovery-signals.ts';

/** Values that appear nowhere else: any of them in an alert is the customer leaking into chat. */
const CANARY = {
  firstName: 'Ottoline',
  lastName: 'Vexworth',
  email: 'ottoline.vexworth@example.net',
  phone: '+447700900461',
  title: 'Quibblefrost teapot',
  text: 'the spout snapped and my solicitor Marchbanks is writing',
  url: 'https://reviews.example/ottoline-vexworth',
  urgent: 'solicitor Marchbanks',
};

/**
 * Slack incoming webhooks cannot delete what they posted, so a chat alert must never need erasing:
 * the case link, severity and categories, never the customer's name, contact or words — for every
 * kind of signal and alert (a new case, an escalation), whatever the signal carried.
 */
describe('chat alerts hold no personal data', () => {
  const settings = TenantSettingsSchema.parse({}).recovery;
  const recoveryCase: RecoveryCase = {
    id: 'rc_canary',
    tenantId: 'acme',
    customerKey: `e:${CANARY.email}`,
    orderId: '7003',
    orderNumber: '#1043',
    customer: { key: `e:${CANARY.email}`, email: CANARY.email, phone: CANARY.phone, firstName: CANARY.firstName, lastName: CANARY.lastName },
    state: 'open',
    severity: 'urgent',
    priority: 70,
    categories: ['damaged', 'legal_threat'],
    remedies: remediesFor(['damaged', 'legal_threat']),
    summary: '1-star Trustpilot review: damaged, legal threat',
    slaDueAt: new Date('2026-11-20T12:00:00Z'),
    signalCount: 2,
    openedAt: new Date('2026-11-20T10:00:00Z'),
    updatedAt: new Date('2026-11-20T10:05:00Z'),
    acknowledgedAt: null,
    resolvedAt: null,
    outcome: null,
    ticketId: '1043',
    ticketUrl: 'https://acme.zendesk.com/agent/tickets/1043',
  };
  const signalOf = (effect: CaseSignal['effect']): CaseSignal => ({
    tenantId: 'acme',
    signalId: `review:trustpilot:canary-${effect}`,
    caseId: recoveryCase.id,
    signal: recoverySignalFactory({
      customer: recoveryCase.customer,
      origin: { kind: 'review', platform: 'trustpilot', reviewId: 'tp-canary', rating: { value: 1, scale: 'stars' }, title: CANARY.title, text: CANARY.text, url: CANARY.url },
      issues: ['damaged', 'legal_threat'],
    }),
    triage: {
      severity: 'urgent',
      priority: 70,
      factors: { severity: 60, impact: 6, value: 2, loyalty: 0, history: 0, recency: 2 },
      categories: ['damaged', 'legal_threat'],
      remedies: remediesFor(['damaged', 'legal_threat']),
      urgentTerms: [CANARY.urgent],
      slaDueAt: recoveryCase.slaDueAt,
    },
    effect,
    messageId: null,
    helpdesk: 'pending',
    chat: 'pending',
    receivedAt: recoveryCase.updatedAt,
  });

  it.each(['opened', 'escalated'] as const)('a review that %s a case: link, severity and categories only', (effect) => {
    // Act
    const alert = alertOf(recoveryCase, signalOf(effect), settings, (caseId) => `https://afterglow.example/api/cases/${caseId}`);
    // Assess
    const posted = JSON.stringify(alert);
    for (const value of Object.values(CANARY)) expect(posted, value).not.toContain(value);
    for (const part of ['Ottoline', 'Vexworth', '7700900461', 'Quibblefrost', 'Marchbanks', 'spout']) expect(posted, part).not.toContain(part);
    expect(posted).toContain('https://afterglow.example/api/cases/rc_canary|Case rc_canary');
    expect(posted).toContain('*Severity:* urgent');
    expect(alert.text).toMatch(effect === 'opened' ? /^:rotating_light: New urgent recovery case: / : /^:rotating_light: Recovery case escalated to urgent: /);
    expect(alert.text).toContain('order #1043');
  });

  it('the words and the contact go to the helpdesk ticket, which the merchant can erase', () => {
    // Act
    const ticket = ticketRequestOf(recoveryCase, signalOf('opened'), settings);
    // Assess
    expect(ticket.body).toContain(CANARY.email);
    expect(ticket.body).toContain(CANARY.text);
    expect(ticket.requester).toEqual({ name: `${CANARY.firstName} ${CANARY.lastName}`, email: CANARY.email });
  });
});
