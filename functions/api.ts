import { jsonResult } from '../events/http-api-event.ts';
import { InvalidRequestError, NotFoundError } from '../lib/errors.ts';
import { tenantApiHandler, type TenantApiRoute } from '../lib/http/tenant-api-handler.ts';
import { orderCursorOf, orderView, parseOrderCursor } from '../lib/orders/order-view.ts';
import { listPrivacyRequests, privacyRequestData } from '../lib/privacy/privacy-api.ts';

const routes: Readonly<Record<string, TenantApiRoute>> = {
  'GET /api/orders': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new InvalidRequestError('limit is 1 to 500');
    const before = query.cursor ? parseOrderCursor(query.cursor) : undefined;
    const orders = await context.orders.list(tenant.id, { limit, ...(before ? { before } : {}) });
    const last = orders.length === limit ? orders.at(-1) : undefined;
    return jsonResult(200, {
      orders: orders.map(orderView),
      nextCursor: last ? orderCursorOf(last) : null,
    });
  },
  'GET /api/orders/{orderId}': async (event, tenant, context) => {
    const orderId = event.pathParameters?.orderId ?? '';
    const order = await context.orders.find(tenant.id, orderId);
    if (!order) throw new NotFoundError(`no order ${orderId}`);
    return jsonResult(200, { ...orderView(order), events: await context.orders.events(tenant.id, orderId) });
  },
  /** The embedded default's messages: what would have been sent, oldest first (`?after=<id>` pages on). */
  'GET /api/outbox': async (event, tenant, context) => {
    const query = event.queryStringParameters ?? {};
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new InvalidRequestError('limit is 1 to 500');
    if (query.after !== undefined && !/^\d+$/.test(query.after)) throw new InvalidRequestError('after is a message id');
    const messages = await context.outbox.list(tenant.id, { limit, ...(query.after ? { after: query.after } : {}) });
    return jsonResult(200, { messages, nextAfter: messages.length === limit ? (messages.at(-1)?.id ?? null) : null });
  },
  'GET /api/privacy/requests': (event, tenant, context) => listPrivacyRequests(context.db, tenant, event.queryStringParameters ?? {}),
  'GET /api/privacy/requests/{id}/data': (event, tenant, context) => privacyRequestData(context.db, tenant, event.pathParameters?.id ?? ''),
};

/** The tenant API (`/api/…`, Bearer API key). */
export const handler = tenantApiHandler(routes);
