import type { HttpApiResult } from '../../events/http-api-event.ts';
import { acceptedLanguages, chooseLanguage, MESSAGE_LANGUAGES } from '../i18n/locale.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import { invalidLinkPage } from '../http/customer-pages.ts';
import { pageResult } from '../http/html-reply.ts';
import { brandOf, plainBrand } from '../brand/brand.ts';
import { InvalidLinkError, type LinkClaims } from '../links/link-claims.ts';
import type { LinkReader } from '../links/link-urls.ts';
import { renderUnsubscribeConfirm, renderUnsubscribed } from '../pages/unsubscribe-page.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { SuppressionRepository } from '../store/suppression-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';

/**
 * `GET /u/{token}` asks for confirmation (mail scanners open links; GET changes nothing);
 * `POST /u/{token}` unsubscribes the address the message went to — the page's button, or a
 * mailbox provider's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`).
 */
export interface UnsubscribeDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly orders: Pick<OrderRepository, 'find'>;
  readonly suppressions: Pick<SuppressionRepository, 'suppress'>;
  /** Reads the link's token: a handle, or a legacy signed link still honoured. */
  readonly linkReader: LinkReader;
  readonly clock: () => Date;
}

export interface UnsubscribeRequest {
  readonly token: string;
  readonly headers: Headers;
}

/** The language the message was written in (the order's customer locale) first, as the feedback page does. */
const languageFor = async (deps: UnsubscribeDeps, claims: LinkClaims, headers: Headers) => {
  const tenant = await deps.tenants.findById(claims.tenantId);
  const order = tenant && claims.orderId ? await deps.orders.find(tenant.id, claims.orderId) : null;
  const language = chooseLanguage(
    [order?.customer.locale, ...acceptedLanguages(firstHeader(headers, 'accept-language'))],
    tenant?.settings.feedback.locales ?? [...MESSAGE_LANGUAGES],
  );
  return { tenant, language, orderName: order?.orderNumber ?? null };
};

const verified = async (deps: UnsubscribeDeps, request: UnsubscribeRequest) => {
  try {
    const claims = await deps.linkReader.read(request.token, 'unsubscribe', deps.clock());
    if (claims.channel && claims.address) return { claims, ...(await languageFor(deps, claims, request.headers)) };
  } catch (error) {
    if (!(error instanceof InvalidLinkError)) throw error;
  }
  return invalidLinkPage(request.headers, 400);
};

/** What both pages show: the shop (its brand when the tenant still exists), the order the message was about, the address. */
const unsubscribeView = (link: Exclude<Awaited<ReturnType<typeof verified>>, HttpApiResult>) => {
  const shopName = link.tenant?.settings.shopName ?? link.claims.tenantId;
  return {
    language: link.language,
    shopName,
    orderName: link.orderName,
    address: link.claims.address ?? '',
    brand: link.tenant ? brandOf(link.tenant.settings, link.tenant.id) : plainBrand(shopName),
  };
};

export const showUnsubscribe = async (deps: UnsubscribeDeps, request: UnsubscribeRequest): Promise<HttpApiResult> => {
  const link = await verified(deps, request);
  if ('statusCode' in link) return link;
  return pageResult(200, renderUnsubscribeConfirm(unsubscribeView(link)));
};

export const unsubscribe = async (deps: UnsubscribeDeps, request: UnsubscribeRequest): Promise<HttpApiResult> => {
  const link = await verified(deps, request);
  if ('statusCode' in link) return link;
  const { claims } = link;
  if (link.tenant) {
    await deps.suppressions.suppress({
      tenantId: claims.tenantId,
      channel: claims.channel ?? 'email',
      address: claims.address ?? '',
      customerKey: claims.customerKey,
      reason: 'unsubscribed by link',
      at: deps.clock(),
    });
  }
  return pageResult(200, renderUnsubscribed(unsubscribeView(link)));
};
