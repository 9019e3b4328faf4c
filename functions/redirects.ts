import type { HttpApiEvent, HttpApiResult } from '../events/http-api-event.ts';
import { landReferral } from '../lib/advocacy/referral-landing.ts';
import { redirectToReview } from '../lib/advocacy/review-redirect.ts';
import { invalidLinkPage, unavailablePage } from '../lib/http/customer-pages.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
import { cleanParams } from '../lib/http/request-params.ts';
import { coldStartLogger, withAppContext } from '../lib/http/with-app-context.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';

/** `GET /go/{token}` (tracked redirect to a review destination) and `GET /r/{code}` (referral landing). */
export const handler = observed(
  'redirects',
  withAppContext(async (event: HttpApiEvent, context): Promise<HttpApiResult> => {
    const headers = event.headers ?? {};
    try {
      if (!cleanParams(event)) return invalidLinkPage(headers, 400);
      return event.routeKey === 'GET /r/{code}'
        ? await landReferral(context, { code: event.pathParameters?.code ?? '', headers })
        : await redirectToReview(context, { token: event.pathParameters?.token ?? '', headers });
    } catch (error) {
      return unavailablePage({ headers }, context.logger, error);
    }
  }, (event, error) => unavailablePage({ headers: event.headers ?? {} }, coldStartLogger, error)),
  { correlation: requestCorrelationId },
);
