import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { METRIC, type Metrics } from '../metrics.ts';
import type { Logger } from '../logger.ts';
import type { ChatAlerts } from '../providers/slack.ts';
import type { Helpdesk, TicketRequest } from '../providers/zendesk.ts';
import type { RecoveryCaseRepository } from '../store/recovery-case-repository.ts';
import type { RecoverySettings } from '../tenants/settings.ts';
import type { CaseSignal, RecoveryCase } from './recovery-case.ts';
import type { Suggestion } from './categories.ts';
import type { HelpdeskUpdates } from './helpdesk-jobs.ts';
import { CATEGORY_WORDS, categoriesInWords, customerWordsOf, orderLabel, orderPhrase, reviewPlatformInWords, scoreInWords } from './signal-wording.ts';
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
  /** Where the team opens a case (`{PUBLIC_BASE_URL}/api/cases/{id}`); chat alerts link it. */
  readonly caseUrl?: (caseId: string) => string;
  /** MessagesSent / MessagesFailed: tickets and notes (`zendesk`), alerts (`slack`). */
  readonly metrics?: Metrics;
  /** A ticket opened late, for a case the team resolved meanwhile, is solved like any resolved case's. */
  readonly helpdeskUpdates?: Pick<HelpdeskUpdates, 'caseResolved'>;
}

/** One message to a helpdesk or chat, counted sent or failed by its provider. */
const counted = async <T>(deps: NotifyCaseDeps, provider: 'zendesk' | 'slack', send: () => Promise<T>): Promise<T> => {
  try {
    const result = await send();
    deps.metrics?.count(METRIC.messagesSent, { provider });
    return result;
  } catch (error) {
    deps.metrics?.count(METRIC.messagesFailed, { provider });
    throw error;
  }
};

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

/** What the signal says happened, in a line a person reads (the helpdesk's: it may quote the customer). */
export const originText = (signal: RecoverySignal): string => {
  const { origin } = signal;
  const quoted = (text: string | null) => (text?.trim() ? `: "${text.trim()}"` : ', without a comment');
  if (origin.kind === 'feedback') {
    const score = origin.score ? `${scoreInWords(origin.score)}, ` : '';
    return `Feedback (${score}${origin.sentiment})${quoted(origin.comment)}`;
  }
  if (origin.kind === 'order') return `Order event: ${origin.failure.replaceAll('_', ' ')}${origin.detail ? ` (${origin.detail})` : ''}`;
  const rating = origin.rating ? `${scoreInWords(origin.rating)}, ` : '';
  return `Review on ${reviewPlatformInWords(origin.platform)} (${rating}${origin.reviewId})${quoted(customerWordsOf(signal))}${origin.url ? ` ${origin.url}` : ''}`;
};

/** The order as the team and the customer call it, with the platform's id for searching. */
const orderText = (recoveryCase: RecoveryCase): string => {
  const label = orderLabel(recoveryCase.orderNumber, recoveryCase.orderId);
  if (label === null) return 'none named';
  return recoveryCase.orderNumber ? `${label} (platform id ${recoveryCase.orderId})` : label;
};

/** A subject line: the summary, then the order as the shop names it. */
const subjectOf = (recoveryCase: RecoveryCase): string => {
  const order = orderPhrase(recoveryCase.orderNumber, recoveryCase.orderId);
  return (order ? `${recoveryCase.summary} — ${order}` : recoveryCase.summary).slice(0, 300);
};

const SUGGESTION_WORDS: Readonly<Record<Suggestion, string>> = {
  apology: 'apologise',
  reship: 'reship',
  refund: 'refund',
  discount_code: 'offer a discount code',
  check_order: 'check what happened to the order',
  ask_why: 'ask what made them cancel',
};

/** "apologise first, then reship (damaged)"; an apology alone is not said twice. */
const remediesText = (recoveryCase: RecoveryCase): string => {
  const after = recoveryCase.remedies.filter((entry) => entry.remedy !== 'apology');
  if (after.length === 0) return 'apologise';
  return `apologise first, then ${after.map((entry) => `${SUGGESTION_WORDS[entry.remedy]} (${CATEGORY_WORDS[entry.category].toLowerCase()})`).join(', ')}`;
};

