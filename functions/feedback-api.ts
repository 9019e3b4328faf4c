import { jsonResult, rawBodyOf, type HttpApiEvent, type HttpApiResult } from '../events/http-api-event.ts';
import { receiveApiFeedback } from '../lib/feedback-intake/feedback-api.ts';
import { authenticateTenant } from '../lib/http/authenticate-tenant.ts';
import { errorReply } from '../lib/http/error-reply.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { assertCleanParams } from '../lib/http/request-params.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** `POST /api/feedback` (API key): feedback from a survey tool, a helpdesk CSAT or a review platform. */
export const handler = observed('feedbackApi', withAppContext(async (event: HttpApiEvent, context): Promise<HttpApiResult> => {
  try {
    const tenant = await authenticateTenant(event.headers ?? {}, context.tenants);
    assertCleanParams(event);
    const body = rawBodyOf(event);
    if (body.length > MAX_BODY_BYTES) return jsonResult(413, { error: 'the body is over 1 MB' });
    const { event: feedback, changed } = await receiveApiFeedback({ ...context, feedbackTopic: context.topics.feedback }, tenant, body);
    return jsonResult(changed ? 202 : 200, {
      status: changed ? 'accepted' : 'unchanged',
      feedbackId: feedback.feedbackId,
      revision: feedback.revision,
    });
  } catch (error) {
    return errorReply(error, context.logger);
  }
}), { correlation: requestCorrelationId });
