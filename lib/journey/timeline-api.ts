import * as z from 'zod';
import { jsonResult, type HttpApiEvent } from '../../events/http-api-event.ts';
import { InvalidRequestError } from '../errors.ts';
import type { TenantApiRoute } from '../http/tenant-api-handler.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { createTimelineRepository } from '../store/timeline-repository.ts';
import { customerTimeline, orderTimeline, searchCustomers, type TimelineDeps } from './timeline.ts';

/**
 * The timeline routes of the tenant API: `GET /api/orders/{orderId}/timeline`,
 * `GET /api/customers/{customerId}/timeline` (an opaque id, never an email) and
 * `POST /api/customers/search` (the email or phone in the JSON body, never in the URL).
 */
const SearchSchema = z
  .strictObject({ email: z.string().trim().min(3).max(320).optional(), phone: z.string().trim().min(3).max(40).optional() })
  .refine((body) => body.email !== undefined || body.phone !== undefined, { message: 'give an email or a phone' });

const depsOf = (context: AppContext): TimelineDeps => ({ outreach: context.outreach, timelines: createTimelineRepository(context.db) });

export const timelineRoutes = (jsonBodyOf: (event: HttpApiEvent) => unknown): Record<string, TenantApiRoute> => ({
  'GET /api/orders/{orderId}/timeline': async (event, tenant, context) =>
    jsonResult(200, await orderTimeline(depsOf(context), tenant.id, event.pathParameters?.orderId ?? '')),
  'GET /api/customers/{customerId}/timeline': async (event, tenant, context) =>
    jsonResult(200, await customerTimeline(depsOf(context), tenant.id, event.pathParameters?.customerId ?? '')),
  'POST /api/customers/search': async (event, tenant, context) => {
    const parsed = SearchSchema.safeParse(jsonBodyOf(event));
    if (!parsed.success) throw new InvalidRequestError(`search body: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ')}`);
    const customers = await searchCustomers(depsOf(context), tenant.id, { email: parsed.data.email?.toLowerCase() ?? null, phone: parsed.data.phone ?? null });
    return jsonResult(200, { customers });
  },
});
