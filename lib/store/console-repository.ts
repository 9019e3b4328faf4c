import type { SqlExecutor } from './database.ts';

export interface ConsoleSession {
  readonly tenantId: string;
  readonly person: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** The merchant console's state in the store: sessions, the sign-in limiter's counts, export links. */
export interface ConsoleRepository {
  createSession(session: ConsoleSession & { readonly tokenHash: string; readonly createdAt: Date }): Promise<void>;
  /** A session that exists, is not revoked and has not expired at `now`. */
  findSession(tokenHash: string, now: Date): Promise<ConsoleSession | null>;
  revokeSession(tokenHash: string, now: Date): Promise<void>;
  /** Every live session of the tenant (`afterglow tenant sessions revoke`); returns how many. */
  revokeTenantSessions(tenantId: string, now: Date): Promise<number>;
  /** Adds one failure to `source`'s window and returns the window's count; older windows go. */
  countFailure(source: string, windowStart: Date): Promise<number>;
  failuresIn(source: string, windowStart: Date): Promise<number>;
  createExportLink(tokenHash: string, tenantId: string, expiresAt: Date): Promise<void>;
  /** The tenant an unexpired export link belongs to. */
  findExportLink(tokenHash: string, now: Date): Promise<string | null>;
}

export const createConsoleRepository = (db: SqlExecutor): ConsoleRepository => ({
  async createSession(session) {
    await db.query(
      `INSERT INTO console_sessions (token_hash, tenant_id, person, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [session.tokenHash, session.tenantId, session.person, session.csrfToken, session.createdAt, session.expiresAt],
    );
    await db.query('DELETE FROM console_sessions WHERE expires_at < $1', [session.createdAt]);
  },
  async findSession(tokenHash, now) {
    const [row] = await db.query<{ tenant_id: string; person: string; csrf_token: string; expires_at: Date }>(
      `SELECT tenant_id, person, csrf_token, expires_at FROM console_sessions
       WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return row ? { tenantId: row.tenant_id, person: row.person, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at) } : null;
  },
  async revokeSession(tokenHash, now) {
    await db.query('UPDATE console_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now]);
  },
  async revokeTenantSessions(tenantId, now) {
    const rows = await db.query(
      'UPDATE console_sessions SET revoked_at = $2 WHERE tenant_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING token_hash',
      [tenantId, now],
    );
    return rows.length;
  },
  async countFailure(source, windowStart) {
    await db.query('DELETE FROM console_sign_in_failures WHERE window_start < $1', [windowStart]);
    const [row] = await db.query<{ failures: number }>(
      `INSERT INTO console_sign_in_failures (source, window_start, failures) VALUES ($1, $2, 1)
       ON CONFLICT (source, window_start) DO UPDATE SET failures = console_sign_in_failures.failures + 1
       RETURNING failures`,
      [source, windowStart],
    );
    return row?.failures ?? 1;
  },
  async failuresIn(source, windowStart) {
    const [row] = await db.query<{ failures: number }>(
      'SELECT failures FROM console_sign_in_failures WHERE source = $1 AND window_start = $2',
      [source, windowStart],
    );
    return row?.failures ?? 0;
  },
  async createExportLink(tokenHash, tenantId, expiresAt) {
    await db.query('DELETE FROM console_export_links WHERE expires_at < now()');
    await db.query('INSERT INTO console_export_links (token_hash, tenant_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, tenantId, expiresAt]);
  },
  async findExportLink(tokenHash, now) {
    const [row] = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM console_export_links WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now]);
    return row?.tenant_id ?? null;
  },
});

export interface JourneyFunnel {
  readonly asked: number;
  readonly answered: number;
  readonly happy: number;
  readonly unhappy: number;
  readonly advocacyAsks: number;
  readonly reviewClicks: number;
}

/** The journey funnel over a window, in counts of customers' asks and answers (the console's overview). */
export const loadJourneyFunnel = async (db: SqlExecutor, tenantId: string, window: { from: Date; to: Date }): Promise<JourneyFunnel> => {
  const [row] = await db.query<Record<keyof JourneyFunnel, string>>(
    `SELECT
       (SELECT count(*) FROM outreach WHERE tenant_id = $1 AND kind = 'feedback_request' AND state = 'sent' AND sent_at >= $2 AND sent_at < $3) AS asked,
       (SELECT count(*) FROM feedback_classifications WHERE tenant_id = $1 AND submitted_at >= $2 AND submitted_at < $3) AS answered,
       (SELECT count(*) FROM feedback_classifications WHERE tenant_id = $1 AND sentiment = 'happy' AND submitted_at >= $2 AND submitted_at < $3) AS happy,
       (SELECT count(*) FROM feedback_classifications WHERE tenant_id = $1 AND sentiment = 'unhappy' AND submitted_at >= $2 AND submitted_at < $3) AS unhappy,
       (SELECT count(*) FROM outreach WHERE tenant_id = $1 AND kind IN ('referral_invitation', 'testimonial_request') AND state = 'sent' AND sent_at >= $2 AND sent_at < $3) AS "advocacyAsks",
       (SELECT count(*) FROM link_clicks WHERE tenant_id = $1 AND clicked_at >= $2 AND clicked_at < $3) AS "reviewClicks"`,
    [tenantId, window.from, window.to],
  );
  const count = (key: keyof JourneyFunnel) => Number(row?.[key] ?? 0);
  return { asked: count('asked'), answered: count('answered'), happy: count('happy'), unhappy: count('unhappy'), advocacyAsks: count('advocacyAsks'), reviewClicks: count('reviewClicks') };
};

export interface OrderMatch {
  readonly orderId: string;
  readonly orderNumber: string | null;
  readonly kind: string;
  readonly stateAt: Date;
}

/**
 * Orders of the tenant whose id or number is the query, or whose customer's email is (lower-cased);
 * the newest first. The query comes in a POST body: an email never travels in a URL.
 */
export const findOrdersMatching = async (db: SqlExecutor, tenantId: string, query: string): Promise<OrderMatch[]> => {
  const term = query.trim();
  const number = term.startsWith('#') ? term : `#${term}`;
  const rows = await db.query<{ order_id: string; order_number: string | null; kind: string; state_at: Date }>(
    `SELECT order_id, order_number, kind, state_at FROM orders
     WHERE tenant_id = $1 AND (order_id = $2 OR order_number = $2 OR order_number = $3 OR customer_email = lower($2))
     ORDER BY state_at DESC, order_id LIMIT 50`,
    [tenantId, term, number],
  );
  return rows.map((row) => ({ orderId: row.order_id, orderNumber: row.order_number, kind: row.kind, stateAt: new Date(row.state_at) }));
};

export interface OrderAsk {
  readonly kind: string;
  readonly state: string;
  readonly channel: string | null;
  readonly journeyAt: Date;
  readonly dueAt: Date;
  readonly sentAt: Date | null;
  readonly reason: string | null;
  readonly message: { readonly subject?: string; readonly text?: string; readonly html?: string } | null;
}

/** Every ask about one order, with the message it sent where the outbox kept one. */
export const asksOfOrder = async (db: SqlExecutor, tenantId: string, orderId: string): Promise<OrderAsk[]> => {
  const rows = await db.query<{ kind: string; state: string; channel: string | null; journey_at: Date; due_at: Date; sent_at: Date | null; outcome_reason: string | null; last_postponed_reason: string | null; message: OrderAsk['message'] }>(
    `SELECT o.kind, o.state, o.channel, o.journey_at, o.due_at, o.sent_at, o.outcome_reason, o.last_postponed_reason,
            (SELECT m.message FROM outbox_messages m WHERE m.outreach_id = o.id ORDER BY m.id DESC LIMIT 1) AS message
     FROM outreach o WHERE o.tenant_id = $1 AND o.order_id = $2 ORDER BY o.journey_at, o.kind`,
    [tenantId, orderId],
  );
  return rows.map((row) => ({
    kind: row.kind,
    state: row.state,
    channel: row.channel,
    journeyAt: new Date(row.journey_at),
    dueAt: new Date(row.due_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    reason: row.outcome_reason ?? row.last_postponed_reason,
    message: row.message,
  }));
};
