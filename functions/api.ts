import { jsonResult, type HttpApiEvent, type HttpApiResult } from '../events/http-api-event.ts';
import { InvalidRequestError, NotFoundError } from '../lib/errors.ts';
import { authenticateTenant } from '../lib/http/authenticate-tenant.ts';
import { errorReply } from '../lib/http/error-reply.ts';
import { appContext, type AppContext } from '../lib/runtime/app-context.ts';
import { orderCursorOf, orderView, parseOrderCursor } from '../lib/orders/order-view.ts';
import type { Tenant } from '../lib/tenants/tenant.ts';

type Route = (event: HttpApiEvent, tenant: Tenant, context: AppContext) => Promise<HttpApiResult>;

const routes: Readonly<Record<string, Route>> = {
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
};

/** The tenant API (`/api/…`, Bearer API key). */
export const handler = async (event: HttpApiEvent): Promise<HttpApiResult> => {
  const context = await appContext();
  try {
    const route = routes[event.routeKey];
    if (!route) return jsonResult(404, { error: `no route ${event.routeKey}` });
    const tenant = await authenticateTenant(event.headers ?? {}, context.tenants);
    return await route(event, tenant, context);
  } catch (error) {
    return errorReply(error, context.logger);
  }
};
