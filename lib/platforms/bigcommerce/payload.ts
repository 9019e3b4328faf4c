import * as z from 'zod';
import { AmountSchema, OptionalPlatformIdSchema, PlatformIdSchema } from '../normalise-helpers.ts';

/** BigCommerce webhooks are thin: the scope and the order id; the order itself is fetched. */
export const BigCommerceWebhookSchema = z.object({
  scope: z.string().min(1),
  store_id: z.union([z.string(), z.number()]).nullish(),
  data: z.object({ type: z.string().nullish(), id: PlatformIdSchema }).loose(),
  hash: z.string().nullish(),
  created_at: z.number().int().nullish(),
  producer: z.string().nullish(),
});
export type BigCommerceWebhook = z.infer<typeof BigCommerceWebhookSchema>;

/** `GET /stores/{hash}/v2/orders/{id}`: the parts afterglow reads. Dates are RFC 2822. */
export const BigCommerceOrderSchema = z.object({
  id: PlatformIdSchema,
  customer_id: OptionalPlatformIdSchema,
  date_created: z.string().nullish(),
  date_modified: z.string().nullish(),
  date_shipped: z.string().nullish(),
  status_id: z.number().int(),
  status: z.string().nullish(),
  total_inc_tax: AmountSchema,
  refunded_amount: AmountSchema,
  currency_code: z.string().nullish(),
  customer_locale: z.string().nullish(),
  billing_address: z
    .object({
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      email: z.string().nullish(),
      phone: z.string().nullish(),
      street_1: z.string().nullish(),
      zip: z.string().nullish(),
      country_iso2: z.string().nullish(),
    })
    .nullish(),
});
export type BigCommerceOrder = z.infer<typeof BigCommerceOrderSchema>;

/** `GET /stores/{hash}/v2/orders/{id}/products`. */
export const BigCommerceOrderProductsSchema = z.array(
  z.object({
    id: PlatformIdSchema,
    product_id: OptionalPlatformIdSchema,
    variant_id: OptionalPlatformIdSchema,
    name: z.string().nullish(),
    sku: z.string().nullish(),
    quantity: z.number().int().nonnegative(),
    quantity_refunded: z.number().int().nonnegative().nullish(),
    price_inc_tax: AmountSchema,
  }),
);
export type BigCommerceOrderProducts = z.infer<typeof BigCommerceOrderProductsSchema>;
