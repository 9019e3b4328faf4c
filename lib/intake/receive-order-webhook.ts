import { ORDER_EVENT_CONTENT_TYPE, PLATFORMS, type OrderEvent, type Platform } from '../../events/order-event.ts';
import { withCorrelation } from '../correlation.ts';
import { InvalidPayloadError, UpstreamUnavailableError } from '../errors.ts';
import { firstHeader } from '../http/headers.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryLedger } from '../store/delivery-ledger.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { EventLog, TopicNames } from '../transport/event-log.ts';
import type { IntakeAdmission } from './intake-admission.ts';
import type { OrderWebhookPlatform, OrderWebhookRequest, PreparedDelivery } from './order-webhook-platforms.ts';

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookReply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OrderWebhookDelivery extends OrderWebhookRequest {
  /** From the route; anything, since an unknown platform is a 404 like an unknown tenant. */
  readonly platform: string;
  /** From the route; null on Shopify's app-level endpoint, where the shop domain names the tenant. */
  readonly tenantId: string | null;
}

export interface ReceiveOrderWebhookDeps {
  readonly tenants: Pick<TenantRepository, 'findById' | 'findByShopDomain'>;
  readonly orders: Pick<OrderRepository, 'customerKeyOf'>;
  readonly ledger: DeliveryLedger;
  readonly eventLog: EventLog;
  readonly topics: TopicNames;
  readonly platforms: Readonly<Record<Platform, OrderWebhookPlatform>>;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long a duplicate waits for the same delivery in flight elsewhere before answering 503. */
  readonly inFlightWaitMs?: number;
  /** Bounds the deliveries worked on at once; above capacity, those the platform will retry are shed (503). */
  readonly intakeAdmission?: IntakeAdmission;
}

const reply = (status: number, body: Record<string, unknown>, headers?: Record<string, string>): WebhookReply =>
  headers ? { status, body, headers } : { status, body };

const isPlatform = (name: string): name is Platform => (PLATFORMS as readonly string[]).includes(name);

/** The Kafka key keeps one customer's events in one partition, so they stay in order. */
export const orderEventKey = (event: OrderEvent): string => `${event.tenantId}/${event.customer.key}`;

const findTenant = async (delivery: OrderWebhookDelivery, deps: ReceiveOrderWebhookDeps): Promise<Tenant | null> => {
  if (delivery.tenantId !== null) return deps.tenants.findById(delivery.tenantId);
  const shopDomain = firstHeader(delivery.headers, 'x-shopify-shop-domain', 'shopify-shop-domain');
  return shopDomain ? deps.tenants.findByShopDomain(shopDomain) : null;
};

/**
 * A platform's order webhook, checked in DESIGN's order: unknown platform or tenant 404, body over
 * 1 MB 413, bad signature 401, unparseable 400, upstream failing 503, already processed 200,
 * accepted 202, ignored topic 200. The delivery is recorded only once its event is on the log.
 */
export const receiveOrderWebhook = async (
  delivery: OrderWebhookDelivery,
  deps: ReceiveOrderWebhookDeps,
): Promise<WebhookReply> => {
  if (!isPlatform(delivery.platform)) return reply(404, { error: `unknown platform ${delivery.platform}` });
  const tenant = await findTenant(delivery, deps);
  if (!tenant || tenant.platform !== delivery.platform) {
    return reply(404, { error: `no ${delivery.platform} tenant ${delivery.tenantId ?? 'for this shop domain'}` });
  }
  if (delivery.body.length > MAX_WEBHOOK_BODY_BYTES) {
    return reply(413, { error: `body over ${MAX_WEBHOOK_BODY_BYTES} bytes` });
  }
  const platform = deps.platforms[delivery.platform];
  if (platform.isPing(delivery)) return reply(200, { status: 'ping' });
  const receivedAt = deps.clock();
  const refusal = platform.verify(delivery, tenant, receivedAt);
  if (refusal) return reply(401, { error: refusal });

  let prepared;
  try {
    prepared = await platform.prepare(delivery, tenant);
  } catch (error) {
    if (error instanceof InvalidPayloadError) return reply(400, { error: error.message });
    throw error;
  }
  if (prepared.outcome === 'ignored') return reply(200, { status: 'ignored', reason: prepared.reason });
  if (prepared.outcome === 'refused') {
    deps.logger.warn('order webhook refused', { tenantId: tenant.id, platform: tenant.platform, status: prepared.status });
    return reply(prepared.status, { error: prepared.reason });
  }

  const release = deps.intakeAdmission ? await deps.intakeAdmission.admit({ mayShed: platform.retriesFailedDeliveries }) : () => undefined;
  if (!release) {
    deps.logger.warn('order webhook shed: over capacity, the platform will retry', { tenantId: tenant.id, platform: tenant.platform });
    return reply(503, { error: 'over capacity; retry later' }, { 'retry-after': '5' });
  }
  try {
    return await acceptDelivery(tenant, prepared, receivedAt, deps);
  } finally {
    release();
  }
};

