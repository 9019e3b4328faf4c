import { randomUUID } from 'node:crypto';
import type { OrderEvent } from '../../events/order-event.ts';
import type { FeedbackReaction } from '../feedback/handle-feedback-events.ts';
import type { AskRules } from '../journey/ask-kind-rules.ts';
import { orderAskKey } from '../journey/schedule-journey-asks.ts';
import type { Logger } from '../logger.ts';
import type { OrderEventReaction } from '../orders/order-event-reaction.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { ReferralRepository } from '../store/referral-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { referralCodeCandidates } from './referral-attribution.ts';
import { referralRefusal } from './referral-checks.ts';
import { newReferralCode } from './referral-code.ts';

/**
 * Referrals, for happy customers only (happiness may target referrals; it never touches review
 * invitations). An advocate gets a code and a link; a friend's order carrying the code is
 * attributed, checked for fraud, held for the return window and then rewarded — or cancelled,
 * or clawed back, when it is refunded.
 */
export interface ReferralDeps {
  readonly referrals: ReferralRepository;
  readonly outreach: Pick<OutreachRepository, 'schedule'>;
  readonly orders: Pick<OrderRepository, 'find'>;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly logger: Logger;
  /** The clock of the function at work: the ask's history records when it was planned by it. */
  readonly clock: () => Date;
  readonly publicBaseUrl: string;
  readonly newId?: () => string;
  readonly newCode?: (firstName: string | null) => string;
}

const DAY_MS = 86_400_000;
const fullNameOf = (customer: { firstName: string | null; lastName: string | null }) =>
  [customer.firstName, customer.lastName].filter(Boolean).join(' ') || null;

export const referralUrl = (publicBaseUrl: string, code: string): string => `${publicBaseUrl}/r/${encodeURIComponent(code)}`;

/** The feedback function's advocacy step: a happy customer is given a code and invited to refer. */
export const inviteAdvocates =
  (deps: ReferralDeps): FeedbackReaction =>
  async (routed) => {
    for (const { event, routing } of routed) {
      if (!routing.referral || !event.orderId) continue;
      const tenant = await deps.tenants.findById(event.tenantId);
      if (!tenant?.settings.referrals.enabled) continue;
      const order = await deps.orders.find(event.tenantId, event.orderId);
      if (!order) continue;
      const code = await deps.referrals.codeFor(
        {
          tenantId: tenant.id,
          customerKey: order.customerKey,
          email: order.customer.email,
          fullName: fullNameOf(order.customer),
          addressKey: await deps.referrals.addressKeyOfOrder(tenant.id, order.orderId),
          feedbackId: event.feedbackId,
        },
        () => (deps.newCode ?? newReferralCode)(order.customer.firstName),
      );
      await deps.outreach.schedule({
        id: (deps.newId ?? (() => `out_${randomUUID()}`))(),
        tenantId: tenant.id,
        orderId: order.orderId,
        customerKey: order.customerKey,
        kind: 'referral_invitation',
        dedupeKey: orderAskKey(order.orderId, 'referral_invitation'),
        // As soon as the budget allows: the contact budget moves it around other asks.
        journeyAt: new Date(event.submittedAt),
        fixedTime: false,
        basis: 'happy feedback',
        payload: { code },
        plannedAt: deps.clock(),
      });
    }
  };

const attribute = async (deps: ReferralDeps, event: OrderEvent) => {
  // Most orders carry no code at all: decide that before asking the store anything.
  const candidates = referralCodeCandidates(event);
  if (candidates.length === 0 || (await deps.referrals.find(event.tenantId, event.order.id))) return;
  for (const candidate of candidates) {
    const code = await deps.referrals.findCode(candidate.code);
    if (!code || code.tenantId !== event.tenantId) continue;
    const tenant = await deps.tenants.findById(event.tenantId);
    if (!tenant) return;
    const friend = {
      customerKey: event.customer.key,
      email: event.customer.email,
      fullName: fullNameOf(event.customer),
      addressKey: event.order.shippingAddressKey ?? null,
    };
    const refusal = referralRefusal(
      code,
      { friend, total: event.order.total, earlierOrders: await deps.referrals.earlierOrders(tenant.id, friend, event.order.id, event.order.placedAt) },
      tenant.settings.referrals.minimumOrderValue,
    );
    const settledAt = await deps.referrals.settledOrderTime(tenant.id, event.order.id);
    await deps.referrals.attribute({
      tenantId: tenant.id,
      orderId: event.order.id,
      code: code.code,
      advocateKey: code.customerKey,
      friendKey: friend.customerKey,
      attributedVia: candidate.via,
      orderTotal: event.order.total,
      state: refusal ? 'refused' : 'held',
      reason: refusal,
      qualifiesAt: !refusal && settledAt ? new Date(settledAt.getTime() + tenant.settings.referrals.returnWindowDays * DAY_MS) : null,
    });
    deps.logger.info('referred order attributed', { tenantId: tenant.id, orderId: event.order.id, code: code.code, refused: refusal });
    return;
  }
};

/**
 * The orders function's referral step: attribute a referred order (discount code or landing `ref`),
 * start its holding period once it is fulfilled, delivered or completed, and cancel or claw back
 * the reward when it is refunded or cancelled.
 */
export const trackReferredOrders =
  (deps: ReferralDeps): OrderEventReaction =>
  async (events) => {
    const holds: { tenantId: string; orderId: string; at: Date }[] = [];
    for (const event of events) {
      if (event.snapshot === 'full') await attribute(deps, event);
      if (event.kind === 'refunded' || event.kind === 'cancelled') {
        const state = await deps.referrals.settleRefund(event.tenantId, event.order.id, new Date(event.occurredAt), `the referred order was ${event.kind}`);
        if (state) deps.logger.info('referral reward withdrawn', { tenantId: event.tenantId, orderId: event.order.id, state });
      } else if (event.kind === 'fulfilled' || event.kind === 'delivered' || event.kind === 'completed') {
        const tenant = await deps.tenants.findById(event.tenantId);
        const window = (tenant?.settings.referrals.returnWindowDays ?? 30) * DAY_MS;
        holds.push({ tenantId: event.tenantId, orderId: event.order.id, at: new Date(new Date(event.occurredAt).getTime() + window) });
      }
    }
    // One statement for the batch; it touches only orders that were referred.
    await deps.referrals.holdUntil(holds);
  };

/** In every dispatch run: rewards whose holding period passed without a refund are granted. */
export const grantReferralRewards = async (deps: Pick<ReferralDeps, 'referrals' | 'logger'>, now: Date): Promise<number> => {
  const granted = await deps.referrals.grantDue(now);
  for (const referral of granted) deps.logger.info('referral reward granted', { tenantId: referral.tenantId, orderId: referral.orderId, code: referral.code });
  return granted.length;
};

export const referralAskRules = (deps: Pick<ReferralDeps, 'publicBaseUrl'>): AskRules => ({
  referral_invitation: {
    async gate({ ask, tenant }) {
      const { referrals } = tenant.settings;
      if (!referrals.enabled) return 'referrals are switched off';
      return typeof ask.payload.code === 'string' ? null : 'no referral code';
    },
    async renderExtras({ ask, tenant }) {
      const { referrals } = tenant.settings;
      const code = String(ask.payload.code);
      return {
        referral: { code, url: referralUrl(deps.publicBaseUrl, code), friendReward: referrals.friendReward ?? '', advocateReward: referrals.advocateReward ?? '' },
      };
    },
  },
});
