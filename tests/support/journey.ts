import type { OrderEvent, OrderItem } from '../../events/order-event.ts';
import { handler as orders } from '../../functions/orders.ts';
import { kafkaRecordFactory, orderEventFactory, selfManagedKafkaEvent } from './kafka-records.ts';

let offset = 1_000;

/** An order's lifecycle event, as the webhook function publishes it (event time given). */
export const lifecycleEvent = (
  orderId: string,
  kind: OrderEvent['kind'],
  occurredAt: string,
  changes: { customer?: Partial<OrderEvent['customer']>; items?: OrderItem[]; number?: string } = {},
): OrderEvent => {
  const base = orderEventFactory({ orderId, eventId: `shopify:${kind}:${orderId}:${occurredAt}`, kind, occurredAt });
  return {
    ...base,
    order: { ...base.order, number: changes.number ?? `#${orderId}` },
    customer: { ...base.customer, acceptsMarketing: true, firstName: 'Ada', lastName: 'Lovelace', ...changes.customer },
    ...(changes.items ? { items: changes.items } : {}),
  };
};

/** Delivers events to the orders function in one Kafka batch, as the event source mapping would. */
export const deliverToOrdersFunction = (events: readonly OrderEvent[]) =>
  orders(selfManagedKafkaEvent(events.map((event) => kafkaRecordFactory(event, { offset: (offset += 1) }))));
