import { jsonResult, type HttpApiResult } from '../../events/http-api-event.ts';
import { NotFoundError } from '../errors.ts';
import { cursorParam, pageLimitParam } from '../http/request-params.ts';
import type { SqlExecutor } from '../store/database.ts';
import { olderThan, pageCursorOf, parsePageCursor, positionMicros } from '../store/newest-first-page.ts';
import type { Tenant } from '../tenants/tenant.ts';

/** `GET /api/privacy/requests?limit&cursor`: the tenant's privacy log, newest first in exact pages (what was asked, when, what was done, in counts). */
export const listPrivacyRequests = async (db: SqlExecutor, tenant: Tenant, query: Readonly<Record<string, string | undefined>>): Promise<HttpApiResult> => {
  const limit = pageLimitParam(query.limit);
  const before = query.cursor ? parsePageCursor(cursorParam(query.cursor)) : undefined;
  const rows = await db.query<{
    id: string;
    topic: string;
    platform_request_id: string | null;
    received_at: Date;
    summary: Record<string, number>;
    has_data: boolean;
    position_micros: string;
  }>(
    `SELECT p.id, p.topic, p.platform_request_id, p.received_at, p.summary, (e.request_id IS NOT NULL) AS has_data,
       ${positionMicros('p.received_at')} AS position_micros
     FROM privacy_requests p LEFT JOIN customer_data_exports e ON e.request_id = p.id
     WHERE p.tenant_id = $1 ${before ? `AND ${olderThan('p.received_at', 'p.id', '$3', '$4')}` : ''}
     ORDER BY p.received_at DESC, p.id DESC LIMIT $2`,
    before ? [tenant.id, limit, before.micros, before.id] : [tenant.id, limit],
  );
  const last = rows.length === limit ? rows.at(-1) : undefined;
  return jsonResult(200, {
    nextCursor: last ? pageCursorOf({ micros: last.position_micros, id: last.id }) : null,
    requests: rows.map((row) => ({
      id: row.id,
      topic: row.topic,
      platformRequestId: row.platform_request_id,
      receivedAt: new Date(row.received_at).toISOString(),
      summary: row.summary,
      data: row.has_data ? `/api/privacy/requests/${row.id}/data` : null,
    })),
  });
};

/** `GET /api/privacy/requests/{id}/data`: what afterglow held about the customer of a data request, to hand over. */
export const privacyRequestData = async (db: SqlExecutor, tenant: Tenant, id: string): Promise<HttpApiResult> => {
  // The id also names the download (Content-Disposition): only the characters afterglow's ids have.
  if (!/^[\w-]{1,100}$/.test(id)) throw new NotFoundError('no customer data for that request id');
  const [row] = await db.query<{ data: unknown }>('SELECT data FROM customer_data_exports WHERE tenant_id = $1 AND request_id = $2', [tenant.id, id]);
  if (!row) throw new NotFoundError(`no customer data for request ${id} (erased since, or not a data request of this shop)`);
  return jsonResult(200, row.data, { 'cache-control': 'no-store', 'content-disposition': `attachment; filename="customer-data-${id}.json"` });
};