/** The ticket a case opens in the helpdesk. */
export const ticketRequestOf = (recoveryCase: RecoveryCase, signal: CaseSignal, settings: RecoverySettings): TicketRequest => ({
  externalId: recoveryCase.id,
  subject: subjectOf(recoveryCase),
  body: [
    `Customer: ${customerName(recoveryCase)}${recoveryCase.customer.email ? ` <${recoveryCase.customer.email}>` : ''}`,
    `Order: ${orderText(recoveryCase)}`,
    `Severity: ${recoveryCase.severity}, priority ${recoveryCase.priority}, due ${dueText(recoveryCase, settings)}`,
    `Problems: ${categoriesInWords(recoveryCase.categories)}`,
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

/**
 * The chat alert: a line of text (notifications, fallbacks) and a Block Kit section. A Slack
 * incoming webhook cannot delete what it posted, so an alert holds nothing that erasure would
 * have to reach: the case's severity, categories, order number, due time and links — never the
 * customer's name, contact or words (those stay in the helpdesk ticket and the case).
 */
export const alertOf = (recoveryCase: RecoveryCase, signal: CaseSignal, settings: RecoverySettings, caseUrl?: (caseId: string) => string) => {
  const order = orderPhrase(recoveryCase.orderNumber, recoveryCase.orderId);
  const what = `${categoriesInWords(recoveryCase.categories)}${order ? ` — ${order}` : ''}`;
  const headline =
    signal.effect === 'escalated'
      ? `${SEVERITY_EMOJI[recoveryCase.severity]} Recovery case escalated to ${recoveryCase.severity}: ${what}`
      : `${SEVERITY_EMOJI[recoveryCase.severity]} New ${recoveryCase.severity} recovery case: ${what}`;
  const links = [
    recoveryCase.ticketUrl ? `<${recoveryCase.ticketUrl}|Open the ticket>` : null,
    caseUrl ? `<${caseUrl(recoveryCase.id)}|Case ${recoveryCase.id}>` : `Case ${recoveryCase.id}`,
  ].filter(Boolean);
  const details = [
    `*Severity:* ${recoveryCase.severity}  *Priority:* ${recoveryCase.priority}  *Due:* ${dueText(recoveryCase, settings)}`,
    `*Raised by:* ${SOURCE_WORDS[signal.signal.origin.kind]}`,
    `*Suggested:* ${remediesText(recoveryCase)}`,
    links.join('  '),
  ].join('\n');
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: details } },
    ],
  };
};

const SOURCE_WORDS: Readonly<Record<RecoverySignal['origin']['kind'], string>> = {
  feedback: 'the customer\'s feedback',
  order: 'the order\'s events',
  review: 'a public review',
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
        const ticket = await counted(deps, 'zendesk', () => helpdesk.ensureTicket(ticketRequestOf(recoveryCase, signal, settings)));
        await deps.cases.recordTicket(recoveryCase.id, ticket.id, ticket.url);
        recoveryCase = { ...recoveryCase, ticketId: ticket.id, ticketUrl: ticket.url };
        deps.logger.info('recovery ticket opened', { caseId: recoveryCase.id, ticketId: ticket.id });
        if (recoveryCase.state === 'resolved') await deps.helpdeskUpdates?.caseResolved(recoveryCase);
      } else if (signal.effect !== 'opened') {
        const { ticketId } = recoveryCase;
        await counted(deps, 'zendesk', () => helpdesk.addNote(ticketId, noteOf(recoveryCase, signal)));
      }
      await deps.cases.markNotified(signal.tenantId, signal.signalId, 'helpdesk', 'done');
    }
  }
  if (signal.chat === 'pending') {
    const chat = deps.channels.chatFor(settings);
    if (chat) await counted(deps, 'slack', () => chat.post(alertOf(recoveryCase, signal, settings, deps.caseUrl)));
    await deps.cases.markNotified(signal.tenantId, signal.signalId, 'chat', chat ? 'done' : 'skipped');
  }
  return recoveryCase;
};
