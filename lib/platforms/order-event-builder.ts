import type { OrderEvent, OrderKind, Platform } from '../../events/order-event.ts';

/** What every platform knows about the delivery it is normalising. */
export interface DeliveryContext {
  readonly tenantId: string;
  readonly platform: Platform;
  readonly topic: string | null;
  readonly deliveryId: string;
  readonly receivedAt: Date;
  /**
   * The customer key of an order already stored, for payloads that describe only part of an order
   * (a fulfilment, a deletion) and so cannot name the customer the way the order did.
   */
  readonly storedCustomerKey: (orderId: string) => Promise<string | null>;
}

export type Normalised =
  | { readonly outcome: 'event'; readonly event: OrderEvent }
  | { readonly outcome: 'ignored'; readonly reason: string };

export const ignored = (reason: string): Normalised => ({ outcome: 'ignored', reason });

/**
 * The event id is the consumer's idempotency key: the same delivery retried gives the same id.
 * The topic is part of it because Shopify reuses one event id across the topics one change fires.
 */
export const eventIdOf = (context: DeliveryContext): string =>
  `${context.platform}:${context.topic ?? 'order'}:${context.deliveryId}`;

type EventBody = Omit<OrderEvent, 'schema' | 'version' | 'eventId' | 'tenantId' | 'platform' | 'topic' | 'receivedAt' | 'kind'>;

export const buildOrderEvent = (context: DeliveryContext, kind: OrderKind, body: EventBody): Normalised => ({
  outcome: 'event',
  event: {
    schema: 'afterglow.OrderEvent',
    version: 1,
    eventId: eventIdOf(context),
    tenantId: context.tenantId,
    platform: context.platform,
    topic: context.topic,
    kind,
    receivedAt: context.receivedAt.toISOString(),
    ...body,
  },
});

/** The order part of a payload that describes only part of an order: its id, and the status it reports. */
export const orderWithoutDetails = (id: string, status: string | null = null): OrderEvent['order'] => ({
  id,
  number: null,
  status,
  currency: null,
  total: null,
  refundedTotal: null,
  placedAt: null,
  cancelReason: null,
  discountCodes: [],
  landingSite: null,
});

/**
 * A payload that names only the order (a deletion): no customer or items to tell. The customer key
 * is the stored order's when known, so the event keeps to that customer's partition.
 */
export const orderOnlyEvent = (
  context: DeliveryContext,
  kind: OrderKind,
  order: { id: string; customerKey: string | null; occurredAt: string },
): Normalised =>
  buildOrderEvent(context, kind, {
    snapshot: 'partial',
    occurredAt: order.occurredAt,
    order: orderWithoutDetails(order.id),
    customer: {
      key: order.customerKey ?? `o:${order.id}`,
      id: null,
      email: null,
      phone: null,
      firstName: null,
      lastName: null,
      locale: null,
      acceptsMarketing: null,
    },
    items: [],
    fulfilment: { status: null, fulfilledAt: null, deliveredAt: null },
  });
