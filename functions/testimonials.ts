import { rawBodyOf, type HttpApiEvent } from '../events/http-api-event.ts';
import { listForModeration, reviewTestimonial, showTestimonial, testimonialExportPage } from '../lib/advocacy/testimonial-api.ts';
import { tenantApiHandler, type TenantApiRoute } from '../lib/http/tenant-api-handler.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';

const idOf = (event: HttpApiEvent) => event.pathParameters?.id ?? '';

const routes: Readonly<Record<string, TenantApiRoute>> = {
  'GET /api/testimonials': (event, tenant, context) => testimonialExportPage(context, tenant, event.queryStringParameters ?? {}, event.rawPath),
  'GET /api/testimonials/moderation': (event, tenant, context) => listForModeration(context, tenant, event.queryStringParameters ?? {}),
  'GET /api/testimonials/{id}': (event, tenant, context) => showTestimonial(context, tenant, idOf(event)),
  'POST /api/testimonials/{id}/approve': (event, tenant, context) => reviewTestimonial(context, tenant, idOf(event), 'approved', rawBodyOf(event)),
  'POST /api/testimonials/{id}/reject': (event, tenant, context) => reviewTestimonial(context, tenant, idOf(event), 'rejected', rawBodyOf(event)),
};

/** The tenant's testimonials (API key): moderation, and the export a page at a time (API Gateway buffers replies). */
export const handler = observed('testimonials', tenantApiHandler(routes), { correlation: requestCorrelationId });
