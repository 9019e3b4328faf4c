import { UnauthorizedError } from '../errors.ts';
import type { ConsoleRepository } from '../store/console-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { hashToken } from './session.ts';

/** The tenant of a console export link (`?link=…`), while it lasts; a wrong or expired one is a 401. */
export const tenantOfExportLink = async (
  link: string,
  deps: { consoleStore: Pick<ConsoleRepository, 'findExportLink'>; tenants: Pick<TenantRepository, 'findById'>; clock: () => Date },
): Promise<Tenant> => {
  const tenantId = /^[A-Za-z0-9_-]{43}$/.test(link) ? await deps.consoleStore.findExportLink(hashToken(link), deps.clock()) : null;
  const tenant = tenantId ? await deps.tenants.findById(tenantId) : null;
  if (!tenant) throw new UnauthorizedError('the export link is not valid or has expired: open the export again from the console');
  return tenant;
};
