import * as z from 'zod';
import { AmountSchema, OptionalPlatformIdSchema, PlatformIdSchema } from '../normalise-helpers.ts';

/** The parts of Shopify's Order resource afterglow reads (`orders/*` webhook bodies carry it). */
const ShopifyLineItemSchema = z.object({
  id: PlatformIdSchema,
  product_id: OptionalPlatformIdSchema,
  variant_id: OptionalPlatformIdSchema,
  sku: z.string().nullish(),
  title: z.string().nullish(),
  name: z.string().nullish(),
  quantity: z.number().int().nonnegative(),
  price: AmountSchema,
});

const ShopifyFulfillmentSchema = z.object({
  id: PlatformIdSchema,
  status: z.string().nullish(),
  shipment_status: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});

export const ShopifyOrderSchema = z.object({
  id: PlatformIdSchema,
  name: z.string().nullish(),
  order_number: z.union([z.number(), z.string()]).nullish(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  phone: z.string().nullish(),
  currency: z.string().nullish(),
  total_price: AmountSchema,
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  cancel_reason: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  processed_at: z.string().nullish(),
  buyer_accepts_marketing: z.boolean().nullish(),
  customer_locale: z.string().nullish(),
  landing_site: z.string().nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  customer: z
    .object({
      id: PlatformIdSchema,
      email: z.string().nullish(),
      phone: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      email_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
      sms_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
    })
    .nullish(),
  billing_address: z.object({ first_name: z.string().nullish(), last_name: z.string().nullish() }).nullish(),
  shipping_address: z.object({ address1: z.string().nullish(), zip: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
  line_items: z.array(ShopifyLineItemSchema),
  fulfillments: z.array(ShopifyFulfillmentSchema).nullish(),
  refunds: z
    .array(
      z.object({
        refund_line_items: z
          .array(z.object({ line_item_id: PlatformIdSchema, quantity: z.number().int().nonnegative() }))
          .nullish(),
        transactions: z
          .array(z.object({ kind: z.string().nullish(), status: z.string().nullish(), amount: AmountSchema }))
          .nullish(),
      }),
    )
    .nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrderSchema>;

/** `fulfillments/create|update` bodies: one Fulfillment resource of an order. */
export const ShopifyFulfillmentEventSchema = z.object({
  id: PlatformIdSchema,
  order_id: PlatformIdSchema,
  status: z.string().nullish(),
  shipment_status: z.string().nullish(),
  email: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  destination: z
    .object({ first_name: z.string().nullish(), last_name: z.string().nullish(), phone: z.string().nullish() })
    .nullish(),
  line_items: z.array(ShopifyLineItemSchema).nullish(),
});
export type ShopifyFulfillmentEvent = z.infer<typeof ShopifyFulfillmentEventSchema>;

/** `orders/delete` sends only the id. */
export const ShopifyOrderDeletedSchema = z.object({ id: PlatformIdSchema });
