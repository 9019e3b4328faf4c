import { rawBodyOf, type HttpApiEvent, type HttpApiResult } from '../events/http-api-event.ts';
import { errorReply } from '../lib/http/error-reply.ts';
import { receiveInboundSms } from '../lib/journey/sms-inbound.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { assertCleanParams } from '../lib/http/request-params.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';

/** `POST /webhooks/sms/{tenantId}`: Twilio's inbound SMS (STOP / START). */
export const handler = observed('smsInbound', withAppContext(async (event: HttpApiEvent, context): Promise<HttpApiResult> => {
  try {
    assertCleanParams(event);
    // Twilio signs the URL it called: the public one, as configured in its console.
    const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
    return await receiveInboundSms(context, {
      tenantId: event.pathParameters?.tenantId ?? '',
      url: `${context.config.publicBaseUrl}${event.rawPath}${query}`,
      headers: event.headers ?? {},
      body: rawBodyOf(event),
    });
  } catch (error) {
    return errorReply(error, context.logger);
  }
}), { correlation: requestCorrelationId });
