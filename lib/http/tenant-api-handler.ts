import { jsonResult, type HttpApiEvent, type HttpApiResult } from '../../events/http-api-event.ts';
 
import type { AppContext } from '../runtime/app-context.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { authenticateTenant } from './authenticate-tenant.ts';
import { errorReply } from './error-reply.ts';
import { assertCleanParams } from './request-params.ts';
import { withAppContext } from './with-app-context.ts';

export type TenantApiRoute = (event: HttpApiEvent, tenant: Tenant, context: AppContext) => Promise<HttpApiResult>;

/** A tenant API function (`/api/…`): its routes by route key, each behind the tenant's Bearer API key. */
export const tenantApiHandler =
  (routes: Readonly<Record<string, TenantApiRoute>>) =>
  withAppContext(async (event: HttpApiEvent, context: AppContext): Promise<HttpApiResult> => {
    try {
      const route = routes[event.routeKey];
      if (!route) return jsonResult(404, { error: `no route ${event.routeKey}` });
      const tenant = await authenticateTenant(event.headers ?? {}, context.tenants);
      assertCleanParams(event);
      return await route(event, tenant, context);
    } catch (error) {
      return errorReply(error, context.logger);
    }
  });
