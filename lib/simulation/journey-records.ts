import type { Database } from '../store/database.ts';
import type { AskRecord, CaseRecord } from './journey-invariants.ts';

/**
 * What a simulated run left in the store, read once at the end: every ask with its state and
 * times (by the virtual clock that did the work), the orders' customer keys, the recovery cases,
 * and each ask's history where the store keeps one.
 */
export interface JourneyRecords {
  readonly asks: readonly AskRecord[];
  readonly orders: readonly { readonly tenantId: string; readonly orderId: string; readonly customerKey: string }[];
  readonly cases: readonly (CaseRecord & { readonly severity: string; readonly priority: number; readonly state: string; readonly resolvedAt: Date | null })[];
  readonly history: ReadonlyMap<string, readonly { readonly at: Date; readonly action: string; readonly reason: string | null }[]>;
}

const ENDINGS = new Set(['skipped', 'withdrawn', 'failed']);

export const collectJourneyRecords = async (db: Database, tenantIds: readonly string[]): Promise<JourneyRecords> => {
  const asks = await db.query<{
    id: string; tenant_id: string; customer_key: string; order_id: string | null; kind: string; state: string;
    journey_at: Date; due_at: Date; sent_at: Date | null; outcome_reason: string | null;
  }>(
    `SELECT id, tenant_id, customer_key, order_id, kind, state, journey_at, due_at, sent_at, outcome_reason
     FROM outreach WHERE tenant_id = ANY($1::text[]) ORDER BY journey_at, id`,
    [[...tenantIds]],
  );
  const orders = await db.query<{ tenant_id: string; order_id: string; customer_key: string }>(
    'SELECT tenant_id, order_id, customer_key FROM orders WHERE tenant_id = ANY($1::text[])',
    [[...tenantIds]],
  );
  const cases = await db.query<{ id: string; tenant_id: string; customer_key: string; order_id: string | null; opened_at: Date; severity: string; priority: number; state: string; resolved_at: Date | null }>(
    'SELECT id, tenant_id, customer_key, order_id, opened_at, severity, priority, state, resolved_at FROM recovery_cases WHERE tenant_id = ANY($1::text[]) ORDER BY opened_at',
    [[...tenantIds]],
  );
  const signals = await db.query<{ case_id: string; received_at: Date; signal_id: string; order_id: string | null }>(
    "SELECT case_id, received_at, signal_id, signal->>'orderId' AS order_id FROM recovery_case_signals WHERE tenant_id = ANY($1::text[]) ORDER BY received_at",
    [[...tenantIds]],
  );
  const signalsByCase = new Map<string, { receivedAt: Date; source: string; orderId: string | null }[]>();
  for (const row of signals) {
    const signal = { receivedAt: new Date(row.received_at), source: row.signal_id.split(':')[0] ?? '', orderId: row.order_id };
    signalsByCase.set(row.case_id, [...(signalsByCase.get(row.case_id) ?? []), signal]);
  }
  const history = new Map<string, { at: Date; action: string; reason: string | null }[]>();
  const [kept] = await db.query<{ kept: boolean }>("SELECT to_regclass('outreach_history') IS NOT NULL AS kept");
  if (kept?.kept) {
    const rows = await db.query<{ outreach_id: string; at: Date; action: string; reason: string | null }>(
      'SELECT outreach_id, at, action, reason FROM outreach_history WHERE tenant_id = ANY($1::text[]) ORDER BY id',
      [[...tenantIds]],
    );
    for (const row of rows) history.set(row.outreach_id, [...(history.get(row.outreach_id) ?? []), { at: new Date(row.at), action: row.action, reason: row.reason }]);
  }
  return {
    asks: asks.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      customerKey: row.customer_key,
      orderId: row.order_id,
      kind: row.kind,
      state: row.state,
      journeyAt: new Date(row.journey_at),
      dueAt: new Date(row.due_at),
      sentAt: row.sent_at ? new Date(row.sent_at) : null,
      outcomeReason: row.outcome_reason,
      endedAt: history.get(row.id)?.findLast((entry) => ENDINGS.has(entry.action))?.at ?? null,
    })),
    orders: orders.map((row) => ({ tenantId: row.tenant_id, orderId: row.order_id, customerKey: row.customer_key })),
    cases: cases.map((row) => ({
      tenantId: row.tenant_id,
      customerKey: row.customer_key,
      orderId: row.order_id,
      openedAt: new Date(row.opened_at),
      signals: signalsByCase.get(row.id) ?? [],
      severity: row.severity,
      priority: row.priority,
      state: row.state,
      resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
    })),
    history,
  };
};
