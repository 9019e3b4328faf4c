import { parseArgs } from 'node:util';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { customerTimeline, orderTimeline } from '../journey/timeline.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { createTimelineRepository } from '../store/timeline-repository.ts';
import type { CliIo } from './io.ts';

export const TIMELINE_USAGE = 'usage: timeline --order ID | --customer ID [--tenant T]';

/**
 * `timeline --order ID | --customer ID [--tenant T]`: the journey of one order or customer, as the
 * tenant API shows it (one JSON object). The tenant is found from the order or the customer id
 * when not given; an order id that two tenants share needs `--tenant`.
 */
export const timelineCommand = async (args: string[], context: AppContext, io: CliIo): Promise<void> => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { order: { type: 'string' }, customer: { type: 'string' }, tenant: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new InvalidRequestError(`${(error as Error).message}; ${TIMELINE_USAGE}`);
  }
  const { values, positionals } = parsed;
  const order = typeof values.order === 'string' ? values.order : undefined;
  const customer = typeof values.customer === 'string' ? values.customer : undefined;
  const tenantId = typeof values.tenant === 'string' ? values.tenant : undefined;
  if (positionals.length > 0 || (order === undefined) === (customer === undefined)) throw new InvalidRequestError(TIMELINE_USAGE);
  const timelines = createTimelineRepository(context.db);
  const deps = { outreach: context.outreach, timelines };
  if (order !== undefined) {
    const owners = await timelines.orderOwners(order, tenantId);
    if (owners.length === 0) throw new NotFoundError(`no order ${order}${tenantId ? ` for tenant ${tenantId}` : ''}`);
    if (owners.length > 1) throw new InvalidRequestError(`order ${order} belongs to several tenants (${owners.map((owner) => owner.tenantId).join(', ')}): add --tenant`);
    io.out(JSON.stringify({ tenantId: owners[0]?.tenantId, ...(await orderTimeline(deps, owners[0]?.tenantId ?? '', order)) }, null, 2));
    return;
  }
  const found = await timelines.customerKeyOf(customer ?? '', tenantId);
  if (!found) throw new NotFoundError(`no customer ${customer} (the id from a timeline or POST /api/customers/search)`);
  io.out(JSON.stringify({ tenantId: found.tenantId, ...(await customerTimeline(deps, found.tenantId, customer ?? '')) }, null, 2));
};
