import { handler as api } from '../../functions/api.ts';
import { handler as consolePages } from '../../functions/console.ts';
import { handler as dispatch } from '../../functions/dispatch.ts';
import { handler as feedbackApi } from '../../functions/feedback-api.ts';
import { handler as feedbackPage } from '../../functions/feedback-page.ts';
import { handler as feedback } from '../../functions/feedback.ts';
import { handler as health } from '../../functions/health.ts';
import { handler as helpdeskJobs } from '../../functions/helpdesk-jobs.ts';
import { handler as helpdeskWebhook } from '../../functions/helpdesk-webhook.ts';
import { handler as orders } from '../../functions/orders.ts';
import { handler as prune } from '../../functions/prune.ts';
import { handler as smsInbound } from '../../functions/sms-inbound.ts';
import { handler as reconcile } from '../../functions/reconcile.ts';
import { handler as recovery } from '../../functions/recovery.ts';
import { handler as redirects } from '../../functions/redirects.ts';
import { handler as reviews } from '../../functions/reviews.ts';
import { handler as satisfaction } from '../../functions/satisfaction.ts';
import { handler as testimonials } from '../../functions/testimonials.ts';
import { handler as testimonialsExport } from '../../functions/testimonials-export.ts';
import { handler as webhook } from '../../functions/webhook.ts';
import type { TopicNames } from '../transport/event-log.ts';
import type { KafkaEventHandler } from '../transport/kafka-consumer.ts';
import type { SqsEventHandler } from '../transport/recovery-queue.ts';
import type { HttpRoute } from './http-server.ts';

/**
 * Every `httpApi` route of serverless.yml with the function that serves it; a test holds this list
 * and serverless.yml to each other, so `npm start` serves exactly what API Gateway would.
 */
export const HTTP_ROUTES: readonly (HttpRoute & { readonly functionName: string })[] = [
  { functionName: 'webhook', method: 'POST', path: '/webhooks/shopify', handler: webhook, answersOversizedBody: true },
  { functionName: 'webhook', method: 'POST', path: '/webhooks/{platform}/{tenantId}', handler: webhook, answersOversizedBody: true },
  { functionName: 'smsInbound', method: 'POST', path: '/webhooks/sms/{tenantId}', handler: smsInbound },
  { functionName: 'feedbackPage', method: 'GET', path: '/f/{token}', handler: feedbackPage },
  { functionName: 'feedbackPage', method: 'POST', path: '/f/{token}', handler: feedbackPage },
  { functionName: 'feedbackPage', method: 'GET', path: '/u/{token}', handler: feedbackPage },
  { functionName: 'feedbackPage', method: 'POST', path: '/u/{token}', handler: feedbackPage },
  { functionName: 'feedbackPage', method: 'GET', path: '/c/{token}', handler: feedbackPage },
  { functionName: 'feedbackPage', method: 'POST', path: '/c/{token}', handler: feedbackPage },
  { functionName: 'feedbackApi', method: 'POST', path: '/api/feedback', handler: feedbackApi },
  { functionName: 'redirects', method: 'GET', path: '/go/{token}', handler: redirects },
  { functionName: 'redirects', method: 'GET', path: '/r/{code}', handler: redirects },
  { functionName: 'health', method: 'GET', path: '/health', handler: health },
  { functionName: 'api', method: 'GET', path: '/api/orders', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/orders/{orderId}', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/orders/{orderId}/timeline', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/customers/{customerId}/timeline', handler: api },
  { functionName: 'api', method: 'POST', path: '/api/customers/search', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/outbox', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/dead-letters', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/audit/invitations', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/referrals', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/satisfaction', handler: api },
  { functionName: 'reviews', method: 'POST', path: '/webhooks/reviews/{source}/{tenantId}', handler: reviews, answersOversizedBody: true },
  { functionName: 'helpdeskWebhook', method: 'POST', path: '/webhooks/helpdesk/zendesk/{tenantId}', handler: helpdeskWebhook, answersOversizedBody: true },
  { functionName: 'api', method: 'GET', path: '/api/cases', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/cases/{caseId}', handler: api },
  { functionName: 'api', method: 'PATCH', path: '/api/cases/{caseId}', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/privacy/requests', handler: api },
  { functionName: 'api', method: 'GET', path: '/api/privacy/requests/{id}/data', handler: api },
  { functionName: 'testimonials', method: 'GET', path: '/api/testimonials', handler: testimonials },
  { functionName: 'testimonials', method: 'GET', path: '/api/testimonials/moderation', handler: testimonials },
  { functionName: 'testimonials', method: 'GET', path: '/api/testimonials/{id}', handler: testimonials },
  { functionName: 'testimonials', method: 'POST', path: '/api/testimonials/{id}/approve', handler: testimonials },
  { functionName: 'testimonials', method: 'POST', path: '/api/testimonials/{id}/reject', handler: testimonials },
  { functionName: 'console', method: 'GET', path: '/console', handler: consolePages },
  { functionName: 'console', method: 'GET', path: '/console/{proxy+}', handler: consolePages },
  { functionName: 'console', method: 'POST', path: '/console/{proxy+}', handler: consolePages },
];

/**
 * Every function of serverless.yml with a Function URL (`url:`), and the path `npm start` serves
 * it on (on AWS the URL is the function's own host, any path).
 */
export const FUNCTION_URL_ROUTES: readonly (HttpRoute & { readonly functionName: string; readonly invokeMode: 'BUFFERED' | 'RESPONSE_STREAM' })[] = [
  { functionName: 'testimonialsExport', method: 'GET', path: '/export/testimonials', handler: testimonialsExport, invokeMode: 'RESPONSE_STREAM' },
];

/** Every Kafka-triggered function of serverless.yml, with the topic its event source reads. */
export const kafkaConsumers = (
  topics: TopicNames,
): readonly { readonly functionName: string; readonly topic: string; readonly handler: KafkaEventHandler }[] => [
  { functionName: 'orders', topic: topics.orders, handler: orders },
  { functionName: 'feedback', topic: topics.feedback, handler: feedback },
];

/** Every `schedule`-triggered function of serverless.yml, with its rate; `npm start` runs each on a timer. */
export const SCHEDULES: readonly { readonly functionName: string; readonly rate: string; readonly everyMs: number; readonly handler: () => Promise<unknown> }[] = [
  { functionName: 'dispatch', rate: 'rate(1 minute)', everyMs: 60_000, handler: dispatch },
  { functionName: 'helpdeskJobs', rate: 'rate(1 minute)', everyMs: 60_000, handler: helpdeskJobs },
  { functionName: 'satisfaction', rate: 'rate(60 minutes)', everyMs: 3_600_000, handler: satisfaction },
  { functionName: 'prune', rate: 'rate(60 minutes)', everyMs: 3_600_000, handler: prune },
  { functionName: 'reconcile', rate: 'rate(15 minutes)', everyMs: 900_000, handler: reconcile },
];

/** Every SQS-triggered function of serverless.yml: driven by the recovery queue (SQS or local). */
export const SQS_CONSUMERS: readonly { readonly functionName: string; readonly handler: SqsEventHandler }[] = [
  { functionName: 'recovery', handler: recovery },
];
