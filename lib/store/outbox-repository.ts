import type { OutboundMessage, SentMessage } from '../providers/outbound-message.ts';
import { holdCommitOrder } from './commit-order.ts';
import type { Database } from './database.ts';

export interface OutboxEntry {
  readonly id: string;
  readonly outreachId: string;
  readonly channel: 'email' | 'sms';
  readonly recipient: string;
  readonly message: OutboundMessage;
  /** When it went, by the clock of the dispatch run that sent it (`dispatch --now` included). */
  readonly createdAt: Date;
}

/**
 * The embedded default's provider: each message is kept (once per ask) and shown by
 * `GET /api/outbox`, and nothing leaves the machine.
 */
export interface OutboxRepository {
  keep(tenantId: string, message: OutboundMessage, at?: Date): Promise<SentMessage>;
  list(tenantId: string, options?: { limit?: number; after?: string }): Promise<OutboxEntry[]>;
}

const outboxScope = (tenantId: string): string => `outbox:${tenantId}`;

export const createOutboxRepository = (db: Database): OutboxRepository => ({
  async keep(tenantId, message, at) {
    // Ids are taken at insert and seen at commit: holding the tenant's commit order from before the
    // id is taken until the commit makes them visible in order, so `?after=` never skips a late one.
    const rows = await db.transaction(async (tx) => {
      await holdCommitOrder(tx, [outboxScope(tenantId)]);
      return tx.query<{ id: string }>(
        `WITH kept AS (
           INSERT INTO outbox_messages (tenant_id, outreach_id, channel, recipient, message, sent_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
           ON CONFLICT (outreach_id) DO NOTHING RETURNING id::text
         )
         SELECT id FROM kept UNION ALL SELECT id::text FROM outbox_messages WHERE outreach_id = $2`,
        [tenantId, message.reference, message.channel, message.to, JSON.stringify(message), at ?? null],
      );
    });
    return { provider: 'outbox', providerMessageId: rows[0]?.id ?? null };
  },
  async list(tenantId, options = {}) {
    const rows = await db.query<{ id: string; outreach_id: string; channel: 'email' | 'sms'; recipient: string; message: OutboundMessage; created_at: Date }>(
      `SELECT id::text, outreach_id, channel, recipient, message, COALESCE(sent_at, created_at) AS created_at FROM outbox_messages
       WHERE tenant_id = $1 AND id > $2::bigint ORDER BY outbox_messages.id LIMIT $3`,
      // (qualified: the bare name would sort by the text alias selected above, "10" before "9")
      [tenantId, options.after ?? '0', Math.min(Math.max(options.limit ?? 50, 1), 500)],
    );
    return rows.map((row) => ({
      id: row.id,
      outreachId: row.outreach_id,
      channel: row.channel,
      recipient: row.recipient,
      message: row.message,
      createdAt: new Date(row.created_at),
    }));
  },
});
