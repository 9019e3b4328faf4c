import { jsonResult, type HttpApiResult, type StreamedHttpResult } from '../../events/http-api-event.ts';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { idParam, pageLimitParam } from '../http/request-params.ts';
import { parseStorableJson } from '../json/parse-json-losslessly.ts';
import type { StoredTestimonial, TestimonialRepository, TestimonialState } from '../store/testimonial-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { renderDisplayName } from './display-name.ts';
import { CONTENT_TYPES, exportChunksOfBatches, exportPage, parseExportRequest, type ExportFormat } from './testimonial-export.ts';

/** The tenant API's testimonials: moderation (list, one, approve, reject) and the export. */
export interface TestimonialApiDeps {
  readonly testimonials: TestimonialRepository;
  readonly clock: () => Date;
}

type Query = Readonly<Record<string, string | undefined>>;

/** A page of the buffered export stays well under API Gateway's 6 MB (the body is escaped once more inside Lambda's reply). */
export const PAGE_MAX_BYTES = 5 * 1024 * 1024;
export const PAGE_DEFAULT_LIMIT = 500;
export const PAGE_MAX_LIMIT = 1000;

export const testimonialView = (testimonial: StoredTestimonial) => ({
  id: testimonial.id,
  state: testimonial.state,
  approval: testimonial.approval,
  quote: testimonial.quote,
  displayName: renderDisplayName(testimonial.consent.displayName, testimonial.firstName, testimonial.lastName),
  score: testimonial.score,
  scale: testimonial.scale,
  language: testimonial.language,
  orderId: testimonial.orderId,
  feedbackId: testimonial.feedbackId,
  products: testimonial.products,
  verifiedPurchase: testimonial.verifiedPurchase,
  incentivised: testimonial.incentivised,
  consent: testimonial.consent,
  submittedAt: testimonial.submittedAt.toISOString(),
  reviewedAt: testimonial.reviewedAt?.toISOString() ?? null,
  reviewNote: testimonial.reviewNote,
});

const STATES: readonly TestimonialState[] = ['pending', 'approved', 'rejected', 'revoked'];

/** `GET /api/testimonials/moderation?state&limit&after`: what waits for the merchant (default: pending). */
export const listForModeration = async (deps: TestimonialApiDeps, tenant: Tenant, query: Query): Promise<HttpApiResult> => {
  const state = (query.state ?? 'pending') as TestimonialState | 'all';
  if (state !== 'all' && !STATES.includes(state)) throw new InvalidRequestError(`state is one of ${STATES.join(', ')}, all`);
  const limit = pageLimitParam(query.limit);
  const after = query.after === undefined ? null : idParam('after', query.after);
  const found = await deps.testimonials.list(tenant.id, { state: state === 'all' ? null : state, limit, after });
  return jsonResult(200, { testimonials: found.map(testimonialView), nextAfter: found.length === limit ? (found.at(-1)?.id ?? null) : null });
};

/** `GET /api/testimonials/{id}`: one testimonial with every permission the customer gave or withdrew. */
export const showTestimonial = async (deps: TestimonialApiDeps, tenant: Tenant, id: string): Promise<HttpApiResult> => {
  const testimonial = await deps.testimonials.find(tenant.id, id);
  if (!testimonial) throw new NotFoundError(`no testimonial ${id}`);
  return jsonResult(200, { ...testimonialView(testimonial), consentHistory: await deps.testimonials.consentHistory(testimonial.id) });
};

/**
 * `POST /api/testimonials/{id}/approve|reject` (optional JSON `{"note"}`): 404 for an id that is not
 * this tenant's; approving one whose permission was withdrawn (or that has no words) is a 409.
 */
export const reviewTestimonial = async (
  deps: TestimonialApiDeps,
  tenant: Tenant,
  id: string,
  decision: 'approved' | 'rejected',
  body: Buffer,
): Promise<HttpApiResult> => {
  let note: string | null = null;
  if (body.length > 0) {
    let parsed: unknown;
    try {
      parsed = parseStorableJson(body.toString('utf8'));
    } catch {
      throw new InvalidRequestError('the body is JSON: {"note": "…"} or nothing');
    }
    const given = (parsed as { note?: unknown } | null)?.note;
    if (given !== undefined && given !== null && (typeof given !== 'string' || given.length > 1000)) throw new InvalidRequestError('note is text of up to 1000 characters');
    note = typeof given === 'string' ? given : null;
  }
  const outcome = await deps.testimonials.review(tenant.id, id, decision, note, deps.clock());
  if (outcome === 'not_found') throw new NotFoundError(`no testimonial ${id}`);
  if (outcome === 'revoked') return jsonResult(409, { error: 'the customer withdrew their permission: it cannot be approved', state: 'revoked' });
  if (outcome === 'nothing_to_quote') return jsonResult(409, { error: 'the customer removed their comment: there is nothing to approve' });
  return jsonResult(200, testimonialView(outcome));
};

const exportHeaders = (format: ExportFormat): Record<string, string> => ({
  'content-type': CONTENT_TYPES[format],
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  ...(format === 'csv' ? { 'content-disposition': 'attachment; filename="testimonials.csv"' } : {}),
});

/**
 * `GET /api/testimonials?format&since&until&minScore&product&scope&cursor&limit` on API Gateway:
 * one page (buffered, under 6 MB); `X-Next-Cursor` and `Link: rel="next"` name the next one.
 */
export const testimonialExportPage = async (deps: TestimonialApiDeps, tenant: Tenant, query: Query, path: string): Promise<HttpApiResult> => {
  const request = parseExportRequest(query);
  const limit = pageLimitParam(query.limit, { defaultLimit: PAGE_DEFAULT_LIMIT, max: PAGE_MAX_LIMIT });
  const rows = deps.testimonials.exportRows(tenant.id, request.filter, Math.min(limit + 1, 500));
  const page = await exportPage(request.format, rows, { limit, maxBytes: PAGE_MAX_BYTES });
  const next = page.nextCursor && new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)), cursor: page.nextCursor });
  return {
    statusCode: 200,
    headers: {
      ...exportHeaders(request.format),
      ...(page.nextCursor && next ? { 'x-next-cursor': page.nextCursor, link: `<${path}?${next.toString()}>; rel="next"` } : {}),
    },
    body: page.body,
  };
};

/** The whole export (from `cursor` on), streamed row by row from the store: the Function URL and `npm start`. */
export const streamTestimonialExport = (deps: TestimonialApiDeps, tenant: Tenant, query: Query): StreamedHttpResult => {
  const request = parseExportRequest(query);
  return {
    statusCode: 200,
    headers: exportHeaders(request.format),
    stream: exportChunksOfBatches(request.format, deps.testimonials.exportBatches(tenant.id, request.filter)),
  };
};
