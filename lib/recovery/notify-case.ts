import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { SCALE_RANGES } from '../../events/feedback-scale.ts';
import type { Logger } from '../logger.ts';
import type { ChatAlerts } from '../providers/slack.ts';
import type { Helpdesk, TicketRequest } from '../providers/zendesk.ts';
import type { RecoveryCaseRepository } from '../store/recovery-case-repository.ts';
import type { RecoverySettings } from '../tenants/settings.ts';
import type { CaseSignal, RecoveryCase } from './recovery-case.ts';
import type { Severity } from './triage.ts';

/** Where a tenant's cases go: its helpdesk and its chat channel, each only when configured. */
export interface RecoveryChannels {
  helpdeskFor(settings: RecoverySettings): Helpdesk | null;
  chatFor(settings: RecoverySettings): ChatAlerts | null;
}

/** No helpdesk, no chat: the embedded default, where cases are worked through the API. */
export const noRecoveryChannels: RecoveryChannels = { helpdeskFor: () => null, chatFor: () => null };

export interface NotifyCaseDeps {
  readonly channels: RecoveryChannels;
  readonly cases: Pick<RecoveryCaseRepository, 'markNotified' | 'recordTicket'>;
  readonly logger: Logger;
}

const customerName = (recoveryCase: RecoveryCase): string =>
  [recoveryCase.customer.firstName, recoveryCase.customer.lastName].filter(Boolean).join(' ') ||
  recoveryCase.customer.email ||
  recoveryCase.customerKey;

const dueText = (recoveryCase: RecoveryCase, settings: RecoverySettings): string =>
  `${new Intl.DateTimeFormat('en-GB', {
    timeZone: settings.businessHours.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(recoveryCase.slaDueAt)} (${settings.businessHours.timeZone})`;

/** What the signal says happened, in a line a person reads. */
export const originText = (signal: RecoverySignal): string => {
  const { origin } = signal;
  const quoted = (text: string | null) => (text ? ` "${text}"` : '');
  if (origin.kind === 'feedback') {
    const score = origin.score ? `${SCALE_RANGES[origin.score.scale].label} ${origin.score.value}, ` : '';
    return `Feedback (${score}${origin.sentiment}):${quoted(origin.comment)}`;
  }
  if (origin.kind === 'order') return `Order event: ${origin.failure.replaceAll('_', ' ')}${origin.detail ? ` (${origin.detail})` : ''}`;
  const rating = origin.rating ? `${origin.rating.value} star${origin.rating.value === 1 ? '' : 's'}, ` : '';
  return `Review on ${origin.platform} (${rating}${origin.reviewId}):${quoted([origin.title, origin.text].filter(Boolean).join(' — ') || null)}${
    origin.url ? ` ${origin.url}` : ''
  }`;
};

const remediesText = (recoveryCase: RecoveryCase): string =>
  `apologise first, then ${recoveryCase.remedies.map((entry) => `${entry.remedy.replace('_', ' ')} (${entry.category.replaceAll('_', ' ')})`).join(', ')}`;

/** The ticket a case opens in the helpdesk. */
export const ticketRequestOf = (recoveryCase: RecoveryCase, signal: CaseSignal, settings: RecoverySettings): TicketRequest => ({
  externalId: recoveryCase.id,
  subject: recoveryCase.summary,
  body: [
    `Customer: ${customerName(recoveryCase)}${recoveryCase.customer.email ? ` <${recoveryCase.customer.email}>` : ''}`,
    `Order: ${recoveryCase.orderId ?? 'none named'}`,
    `Severity: ${recoveryCase.severity}, priority ${recoveryCase.priority}, due ${dueText(recoveryCase, settings)}`,
    `Problems: ${recoveryCase.categories.map((category) => category.replaceAll('_', ' ')).join(', ')}`,
    `Suggested: ${remediesText(recoveryCase)}`,
    ...(signal.triage.urgentTerms.length > 0 ? [`Urgent because it mentions: ${signal.triage.urgentTerms.join(', ')}`] : []),
    '',
    originText(signal.signal),
    '',
    `afterglow case ${recoveryCase.id}`,
  ].join('\n'),
  priority: recoveryCase.severity,
  requester: recoveryCase.customer.email ? { name: customerName(recoveryCase), email: recoveryCase.customer.email } : null,
  tags: ['afterglow', 'recovery', `afterglow_${recoveryCase.severity}`, ...recoveryCase.categories],
});

