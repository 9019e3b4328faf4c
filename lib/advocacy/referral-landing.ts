import type { HttpApiResult } from '../../events/http-api-event.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import { browserLanguage, invalidLinkPage } from '../http/customer-pages.ts';
import { pageResult } from '../http/html-reply.ts';
import { brandOf } from '../brand/brand.ts';
import { renderMessagePage } from '../pages/feedback-page.ts';
import type { ReferralRepository } from '../store/referral-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { normaliseReferralCode } from './referral-code.ts';

/**
 * `GET /r/{code}`: a friend arrives through an advocate's link. The visit is recorded and the
 * browser goes on to the shop with `ref=CODE`, which the shop's order carries back as its
 * landing site, so the order is attributed even without a discount code.
 */
export const landReferral = async (
  deps: { referrals: Pick<ReferralRepository, 'findCode' | 'recordVisit'>; tenants: Pick<TenantRepository, 'findById'>; clock: () => Date },
  request: { code: string; headers: Headers },
): Promise<HttpApiResult> => {
  const code = await deps.referrals.findCode(normaliseReferralCode(request.code));
  const tenant = code ? await deps.tenants.findById(code.tenantId) : null;
  if (!code || !tenant) return invalidLinkPage(request.headers, 404);
  await deps.referrals.recordVisit(code, deps.clock(), firstHeader(request.headers, 'user-agent'));
  const landing = tenant.settings.referrals.landingUrl ?? tenant.settings.shopUrl;
  if (!landing) {
    const shop = tenant.settings.shopName ?? tenant.id;
    const language = browserLanguage(request.headers);
    return pageResult(200, renderMessagePage({ language, title: shop, message: MESSAGES[language].referralInvitation.code(code.code), brand: brandOf(tenant.settings, tenant.id) }));
  }
  const url = new URL(landing);
  url.searchParams.set('ref', code.code);
  return { statusCode: 302, headers: { location: url.toString(), 'cache-control': 'no-store' }, body: '' };
};
