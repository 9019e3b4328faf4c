import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from './database.ts';

export type DeliveryClaim =
  | { readonly outcome: 'claimed'; readonly token: string }
  | { readonly outcome: 'published' }
  | { readonly outcome: 'in_flight' };

/**
 * Which webhook deliveries have been published, shared by every process over one database.
 * A request claims a delivery before publishing it and marks it published after; a failed
 * publish releases the claim, so the platform's retry publishes it again, once. A claim whose
 * holder died is taken over after `leaseMs`.
 */
export interface DeliveryLedger {
  claim(tenantId: string, deliveryKey: string, now: Date): Promise<DeliveryClaim>;
  markPublished(tenantId: string, deliveryKey: string, token: string, eventId: string, now: Date): Promise<void>;
  release(tenantId: string, deliveryKey: string, token: string): Promise<void>;
}

export const createDeliveryLedger = (
  db: SqlExecutor,
  options: { leaseMs?: number; newToken?: () => string } = {},
): DeliveryLedger => {
  const leaseMs = options.leaseMs ?? 30_000;
  const newToken = options.newToken ?? randomUUID;
  return {
    async claim(tenantId, deliveryKey, now) {
      const token = newToken();
      const claimed = await db.query<{ claim_token: string }>(
        `INSERT INTO webhook_deliveries (tenant_id, delivery_key, state, claim_token, claimed_at)
         VALUES ($1, $2, 'claimed', $3, $4)
         ON CONFLICT (tenant_id, delivery_key) DO UPDATE
           SET claim_token = EXCLUDED.claim_token, claimed_at = EXCLUDED.claimed_at
           WHERE webhook_deliveries.state = 'claimed' AND webhook_deliveries.claimed_at < $5
         RETURNING claim_token`,
        [tenantId, deliveryKey, token, now, new Date(now.getTime() - leaseMs)],
      );
      if (claimed[0]?.claim_token === token) return { outcome: 'claimed', token };
      const [row] = await db.query<{ state: string }>(
        'SELECT state FROM webhook_deliveries WHERE tenant_id = $1 AND delivery_key = $2',
        [tenantId, deliveryKey],
      );
      // Released between the two statements: the caller simply asks again.
      if (!row) return { outcome: 'in_flight' };
      return row.state === 'published' ? { outcome: 'published' } : { outcome: 'in_flight' };
    },
    async markPublished(tenantId, deliveryKey, token, eventId, now) {
      // Recorded whatever became of the claim: the event is on the log, so the delivery is done.
      await db.query(
        `INSERT INTO webhook_deliveries (tenant_id, delivery_key, state, claim_token, claimed_at, published_at, event_id)
         VALUES ($1, $2, 'published', $3, $4, $4, $5)
         ON CONFLICT (tenant_id, delivery_key) DO UPDATE
           SET state = 'published', published_at = EXCLUDED.published_at, event_id = EXCLUDED.event_id`,
        [tenantId, deliveryKey, token, now, eventId],
      );
    },
    async release(tenantId, deliveryKey, token) {
      await db.query(
        `DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND delivery_key = $2 AND claim_token = $3 AND state = 'claimed'`,
        [tenantId, deliveryKey, token],
      );
    },
  };
};
