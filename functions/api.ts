import { jsonResult, rawBodyOf, type HttpApiEvent } from '../events/http-api-event.ts';
import { deadLetterSummary } from '../lib/dead-letters/dead-letter-view.ts';
import { InvalidRequestError, NotFoundError } from '../lib/errors.ts';
import { parseStorableJson } from '../lib/json/parse-json-losslessly.ts';
import { bigintParam, cursorParam, idParam, instantParam, pageLimitParam } from '../lib/http/request-params.ts';
import { tenantApiHandler, type TenantApiRoute } from '../lib/http/tenant-api-handler.ts';
import { orderView } from '../lib/orders/order-view.ts';
import { pageCursorOf, parsePageCursor } from '../lib/store/newest-first-page.ts';
import { listPrivacyRequests, privacyRequestData } from '../lib/privacy/privacy-api.ts';
import { caseSignalView, caseView } from '../lib/recovery/case-view.ts';
import { changeCase } from '../lib/recovery/change-case.ts';
import { isCaseState, isSeverity } from '../lib/recovery/recovery-case.ts';
import { caseCursorOf, parseCaseCursor } from '../lib/store/recovery-case-repository.ts';
import { loadInvitationAudit } from '../lib/advocacy/fairness-audit.ts';
import { satisfactionDrops, weeklySatisfaction } from '../lib/recovery/satisfaction.ts';
import { MIN_RESPONSES_FOR_ALERT, timeZoneOf } from '../lib/recovery/satisfaction-check.ts';
import { timelineRoutes } from '../lib/journey/timeline-api.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';

const pageLimit = (query: Record<string, string>): number => pageLimitParam(query.limit);

/** `?from&to` as ISO-8601 times, from before to; by default the `defaultDays` before now. */
const windowOf = (query: Record<string, string>, now: Date, defaultDays: number): { from: Date; to: Date } => {
  const to = query.to ? instantParam('to', query.to) : now;
  const from = query.from ? instantParam('from', query.from) : new Date(to.getTime() - defaultDays * 86_400_000);
  if (from >= to) {
    throw new InvalidRequestError(`from and to are ISO-8601 times, from before to (default: the last ${defaultDays} days)`);
  }
  return { from, to };
};

const jsonBodyOf = (event: HttpApiEvent): unknown => {
  try {
    return parseStorableJson(rawBodyOf(event).toString('utf8'));
  } catch (error) {
    throw new InvalidRequestError(`body is not JSON: ${(error as Error).message}`);
  }
};

