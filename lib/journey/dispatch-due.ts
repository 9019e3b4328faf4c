import { randomBytes } from 'node:crypto';
import { ProviderError, type ProviderAttempt } from '../providers/call-provider.ts';
import type { MessageSender } from '../providers/message-sender.ts';
import type { OutboundMessage } from '../providers/outbound-message.ts';
import { brandOf, commercialEmailProblem } from '../brand/brand.ts';
import { chooseLanguage } from '../i18n/locale.ts';
import { copyOverrideOf } from '../tenants/settings.ts';
import type { LinkUrls } from '../links/link-urls.ts';
import type { Logger } from '../logger.ts';
import type { OrderRepository, StoredOrder } from '../store/order-repository.ts';
import type { Outreach, OutreachRepository } from '../store/outreach-repository.ts';
import type { SuppressionRepository } from '../store/suppression-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { AskContext, AskRules } from './ask-kind-rules.ts';
import { isTransactional } from './ask-kinds.ts';
import { contactsThatCount, feedbackFirst, mergedFeedback } from './competing-asks.ts';
import { earliestSlot } from './contact-budget.ts';
import { afterQuietHours } from './quiet-hours.ts';
import { NoTemplateError, renderAsk } from './render-ask.ts';
import { decideSend } from './send-eligibility.ts';

/**
 * The dispatch run (every minute on Lambda, in `npm start`, or once with `afterglow dispatch`):
 * takes the asks that are due, re-checks each on the facts of now, and sends, postpones,
 * withdraws or skips it, recording why. Several runs at once, in any processes, send each ask once.
 */
export interface DispatchDeps {
  readonly outreach: OutreachRepository;
  readonly orders: Pick<OrderRepository, 'find' | 'wasCalledOff'>;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly suppressions: Pick<SuppressionRepository, 'suppressedChannels'>;
  readonly sender: MessageSender;
  readonly links: LinkUrls;
  readonly logger: Logger;
  /** What each kind of ask adds (advocacy: review links, Trustpilot, reminders, referral codes). */
  readonly rules?: AskRules;
  readonly leaseToken?: () => string;
}

export interface DispatchSummary {
  sent: number;
  postponed: number;
  /** Sends that failed this run: retried later (with backoff) or, after the last try, given up. */
  failed: number;
  withdrawn: number;
  skipped: number;
}

/** After a failed send, try again after these delays; then give up and record it failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
const LEASE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
/** Sends in flight at once per run: enough to hide provider latency, few enough to be polite. */
export const PARALLEL_SENDS = 8;

type Outcome = keyof DispatchSummary;

const keptItemTitles = (order: StoredOrder): string[] =>
  order.items.filter((item) => item.quantity - item.refundedQuantity > 0).map((item) => item.title);

const buildMessage = async (context: AskContext, links: LinkUrls, rules: AskRules): Promise<OutboundMessage> => {
  const { ask, tenant, order, channel, address, now } = context;
  const settings = tenant.settings;
  const base = { tenantId: tenant.id, orderId: ask.orderId, customerKey: ask.customerKey, outreachId: ask.id, channel, address, subject: null };
  const unsubscribeUrl = await links.unsubscribe(base);
  const language = chooseLanguage([order.customer.locale], settings.feedback.locales);
  const rendered = renderAsk(ask.kind, {
    language,
    shopName: settings.shopName ?? tenant.id,
    brand: brandOf(settings, tenant.id),
    copy: copyOverrideOf(settings, ask.kind, language),
    firstName: order.customer.firstName,
    orderNumber: order.orderNumber,
    itemTitles: keptItemTitles(order),
    scale: settings.feedback.scale,
    // The page records which ask it answers (the stage) from the link itself.
    pageUrl: await links.feedbackPage({ ...base, subject: ask.kind, expiresAt: new Date(now.getTime() + settings.feedback.linkTtlDays * DAY_MS) }),
    unsubscribeUrl,
    ...(await rules[ask.kind]?.renderExtras?.(context)),
  });
  return channel === 'email'
    ? {
        channel,
        to: address,
        ...rendered.email,
        fromName: settings.brand.senderName,
        replyTo: settings.brand.replyTo,
        // RFC 8058 one-click unsubscribe: mailbox providers POST `List-Unsubscribe=One-Click` to it.
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        tag: ask.kind,
        reference: ask.id,
      }
    : { channel, to: address, text: rendered.sms.text, tag: ask.kind, reference: ask.id };
};

/**
 * The earliest moment the ask may go, and why it cannot go sooner: the feedback request about its
 * order first, then the budget (the caps and the minimum gap, against the contacts that count for
 * its rank), then quiet hours, until all three agree.
 */
