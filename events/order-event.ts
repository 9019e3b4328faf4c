import * as z from 'zod';

/**
 * The normalised order event every platform webhook becomes, published on `afterglow.orders`
 * and consumed by the orders function. Producer and consumer share this contract.
 * Versioned: a new incompatible shape is a new `version` literal in the union below.
 */

/** Lifecycle kinds, lowest precedence first; see {@link ORDER_KIND_PRECEDENCE}. */
export const ORDER_KINDS = [
  'placed',
  'paid',
  'fulfilled',
  'completed',
  'delivered',
  'partially_refunded',
  'refunded',
  'cancelled',
] as const;
export const OrderKindSchema = z.enum(ORDER_KINDS);
export type OrderKind = z.infer<typeof OrderKindSchema>;

/**
 * When an order's state could mean several kinds, the first match wins in this order
 * (DESIGN: cancelled > refunded > partially_refunded > delivered > completed > fulfilled >
 * paid > placed). Higher number = wins.
 */
export const ORDER_KIND_PRECEDENCE: Readonly<Record<OrderKind, number>> = Object.freeze(
  Object.fromEntries(ORDER_KINDS.map((kind, rank) => [kind, rank])) as Record<OrderKind, number>,
);

export const PLATFORMS = ['shopify', 'woocommerce', 'bigcommerce'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

/** Platform ids are kept as text with every digit (Shopify ids exceed 2^53). */
const IdSchema = z.string().min(1).max(200);
const DecimalSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount as text');
const InstantSchema = z.iso.datetime({ offset: true });

export const OrderItemSchema = z.object({
  id: IdSchema,
  productId: IdSchema.nullable(),
  variantId: IdSchema.nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int().nonnegative(),
  /** Units refunded, where the payload says which items were refunded (0 otherwise). */
  refundedQuantity: z.number().int().nonnegative(),
  unitPrice: DecimalSchema.nullable(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderCustomerSchema = z.object({
  /** Stable per-tenant customer key: `c:<platform id>`, else `e:<normalised email>`, else `o:<order id>`. */
  key: z.string().min(3),
  id: IdSchema.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  locale: z.string().nullable(),
  /** Email marketing consent as the platform reports it; null when the platform says nothing. */
  acceptsMarketing: z.boolean().nullable(),
  /**
   * SMS consent as the platform reports it, apart from email (Shopify's `sms_marketing_consent`);
   * null or absent when the platform says nothing. Optional: older events lack it.
   */
  smsConsent: z.boolean().nullish(),
});
export type OrderCustomer = z.infer<typeof OrderCustomerSchema>;

export const OrderEventV1Schema = z.object({
  schema: z.literal('afterglow.OrderEvent'),
  version: z.literal(1),
  /** Stable id of the platform event: `<platform>:<delivery id>`; the consumer's idempotency key. */
  eventId: z.string().min(1).max(300),
  tenantId: z.string().min(1),
  platform: PlatformSchema,
  /** The platform's topic (`orders/paid`, `order.updated`, `store/order/statusUpdated`), when it sent one. */
  topic: z.string().nullable(),
  kind: OrderKindSchema,
  /**
   * `full` when the payload describes the whole order (customer, items, totals); `partial` when it
   * describes one part (a Shopify fulfilment, a deletion), so the stored order keeps its details.
   */
  snapshot: z.enum(['full', 'partial']),
  /** Event time: when the platform says the order reached this state (orders by this, not by arrival). */
  occurredAt: InstantSchema,
  receivedAt: InstantSchema,
  order: z.object({
    id: IdSchema,
    number: z.string().nullable(),
    /** The platform's own status words, for people reading the event. */
    status: z.string().nullable(),
    currency: z.string().nullable(),
    total: DecimalSchema.nullable(),
    refundedTotal: DecimalSchema.nullable(),
    placedAt: InstantSchema.nullable(),
    cancelReason: z.string().nullable(),
    discountCodes: z.array(z.string()),
    landingSite: z.string().nullable(),
    /**
     * A one-way fingerprint of the shipping address (never the address itself): enough to tell two
     * orders went to the same door (self-referral checks). Optional: older events lack it.
     */
    shippingAddressKey: z.string().nullish(),
  }),
  customer: OrderCustomerSchema,
  items: z.array(OrderItemSchema),
  fulfilment: z.object({
    status: z.string().nullable(),
    fulfilledAt: InstantSchema.nullable(),
    deliveredAt: InstantSchema.nullable(),
  }),
});
export type OrderEventV1 = z.infer<typeof OrderEventV1Schema>;

export const OrderEventSchema = z.discriminatedUnion('version', [OrderEventV1Schema]);
export type OrderEvent = z.infer<typeof OrderEventSchema>;

/** Header carried on every Kafka message so consumers can route without parsing the value. */
export const ORDER_EVENT_CONTENT_TYPE = 'application/vnd.afterglow.order-event.v1+json';
