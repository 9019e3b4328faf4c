import type { HttpApiResult } from '../../events/http-api-event.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import { invalidLinkPage } from '../http/customer-pages.ts';
import { InvalidLinkError } from '../links/link-claims.ts';
import type { LinkReader } from '../links/link-urls.ts';
import type { ReviewActivityRepository } from '../store/review-activity-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { destinationBySubject } from './review-destinations.ts';

/**
 * `GET /go/{token}`: the tracked redirect to a public review destination. It records the visit
 * (an analytics log: the reminder stops for a customer who clicked through) and sends the browser
 * on; the destination comes from the tenant's settings, never from the link, so it cannot be abused
 * as an open redirect.
 */
export interface ReviewRedirectDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly reviewActivity: Pick<ReviewActivityRepository, 'recordClick'>;
  /** Reads the link's token: a handle, or a legacy signed link still honoured. */
  readonly linkReader: LinkReader;
  readonly clock: () => Date;
}

export const redirectToReview = async (deps: ReviewRedirectDeps, request: { token: string; headers: Headers }): Promise<HttpApiResult> => {
  const invalid = () => invalidLinkPage(request.headers, 404);
  let claims;
  try {
    claims = await deps.linkReader.read(request.token, 'go', deps.clock());
  } catch (error) {
    if (error instanceof InvalidLinkError) return invalid();
    throw error;
  }
  const tenant = await deps.tenants.findById(claims.tenantId);
  const destination = tenant ? destinationBySubject(tenant.settings, claims.subject) : null;
  if (!destination) return invalid();
  await deps.reviewActivity.recordClick({
    tenantId: claims.tenantId,
    outreachId: claims.outreachId,
    orderId: claims.orderId,
    customerKey: claims.customerKey,
    destination: destination.type,
    at: deps.clock(),
    userAgent: firstHeader(request.headers, 'user-agent'),
  });
  return { statusCode: 302, headers: { location: destination.url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, body: '' };
};