const whenAllowed = (ask: Outreach, tenant: Tenant, now: Date, others: readonly Outreach[]): { at: Date; reasons: string[]; blockedBy: string | null } => {
  const settings = tenant.settings;
  const { contact } = settings;
  // A confirmation answers what the customer just did: now, budget and quiet hours aside.
  if (isTransactional(ask.kind)) return { at: now, reasons: [], blockedBy: null };
  const contacts = contactsThatCount(ask, others, settings, now);
  const reasons: string[] = [];
  let blockedBy: string | null = null;
  const because = (reason: string, by: string | null) => {
    if (!reasons.includes(reason)) reasons.push(reason);
    blockedBy ??= by;
  };
  let at = now;
  for (let round = 0; round < 20; round += 1) {
    let next = at;
    const first = feedbackFirst(ask, others, settings, next, now);
    if (first && first.at > next) {
      next = first.at;
      because(first.reason, first.blockedBy);
    }
    const slot = earliestSlot(next, contacts, contact);
    if (slot.at > next && slot.blockedBy) {
      next = slot.at;
      const { rule, contact: by } = slot.blockedBy;
      because(`${rule} (${by.kind ?? 'message'}${by.id ? ` ${by.id}` : ''} at ${by.at.toISOString()})`, by.id ?? null);
    }
    const quiet = afterQuietHours(next, contact.quietHours, contact.timeZone);
    if (quiet > next) because('quiet hours', null);
    if (quiet.getTime() === at.getTime()) break;
    at = quiet;
  }
  return { at, reasons, blockedBy };
};

const dispatchOne = async (ask: Outreach, deps: DispatchDeps, now: Date): Promise<Outcome> => {
  const lease = ask.leaseToken ?? '';
  const tenant = await deps.tenants.findById(ask.tenantId);
  const order = ask.orderId ? await deps.orders.find(ask.tenantId, ask.orderId) : null;
  if (!tenant || !order) {
    await deps.outreach.finish(ask.id, lease, 'failed', tenant ? `order ${ask.orderId ?? '(none)'} is not in the store` : 'the tenant no longer exists', undefined, { at: now });
    return 'failed';
  }
  const customer = order.customer;
  const decision = decideSend({
    kind: ask.kind,
    orderCancelledOrRefunded: await deps.orders.wasCalledOff(ask.tenantId, order.orderId),
    email: customer.email,
    phone: customer.phone,
    acceptsMarketing: customer.acceptsMarketing,
    smsConsent: customer.smsConsent ?? null,
    suppressed: await deps.suppressions.suppressedChannels(ask.tenantId, { email: customer.email, phone: customer.phone }),
    consent: tenant.settings.consent,
  });
  if (decision.action !== 'send') {
    const [state, cause] = decision.action === 'withdraw' ? (['withdrawn', null] as const) : (['skipped', decision.cause] as const);
    await deps.outreach.finish(ask.id, lease, state, decision.reason, undefined, { at: now, cause });
    return state;
  }
  // CAN-SPAM: a commercial email carries the sender's postal address; without one it waits for it.
  const commercial = decision.channel === 'email' ? commercialEmailProblem(ask.kind, tenant.settings) : null;
  if (commercial) {
    await deps.outreach.finish(ask.id, lease, 'skipped', commercial, undefined, { at: now, cause: 'postal_address' });
    return 'skipped';
  }
  const rules = deps.rules?.[ask.kind];
  const gated = await rules?.gate?.({ ask, tenant, order, now });
  if (gated) {
    if (typeof gated !== 'string' && 'withdraw' in gated) {
      await deps.outreach.finish(ask.id, lease, 'withdrawn', gated.withdraw, undefined, { at: now });
      return 'withdrawn';
    }
    const [reason, cause] = typeof gated === 'string' ? [gated, null] : [gated.skip, gated.cause];
    await deps.outreach.finish(ask.id, lease, 'skipped', reason, undefined, { at: now, cause });
    return 'skipped';
  }

  // Everything that depends on the customer's other asks is decided under their lock, on what the
  // store holds now: two runs at once (in any processes) see each other's approved sends.
  const lookBackDays = Math.max(31, tenant.settings.reviews.frequencyDays);
  const verdict = await deps.outreach.withCustomerLock(ask.tenantId, ask.customerKey, async (tx): Promise<Outcome | null> => {
    const others = (await deps.outreach.customerAsks(tx, ask.tenantId, ask.customerKey, now, lookBackDays)).filter((other) => other.id !== ask.id);
    const refused = mergedFeedback(ask, others, tenant.settings) ?? rules?.gateUnderLock?.({ ask, tenant, order, now }, others) ?? null;
    if (refused) {
      await deps.outreach.finish(ask.id, lease, 'skipped', refused.reason, tx, { at: now, blockedBy: refused.blockedBy, cause: refused.cause ?? null });
      return 'skipped';
    }
    const { at, reasons, blockedBy } = whenAllowed(ask, tenant, now, others);
    if (at > now) {
      await deps.outreach.postpone(tx, ask.id, lease, at, reasons.join('; then '), { at: now, blockedBy });
      return 'postponed';
    }
    await deps.outreach.approve(tx, ask.id, lease, decision.channel, decision.address);
    return null;
  });
  if (verdict) return verdict;

  const context: AskContext = { ask, tenant, order, now, channel: decision.channel, address: decision.address };
  const attemptsBy = new Map<string, ProviderAttempt[]>();
  const onAttempt = async (used: string, attempt: ProviderAttempt) => {
    attemptsBy.set(used, [...(attemptsBy.get(used) ?? []), attempt]);
  };
  let provider = deps.sender.providerFor(tenant.settings, decision.channel);
  const sendAttempt = ask.sendAttempts + 1;
  try {
    const elsewhere = (await rules?.deliverElsewhere?.(context, onAttempt)) ?? { ownMessage: true, provider: null };
    let sent = { provider: elsewhere.provider ?? provider, providerMessageId: null as string | null };
    if (elsewhere.ownMessage) {
      const message = await buildMessage(context, deps.links, deps.rules ?? {});
      sent = await deps.sender.send(
        tenant,
        message,
        (used, attempt) => {
          provider = used;
          return onAttempt(used, attempt);
        },
        now,
      );
    }
    const afterSent = rules?.afterSent;
    await deps.outreach.markSent(ask.id, lease, { ...sent, sentAt: now }, afterSent && ((tx) => afterSent(context, tx)));
    return 'sent';
  } catch (error) {
    if (error instanceof NoTemplateError) {
      await deps.outreach.finish(ask.id, lease, 'failed', error.message, undefined, { at: now });
      return 'failed';
    }
    if (!(error instanceof ProviderError)) throw error;
    const delay = RETRY_DELAYS_MS[sendAttempt - 1];
    if (error.retryable && delay !== undefined) {
      await deps.outreach.retryLater(ask.id, lease, new Date(now.getTime() + delay), error.message, now);
    } else {
      await deps.outreach.finish(ask.id, lease, 'failed', `${error.message} (after ${sendAttempt} ${sendAttempt === 1 ? 'try' : 'tries'})`, undefined, { at: now });
    }
    deps.logger.warn('send failed', { outreachId: ask.id, provider, retryable: error.retryable, reason: error.message });
    return 'failed';
  } finally {
    for (const [used, made] of attemptsBy) await deps.outreach.recordAttempts(ask.id, sendAttempt, used, made);
  }
};