/** Claims, normalises, publishes and records one verified delivery (its slot of the intake held). */
const acceptDelivery = (
  tenant: Tenant,
  prepared: Extract<PreparedDelivery, { outcome: 'deliver' }>,
  receivedAt: Date,
  deps: ReceiveOrderWebhookDeps,
): Promise<WebhookReply> =>
  // The delivery id is the correlation id of everything this delivery causes (the hash of the bytes when the platform names none).
  withCorrelation(prepared.deliveryId, async () => {
    const log = deps.logger.child({ tenantId: tenant.id, platform: tenant.platform, deliveryId: prepared.deliveryId });
    const deliveryKey = `${prepared.topic ?? '-'}:${prepared.deliveryId}`;
    const claim = await claimDelivery(tenant.id, deliveryKey, deps);
    if (claim.outcome === 'published') return reply(200, { status: 'duplicate' });
    if (claim.outcome === 'in_flight') {
      return reply(503, { error: 'the same delivery is being processed; retry later' }, { 'retry-after': '5' });
    }

    try {
      const normalised = await prepared.normalise({
        tenantId: tenant.id,
        platform: tenant.platform,
        topic: prepared.topic,
        deliveryId: prepared.deliveryId,
        receivedAt,
        storedCustomerKey: (orderId) => deps.orders.customerKeyOf(tenant.id, orderId),
      });
      if (normalised.outcome === 'ignored') {
        await deps.ledger.release(tenant.id, deliveryKey, claim.token);
        return reply(200, { status: 'ignored', reason: normalised.reason });
      }
      const { event } = normalised;
      await deps.eventLog.publish(deps.topics.orders, [
        {
          key: orderEventKey(event),
          value: JSON.stringify(event),
          headers: { 'content-type': ORDER_EVENT_CONTENT_TYPE, 'afterglow-event-id': event.eventId },
        },
      ]);
      await deps.ledger.markPublished(tenant.id, deliveryKey, claim.token, event.eventId, deps.clock());
      log.info('order event accepted', { eventId: event.eventId, kind: event.kind, orderId: event.order.id });
      return reply(202, { status: 'accepted', eventId: event.eventId, kind: event.kind });
    } catch (error) {
      await deps.ledger.release(tenant.id, deliveryKey, claim.token).catch(() => undefined);
      if (error instanceof InvalidPayloadError) return reply(400, { error: error.message });
      if (error instanceof UpstreamUnavailableError) {
        log.warn('upstream unavailable; the platform will retry', { error });
        return reply(503, { error: error.message }, { 'retry-after': '10' });
      }
      throw error;
    }
  });

/** Claims the delivery, waiting a little while the same delivery is in flight in another request. */
const claimDelivery = async (tenantId: string, deliveryKey: string, deps: ReceiveOrderWebhookDeps) => {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (deps.inFlightWaitMs ?? 3_000);
  for (let attempt = 0; ; attempt += 1) {
    const claim = await deps.ledger.claim(tenantId, deliveryKey, deps.clock());
    if (claim.outcome !== 'in_flight' || Date.now() >= deadline) return claim;
    await sleep(Math.min(50 * 2 ** attempt, 400));
  }
};
