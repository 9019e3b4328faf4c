import { UnauthorizedError } from '../errors.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { firstHeader, type Headers } from './headers.ts';

/** Every `/api/…` route: `Authorization: Bearer <apiKey>`, or 401. Keys are looked up by hash. */
export const authenticateTenant = async (
  headers: Headers,
  tenants: Pick<TenantRepository, 'findByApiKey'>,
): Promise<Tenant> => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(firstHeader(headers, 'authorization') ?? '');
  if (!match?.[1]) throw new UnauthorizedError('send the tenant API key as Authorization: Bearer <apiKey>');
  const tenant = await tenants.findByApiKey(match[1]);
  if (!tenant) throw new UnauthorizedError('the API key is not valid');
  return tenant;
};