export const dispatchDue = async (
  deps: DispatchDeps,
  options: { now: Date; batchSize?: number; maxBatches?: number },
): Promise<DispatchSummary> => {
  const summary: DispatchSummary = { sent: 0, postponed: 0, failed: 0, withdrawn: 0, skipped: 0 };
  const batchSize = options.batchSize ?? 50;
  const leaseToken = deps.leaseToken ?? (() => randomBytes(12).toString('base64url'));
  for (let batch = 0; batch < (options.maxBatches ?? 100); batch += 1) {
    const claimed = await deps.outreach.claimDue(options.now, batchSize, leaseToken(), LEASE_MS);
    const dispatchSafely = async (ask: Outreach): Promise<Outcome> => {
      try {
        return await dispatchOne(ask, deps, options.now);
      } catch (error) {
        // The store is unwell: the lease lapses and a later run takes the ask again.
        deps.logger.error('dispatch of one ask failed; it will be retried', { outreachId: ask.id, error });
        return 'failed';
      }
    };
    // Customers side by side, PARALLEL_SENDS at once; one customer's asks one after another in the
    // order they fell due, so that of two feedback requests due together the earlier one goes and
    // the later one is merged into it (side by side, whichever took the customer's lock first won).
    const byCustomer = new Map<string, Outreach[]>();
    for (const ask of claimed) {
      const key = `${ask.tenantId}\u0000${ask.customerKey}`;
      const asks = byCustomer.get(key);
      if (asks) asks.push(ask);
      else byCustomer.set(key, [ask]);
    }
    const customers = [...byCustomer.values()];
    let next = 0;
    const worker = async () => {
      for (let asks = customers[next++]; asks; asks = customers[next++]) {
        for (const ask of asks) summary[await dispatchSafely(ask)] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, customers.length) }, worker));
    if (claimed.length < batchSize) break;
  }
  return summary;
};
