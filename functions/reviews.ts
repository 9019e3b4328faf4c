import { rawBodyOf } from '../events/http-api-event.ts';
import { webhookHandler } from '../lib/http/webhook-handler.ts';
import { receiveReviewWebhook } from '../lib/reviews/receive-review-webhook.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';

/**
 * `POST /webhooks/reviews/{source}/{tenantId}`: a new review from a review platform (`trustpilot`,
 * `first_party`). A function of its own, apart from the order webhook: other credentials (HTTP
 * Basic, a per-tenant HMAC), another outlet (the SQS recovery queue, not Kafka) and IAM to match,
 * and the order webhook keeps its bundle and its 5-second Shopify budget to itself.
 */
export const handler = observed(
  'reviews',
  webhookHandler(
    (event, context) =>
      receiveReviewWebhook(
        {
          source: event.pathParameters?.source ?? '',
          tenantId: event.pathParameters?.tenantId ?? '',
          headers: event.headers ?? {},
          body: rawBodyOf(event),
        },
        context,
      ),
    { webhook: 'reviews' },
  ),
  { correlation: requestCorrelationId },
);
