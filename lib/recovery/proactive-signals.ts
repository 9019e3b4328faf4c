import type { OrderEvent } from '../../events/order-event.ts';
import type { OrderFailureV2, RecoverySignal } from '../../events/recovery-signal.ts';
import { withCorrelationOf } from '../correlation.ts';
import type { Logger } from '../logger.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';

/**
 * Operational failures an order event shows, raised before the customer has to complain. Pure.
 * Told apart by what happened, because the right answer differs (RecoverySignal v2):
 *
 * - cancelled: by the merchant where the platform names a shop's reason (Shopify `cancel_reason`
 *   `inventory`, `fraud`, `declined`, `staff`, `other` — only staff and apps give one — and
 *   BigCommerce's `Declined`, the seller's refusal); by the customer where it says so (Shopify
 *   `customer`); otherwise unknown (WooCommerce's `cancelled` and `trash`, BigCommerce's
 *   `Cancelled`, a Shopify deletion: the shop, the customer or an unpaid-order timeout), which is
 *   triaged as needing a check;
 * - refunded in full (the money is back already) or in part, with the amounts, so the tenant's
 *   triage can tell a small goodwill refund from a large one;
 * - delivery failed: the carrier status says so (Shopify shipment status `failure`; `not_delivered`);
 * - delivery late: the carrier status says `delayed`. OrderEvent carries no promised date, so
 *   lateness is only what the platform reports;
 * - partially fulfilled: Shopify's `partial` fulfilment status or `orders/partially_fulfilled`
 *   topic, BigCommerce's `Partially Shipped`.
 */

const DELIVERY_FAILED = new Set(['failure', 'not_delivered']);
const DELIVERY_LATE = new Set(['delayed']);
const PARTIAL = new Set(['partial', 'partially shipped', 'partially_fulfilled']);
/** Platform statuses that say the shop itself cancelled (BigCommerce: "Seller has marked the order as declined"). */
const MERCHANT_CANCEL_STATUSES = new Set(['declined']);

const normalised = (text: string | null) => text?.trim().toLowerCase().replaceAll('-', '_') ?? null;

/** Who cancelled, as far as the platform says. */
export const cancellationOf = (event: OrderEvent): Extract<OrderFailureV2, `cancelled_${string}`> => {
  const reason = normalised(event.order.cancelReason);
  if (reason === 'customer') return 'cancelled_by_customer';
  if (reason !== null && reason !== '') return 'cancelled_by_merchant';
  const status = normalised(event.order.status);
  if (event.platform === 'bigcommerce' && status !== null && MERCHANT_CANCEL_STATUSES.has(status)) return 'cancelled_by_merchant';
  return 'cancelled_unknown';
};

interface Failure {
  readonly failure: OrderFailureV2;
  readonly detail: string | null;
}

const failuresOf = (event: OrderEvent): Failure[] => {
  const found: Failure[] = [];
  if (event.kind === 'cancelled') found.push({ failure: cancellationOf(event), detail: event.order.cancelReason ?? event.order.status });
  if (event.kind === 'refunded' || event.kind === 'partially_refunded') {
    const amount = event.order.refundedTotal ? `${event.order.refundedTotal}${event.order.currency ? ` ${event.order.currency}` : ''}` : null;
    const full = event.kind === 'refunded';
    const detail = [full ? 'full refund' : 'partial refund', amount].filter(Boolean).join(' of ');
    found.push({ failure: full ? 'refunded_full' : 'refunded_partial', detail });
  }
  const shipment = normalised(event.fulfilment.status);
  if (shipment !== null && DELIVERY_FAILED.has(shipment)) found.push({ failure: 'delivery_failed', detail: event.fulfilment.status });
  if (shipment !== null && DELIVERY_LATE.has(shipment)) found.push({ failure: 'delivery_late', detail: event.fulfilment.status });
  const partial =
    event.topic === 'orders/partially_fulfilled' ||
    (shipment !== null && PARTIAL.has(shipment)) ||
    (event.platform === 'bigcommerce' && normalised(event.order.status) === 'partially shipped');
  if (partial && event.kind !== 'cancelled') found.push({ failure: 'partially_fulfilled', detail: event.fulfilment.status ?? event.order.status });
  return found;
};

/** One line a person reads first; the order is named by the case (`… — order #1042`), not here. */
const SUMMARY: Readonly<Record<OrderFailureV2, (detail: string | null) => string>> = {
  cancelled_by_merchant: (detail) => `Cancelled by the shop${detail ? ` (${detail})` : ''}`,
  cancelled_by_customer: () => 'Cancelled by the customer',
  cancelled_unknown: () => 'Cancelled; the platform does not say by whom',
  refunded_full: (detail) => `Refunded in full${detail?.includes(' of ') ? ` (${detail.split(' of ')[1]})` : ''}`,
  refunded_partial: (detail) => `Partly refunded${detail?.includes(' of ') ? ` (${detail.split(' of ')[1]})` : ''}`,
  delivery_failed: () => 'Delivery failed',
  delivery_late: () => 'Delivery is delayed',
  partially_fulfilled: () => 'Only partly shipped',
};

/**
 * The RecoverySignals an order event implies, none for most. The signal id is the order and the
 * failure (`order:<order id>:<failure>`), not the event: platforms repeat an order's state in every
 * later update (`orders/updated` after a cancellation is still cancelled), and one failure of one
 * order is one signal however many events show it.
 */
export const proactiveSignalsOf = (event: OrderEvent, now: Date): RecoverySignal[] =>
  failuresOf(event).map(({ failure, detail }) => ({
    schema: 'afterglow.RecoverySignal',
    version: 2,
    signalId: `order:${event.order.id}:${failure}`,
    tenantId: event.tenantId,
    orderId: event.order.id,
    orderNumber: event.order.number,
    customer: {
      key: event.customer.key,
      email: event.customer.email,
      phone: event.customer.phone,
      firstName: event.customer.firstName,
      lastName: event.customer.lastName,
    },
    origin: {
      kind: 'order',
      eventId: event.eventId,
      failure,
      detail,
      amounts: { currency: event.order.currency, orderTotal: event.order.total, refundedTotal: event.order.refundedTotal },
    },
    issues: [],
    summary: SUMMARY[failure](detail).slice(0, 300),
    occurredAt: event.occurredAt,
    raisedAt: now.toISOString(),
  }));

export interface RaiseProactiveRecoveryDeps {
  readonly recoveryQueue: Pick<RecoveryQueue, 'send'>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/**
 * The orders function's reaction to newly recorded events: every signal they imply goes on the
 * recovery queue. Rejects (UpstreamUnavailableError) when the queue does: the caller fails its
 * batch and the redelivery sends again, which the recovery function recognises by signal id.
 */
export const raiseProactiveRecovery =
  (deps: RaiseProactiveRecoveryDeps) =>
  async (events: readonly OrderEvent[]): Promise<RecoverySignal[]> => {
    const now = deps.clock();
    const signals = events.flatMap((event) => proactiveSignalsOf(event, now));
    for (const signal of signals) {
      // On the queue with the correlation id of the order event that showed the failure.
      await withCorrelationOf(signal.origin.kind === 'order' ? signal.origin.eventId : signal.signalId, async () => {
        const { messageId } = await deps.recoveryQueue.send(signal);
        deps.logger.info('proactive recovery signal raised', { tenantId: signal.tenantId, signalId: signal.signalId, messageId });
      });
    }
    return signals;
  };
