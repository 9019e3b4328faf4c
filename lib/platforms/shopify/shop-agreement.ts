import { firstHeader, type Headers } from '../../http/headers.ts';
import { shopDomainOf } from '../../http/request-params.ts';

/**
 * Which shop a Shopify delivery is about. The body is signed, `X-Shopify-Shop-Domain` is not, and
 * a public app signs every shop's deliveries with one app secret: a valid signature proves the
 * body came from Shopify, not that it is about the shop the header names. So the shop the signed
 * body names must agree with the header and with the tenant the delivery is acted on; a
 * disagreement is refused (403) and nothing is done.
 *
 * - Privacy topics name the shop: `shop_domain` (required on the app-level endpoint) and
 *   `shop_id` (checked when the tenant records one — afterglow's tenants do not, yet).
 * - Order topics name no shop directly; the host of `order_status_url` does when it is a
 *   `*.myshopify.com` host. A shop with its own domain shows that domain there instead, which
 *   cannot be told from another shop's domain: such an order is accepted on the signature alone.
 */

export const SHOP_MISMATCH_STATUS = 403;

export const headerShopDomain = (headers: Headers): string | null =>
  shopDomainOf(firstHeader(headers, 'x-shopify-shop-domain', 'shopify-shop-domain'));

/** The shop an order's `order_status_url` names, when it is a myshopify.com host; else null (cannot tell). */
export const shopNamedByOrder = (payload: unknown): string | null => {
  const url = (payload as { order_status_url?: unknown } | null)?.order_status_url;
  if (typeof url !== 'string') return null;
  try {
    const host = shopDomainOf(new URL(url).hostname);
    return host?.endsWith('.myshopify.com') ? host : null;
  } catch {
    return null;
  }
};

/**
 * Why the delivery is refused, or null when the shops agree. `signedShop` is the shop the body
 * names (null when it names none that can be checked); `appLevel` deliveries must name one when
 * `requireSignedShop` is set (the privacy topics always carry `shop_domain`).
 */
export const shopDisagreement = (options: {
  readonly signedShop: string | null;
  readonly headers: Headers;
  readonly tenantShopDomain: string | null;
  readonly requireSignedShop?: boolean;
}): string | null => {
  const header = headerShopDomain(options.headers);
  const signed = options.signedShop === null ? null : shopDomainOf(options.signedShop);
  if (signed === null) {
    return options.requireSignedShop ? 'the signed body names no shop_domain: the shop it is about cannot be established' : null;
  }
  if (header !== null && header !== signed) {
    return `the signed body is about ${signed} but X-Shopify-Shop-Domain names ${header}: refused, nothing was changed`;
  }
  const tenantShop = shopDomainOf(options.tenantShopDomain);
  if (tenantShop !== null && tenantShop !== signed) {
    return `the signed body is about ${signed}, not this tenant's shop ${tenantShop}: refused, nothing was changed`;
  }
  return null;
};
