import type { OrderEvent } from '../../events/order-event.ts';
import type { OrderFailure, RecoverySignal } from '../../events/recovery-signal.ts';
import type { Logger } from '../logger.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';

/**
 * Operational failures an order event shows, raised before the customer has to complain. Pure.
 *
 * - cancelled by the merchant: a cancelled order whose platform names a reason other than the
 *   customer's (Shopify `cancel_reason`: `inventory`, `fraud`, `declined`, `staff`, `other`). An
 *   order cancelled without a reason (WooCommerce, BigCommerce, a Shopify deletion) may well be
 *   the customer's own doing, so it raises nothing;
 * - refunded, in full or in part;
 * - delivery failed: the carrier status says so (Shopify shipment status `failure`; `not_delivered`);
 * - delivery late: the carrier status says `delayed`. OrderEvent carries no promised date, so
 *   lateness is only what the platform reports;
 * - partially fulfilled: Shopify's `partial` fulfilment status or `orders/partially_fulfilled`
 *   topic, BigCommerce's `Partially Shipped`.
 */

const DELIVERY_FAILED = new Set(['failure', 'not_delivered']);
const DELIVERY_LATE = new Set(['delayed']);
const PARTIAL = new Set(['partial', 'partially shipped', 'partially_fulfilled']);

const normalised = (text: string | null) => text?.trim().toLowerCase().replaceAll('-', '_') ?? null;

const failuresOf = (event: OrderEvent): { failure: OrderFailure; detail: string | null }[] => {
  const found: { failure: OrderFailure; detail: string | null }[] = [];
  const reason = normalised(event.order.cancelReason);
  if (event.kind === 'cancelled' && reason !== null && reason !== 'customer') {
    found.push({ failure: 'cancelled_by_merchant', detail: event.order.cancelReason });
  }
  if (event.kind === 'refunded' || event.kind === 'partially_refunded') {
    const amount = event.order.refundedTotal ? `${event.order.refundedTotal}${event.order.currency ? ` ${event.order.currency}` : ''}` : null;
    const detail = [event.kind === 'partially_refunded' ? 'partial refund' : 'full refund', amount].filter(Boolean).join(' of ');
    found.push({ failure: 'refunded', detail });
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

const SUMMARY: Readonly<Record<OrderFailure, (order: string, detail: string | null) => string>> = {
  cancelled_by_merchant: (order, detail) => `Order ${order} was cancelled by the shop${detail ? ` (${detail})` : ''}`,
  refunded: (order, detail) => `Order ${order} was refunded${detail ? ` (${detail})` : ''}`,
  delivery_failed: (order) => `Delivery of order ${order} failed`,
  delivery_late: (order) => `Delivery of order ${order} is delayed`,
  partially_fulfilled: (order) => `Order ${order} was only partly shipped`,
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
    version: 1,
    signalId: `order:${event.order.id}:${failure}`,
    tenantId: event.tenantId,
    orderId: event.order.id,
    customer: {
      key: event.customer.key,
      email: event.customer.email,
      phone: event.customer.phone,
      firstName: event.customer.firstName,
      lastName: event.customer.lastName,
    },
    origin: { kind: 'order', eventId: event.eventId, failure, detail },
    issues: [],
    summary: SUMMARY[failure](event.order.number ?? event.order.id, detail).slice(0, 300),
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
      const { messageId } = await deps.recoveryQueue.send(signal);
      deps.logger.info('proactive recovery signal raised', { tenantId: signal.tenantId, signalId: signal.signalId, messageId });
    }
    return signals;
  };
