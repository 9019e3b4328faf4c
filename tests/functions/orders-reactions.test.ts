import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import type { OrderEventReaction } from '../../lib/orders/order-event-reaction.ts';
import { recordOrderEvents } from '../../lib/orders/record-order-events.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { orderEventReactions } from '../../lib/runtime/reactions.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { useFunctionContext } from '../support/function-context.ts';

/**
 * The order reactions (journey, proactive recovery, referral tracking) run side by side after a
 * partition's records are stored. A failing reaction must still fail the batch — so Kafka delivers
 * it again — and only once the others have finished; the redelivery plans every ask once.
 * Against real PostgreSQL.
 */
describe('orders: the reactions of a batch', () => {
  let context: AppContext;
  useFunctionContext('orders_reactions', { onReady: (built) => void (context = built) });

  const messagesOf = (orderIds: string[]): KafkaMessage[] =>
    orderIds.map((orderId, offset) => ({
      topic: 'afterglow.orders',
      partition: 0,
      offset: String(offset),
      timestamp: 1_763_900_000_000,
      key: 'acme/c:1',
      value: Buffer.from(JSON.stringify(orderEventFactory({ orderId, eventId: `shopify:orders/fulfilled:${orderId}`, kind: 'fulfilled' })), 'utf8'),
      headers: {},
    }));
  const feedbackRequests = async (orderIds: string[]) =>
    context.db.query<{ order_id: string }>(
      `SELECT order_id FROM outreach WHERE tenant_id = 'acme' AND kind = 'feedback_request' AND order_id = ANY($1::text[]) ORDER BY order_id`,
      [orderIds],
    );

  it('a reaction that fails fails the batch after the others finished, and the redelivery plans each ask once', async () => {
    // Prepare: a reaction that fails at once on the first delivery, beside the real ones
    const orderIds = ['r-701', 'r-702', 'r-703'];
    const messages = messagesOf(orderIds);
    let deliveries = 0;
    let othersDone = 0;
    const real = orderEventReactions(context).map(
      (react): OrderEventReaction =>
        async (events) => {
          await react(events);
          othersDone += 1;
        },
    );
    const flaky: OrderEventReaction = async () => {
      deliveries += 1;
      if (deliveries === 1) throw new Error('referral store unavailable');
    };
    const handle = recordOrderEvents({ ...context, reactions: [flaky, ...real] });
    // Act
    const first = await handle(messages).then(
      () => null,
      (error: unknown) => error as Error,
    );
    const doneWhenItFailed = othersDone;
    const asksAfterFailure = await feedbackRequests(orderIds);
    const again = await handle(messages);
    // Assess: the failure reached the consumer (no offset commit), the others had finished by then
    expect(first?.message).toBe('referral store unavailable');
    expect(doneWhenItFailed).toBe(real.length);
    expect(asksAfterFailure.map((row) => row.order_id)).toEqual(orderIds);
    // The redelivery stores nothing twice and plans nothing twice
    expect(again).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect((await feedbackRequests(orderIds)).map((row) => row.order_id)).toEqual(orderIds);
  });

  it('every reaction sees the whole batch, each event in offset order', async () => {
    // Prepare
    const orderIds = ['r-801', 'r-802', 'r-803', 'r-804'];
    const seen: string[][] = [];
    const watch: OrderEventReaction = async (events) => void seen.push(events.map((event) => event.order.id));
    // Act
    const outcomes = await recordOrderEvents({ ...context, reactions: [watch, ...orderEventReactions(context), watch] })(messagesOf(orderIds));
    // Assess
    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    expect(seen).toEqual([orderIds, orderIds]);
    expect((await feedbackRequests(orderIds)).map((row) => row.order_id)).toEqual(orderIds);
  });
});