const noteOf = (recoveryCase: RecoveryCase, signal: CaseSignal) => ({
  body: [
    signal.effect === 'escalated' ? `Escalated to ${recoveryCase.severity}: another signal joined this case.` : 'Another signal joined this case.',
    originText(signal.signal),
    `Priority ${recoveryCase.priority}; suggested: ${remediesText(recoveryCase)}`,
  ].join('\n'),
  priority: signal.effect === 'escalated' ? recoveryCase.severity : null,
});

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  urgent: ':rotating_light:',
  high: ':warning:',
  normal: ':speech_balloon:',
  low: ':information_source:',
};

/** The chat alert: a line of text (notifications, fallbacks) and a Block Kit section. */
export const alertOf = (recoveryCase: RecoveryCase, signal: CaseSignal, settings: RecoverySettings) => {
  const headline =
    signal.effect === 'escalated'
      ? `${SEVERITY_EMOJI[recoveryCase.severity]} Recovery case escalated to ${recoveryCase.severity}: ${recoveryCase.summary}`
      : `${SEVERITY_EMOJI[recoveryCase.severity]} New ${recoveryCase.severity} recovery case: ${recoveryCase.summary}`;
  const details = [
    `*Customer:* ${customerName(recoveryCase)}  *Order:* ${recoveryCase.orderId ?? '—'}`,
    `*Due:* ${dueText(recoveryCase, settings)}  *Priority:* ${recoveryCase.priority}`,
    `*Suggested:* ${remediesText(recoveryCase)}`,
    originText(signal.signal),
    recoveryCase.ticketUrl ? `<${recoveryCase.ticketUrl}|Open the ticket>` : `afterglow case ${recoveryCase.id}`,
  ].join('\n');
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: details } },
    ],
  };
};

/**
 * Sends what a recorded signal still owes: the case's ticket (found or opened, keyed by the case
 * id) or a note on it, and a chat alert. Each channel is marked done once it succeeded, so a
 * redelivery repeats only what failed; a tenant without the channel has it marked skipped.
 * Throws the provider's error when a channel fails (the message is retried).
 */
export const notifyCase = async (
  recorded: { readonly case: RecoveryCase; readonly signal: CaseSignal },
  settings: RecoverySettings,
  deps: NotifyCaseDeps,
): Promise<RecoveryCase> => {
  const { signal } = recorded;
  let recoveryCase = recorded.case;
  if (signal.helpdesk === 'pending') {
    const helpdesk = deps.channels.helpdeskFor(settings);
    if (!helpdesk) {
      await deps.cases.markNotified(signal.tenantId, signal.signalId, 'helpdesk', 'skipped');
    } else {
      if (!recoveryCase.ticketId) {
        const ticket = await helpdesk.ensureTicket(ticketRequestOf(recoveryCase, signal, settings));
        await deps.cases.recordTicket(recoveryCase.id, ticket.id, ticket.url);
        recoveryCase = { ...recoveryCase, ticketId: ticket.id, ticketUrl: ticket.url };
        deps.logger.info('recovery ticket opened', { caseId: recoveryCase.id, ticketId: ticket.id });
      } else if (signal.effect !== 'opened') {
        await helpdesk.addNote(recoveryCase.ticketId, noteOf(recoveryCase, signal));
      }
      await deps.cases.markNotified(signal.tenantId, signal.signalId, 'helpdesk', 'done');
    }
  }
  if (signal.chat === 'pending') {
    const chat = deps.channels.chatFor(settings);
    if (chat) await chat.post(alertOf(recoveryCase, signal, settings));
    await deps.cases.markNotified(signal.tenantId, signal.signalId, 'chat', chat ? 'done' : 'skipped');
  }
  return recoveryCase;
};
