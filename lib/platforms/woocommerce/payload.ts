import * as z from 'zod';
import { AmountSchema, OptionalPlatformIdSchema, PlatformIdSchema } from '../normalise-helpers.ts';

/** The parts of a WooCommerce v3 Order that afterglow reads (order webhooks send the REST body). */
export const WooCommerceOrderSchema = z.object({
  id: PlatformIdSchema,
  number: z.union([z.string(), z.number()]).nullish(),
  status: z.string(),
  currency: z.string().nullish(),
  total: AmountSchema,
  customer_id: OptionalPlatformIdSchema,
  date_created_gmt: z.string().nullish(),
  date_modified_gmt: z.string().nullish(),
  date_paid_gmt: z.string().nullish(),
  date_completed_gmt: z.string().nullish(),
  billing: z
    .object({
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      email: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
  shipping: z
    .object({ address_1: z.string().nullish(), postcode: z.string().nullish(), country: z.string().nullish() })
    .nullish(),
  line_items: z.array(
    z.object({
      id: PlatformIdSchema,
      name: z.string().nullish(),
      product_id: OptionalPlatformIdSchema,
      variation_id: OptionalPlatformIdSchema,
      quantity: z.number().int().nonnegative(),
      sku: z.string().nullish(),
      price: AmountSchema,
    }),
  ),
  refunds: z.array(z.object({ id: PlatformIdSchema, total: AmountSchema })).nullish(),
  coupon_lines: z.array(z.object({ code: z.string() })).nullish(),
});
export type WooCommerceOrder = z.infer<typeof WooCommerceOrderSchema>;

/** `order.deleted` sends only the id. */
export const WooCommerceOrderDeletedSchema = z.object({ id: PlatformIdSchema });