const routes: Readonly<Record<string, TenantApiRoute>> = {
  'GET /api/orders': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = pageLimit(query);
    const before = query.cursor ? parsePageCursor(cursorParam(query.cursor)) : undefined;
    const orders = await context.orders.list(tenant.id, { limit, ...(before ? { before } : {}) });
    const last = orders.length === limit ? orders.at(-1) : undefined;
    return jsonResult(200, {
      orders: orders.map(orderView),
      nextCursor: last ? pageCursorOf(last.position) : null,
    });
  },
  'GET /api/orders/{orderId}': async (event, tenant, context) => {
    const orderId = idParam('orderId', event.pathParameters?.orderId);
    const order = await context.orders.find(tenant.id, orderId);
    if (!order) throw new NotFoundError(`no order ${orderId}`);
    return jsonResult(200, { ...orderView(order), events: await context.orders.events(tenant.id, orderId) });
  },
  /** The tenant's own dead letters (those about it), newest first; `?since` ISO, `?cursor` pages on. */
  'GET /api/dead-letters': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = pageLimit(query);
    const since = query.since === undefined ? undefined : new Date(query.since);
    const before = query.cursor === undefined ? undefined : new Date(query.cursor);
    if ((since && Number.isNaN(since.getTime())) || (before && Number.isNaN(before.getTime()))) throw new InvalidRequestError('since and cursor are ISO-8601 times');
    const entries = await context.deadLetterStore.query({ tenantId: tenant.id, limit, ...(since ? { since } : {}), ...(before ? { before } : {}) });
    const last = entries.length === limit ? entries.at(-1) : undefined;
    return jsonResult(200, { deadLetters: entries.map(deadLetterSummary), nextCursor: last ? last.recordedAt.toISOString() : null });
  },
  /** The embedded default's messages: what would have been sent, oldest first (`?after=<id>` pages on). */
  'GET /api/outbox': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = pageLimit(query);
    if (query.after !== undefined) bigintParam('after', query.after);
    const messages = await context.outbox.list(tenant.id, { limit, ...(query.after ? { after: query.after } : {}) });
    return jsonResult(200, { messages, nextAfter: messages.length === limit ? (messages.at(-1)?.id ?? null) : null });
  },
  /** The fairness audit of review invitations: eligible and invited per week, by feedback sentiment. */
  'GET /api/audit/invitations': async (event, tenant, context) => {
    const window = windowOf(event.queryStringParameters ?? {}, context.clock(), 90);
    return jsonResult(200, await loadInvitationAudit(context.db, tenant.id, window));
  },
  /** Referred orders and their rewards: held, granted (to fulfil), refused (with the check that refused it), cancelled, clawed back. */
  'GET /api/referrals': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = pageLimit(query);
    const page = await context.referrals.list(tenant.id, limit, query.cursor ? parsePageCursor(cursorParam(query.cursor)) : undefined);
    const last = page.length === limit ? page.at(-1) : undefined;
    return jsonResult(200, { referrals: page.map(({ position: _position, ...referral }) => referral), nextCursor: last ? pageCursorOf(last.position) : null });
  },
  /** NPS and CSAT per week (tenant time zone), overall and per journey stage. */
  'GET /api/satisfaction': async (event, tenant, context) => {
    const { from, to } = windowOf(event.queryStringParameters ?? {}, context.clock(), 84);
    const timeZone = timeZoneOf(tenant.settings);
    const weeks = weeklySatisfaction(await context.satisfaction.answers(tenant.id, { from, to }), timeZone);
    return jsonResult(200, {
      from: from.toISOString(),
      to: to.toISOString(),
      timeZone,
      weeks,
      drops: satisfactionDrops(weeks, tenant.settings.recovery.satisfactionDropPoints, MIN_RESPONSES_FOR_ALERT),
      alerts: await context.satisfaction.alerts(tenant.id),
    });
  },
  /** The recovery worklist: priority first, then the SLA due soonest; `?state=&severity=&limit=&cursor=`. */
  'GET /api/cases': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = pageLimit(query);
    if (query.state !== undefined && !isCaseState(query.state)) throw new InvalidRequestError('state is open, acknowledged or resolved');
    if (query.severity !== undefined && !isSeverity(query.severity)) throw new InvalidRequestError('severity is urgent, high, normal or low');
    const cases = await context.recoveryCases.list(tenant.id, {
      limit,
      ...(query.state ? { state: query.state } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.cursor ? { after: parseCaseCursor(cursorParam(query.cursor)) } : {}),
    });
    const last = cases.length === limit ? cases.at(-1) : undefined;
    return jsonResult(200, { cases: cases.map(caseView), nextCursor: last ? caseCursorOf(last) : null });
  },
  'GET /api/cases/{caseId}': async (event, tenant, context) => {
    const caseId = idParam('caseId', event.pathParameters?.caseId);
    const found = await context.recoveryCases.find(tenant.id, caseId);
    if (!found) throw new NotFoundError(`no case ${caseId}`);
    const signals = await context.recoveryCases.signalsOf(tenant.id, caseId);
    return jsonResult(200, { ...caseView(found), signals: signals.map(caseSignalView) });
  },
  /** `{"state":"acknowledged"}` or `{"state":"resolved","outcome":{"resolution":"put_right",…}}`. */
  'PATCH /api/cases/{caseId}': async (event, tenant, context) => {
    const changed = await changeCase(tenant.id, idParam('caseId', event.pathParameters?.caseId), jsonBodyOf(event), {
      cases: context.recoveryCases,
      followUps: context.followUps,
      helpdesk: context.helpdeskUpdates,
      clock: context.clock,
    });
    return jsonResult(200, caseView(changed));
  },
  ...timelineRoutes(jsonBodyOf),
  'GET /api/privacy/requests': (event, tenant, context) => listPrivacyRequests(context.db, tenant, event.queryStringParameters ?? {}),
  'GET /api/privacy/requests/{id}/data': (event, tenant, context) => privacyRequestData(context.db, tenant, idParam('id', event.pathParameters?.id)),
};

/** The tenant API (`/api/…`, Bearer API key). */
export const handler = observed('api', tenantApiHandler(routes), { correlation: requestCorrelationId });
