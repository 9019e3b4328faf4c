import { rawBodyOf, type HttpApiEvent, type HttpApiResult } from '../events/http-api-event.ts';
import { showConsentPage, submitConsentPage } from '../lib/advocacy/consent-page-flow.ts';
import { showFeedbackPage, submitFeedbackPage } from '../lib/feedback-intake/feedback-page-flow.ts';
import { invalidLinkPage, unavailablePage } from '../lib/http/customer-pages.ts';
import { showUnsubscribe, unsubscribe } from '../lib/journey/unsubscribe-flow.ts';
import type { AppContext } from '../lib/runtime/app-context.ts';
import { cleanParams } from '../lib/http/request-params.ts';
import { coldStartLogger, withAppContext } from '../lib/http/with-app-context.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

type PageRoute = (context: AppContext, request: { token: string; query: Record<string, string>; headers: Record<string, string>; body: Buffer }) => Promise<HttpApiResult>;

const pageDeps = (context: AppContext) => ({ ...context, feedbackTopic: context.topics.feedback });
/**
 * The thank-you page's apology is decided by the rating and the written rules, never the model, so
 * this bundle carries no model (lib/feedback/certain-recovery.ts says why that is enough). The rules
 * (lexicons, issue patterns) are evaluated by the submission that reads them, the first time one
 * comes, not when the bundle is imported for every page this function serves.
 */
const loadRecoveryCertain = async () => (await import('../lib/feedback/certain-recovery.ts')).recoveryCertain;

const routes: Readonly<Record<string, PageRoute>> = {
  'GET /f/{token}': (context, request) => showFeedbackPage(pageDeps(context), request),
  'POST /f/{token}': async (context, request) => submitFeedbackPage({ ...pageDeps(context), recoveryCertain: await loadRecoveryCertain() }, request),
  'GET /u/{token}': (context, request) => showUnsubscribe(context, request),
  'POST /u/{token}': (context, request) => unsubscribe(context, request),
  'GET /c/{token}': (context, request) => showConsentPage(context, request),
  'POST /c/{token}': (context, request) => submitConsentPage(context, request),
};

/** The pages customers open from a message: the feedback form, the unsubscribe confirmation, the testimonial consent page. */
export const handler = observed('feedbackPage', withAppContext(async (event: HttpApiEvent, context): Promise<HttpApiResult> => {
  const request = {
    token: event.pathParameters?.token ?? '',
    query: event.queryStringParameters ?? {},
    headers: event.headers ?? {},
    body: rawBodyOf(event),
  };
  try {
    if (!cleanParams(event)) return invalidLinkPage(request.headers, 400);
    const route = routes[event.routeKey];
    return route ? await route(context, request) : unavailablePage(request, context.logger, new Error(`no route ${event.routeKey}`));
  } catch (error) {
    return unavailablePage(request, context.logger, error);
  }
}, (event, error) => unavailablePage({ headers: event.headers ?? {} }, coldStartLogger, error)), { correlation: requestCorrelationId });
