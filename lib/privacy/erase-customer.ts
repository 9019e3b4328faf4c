import { ERASURE_WITHDRAWAL_REASON } from '../journey/send-eligibility.ts';
import { ERASED_SOLVE_NOTE, redactJobKey } from '../recovery/helpdesk-jobs.ts';
import type { SqlExecutor } from '../store/database.ts';
import type { CustomerToErase, ErasureRepository, ErasureSummary } from '../store/erasure-repository.ts';
import { enqueueHelpdeskJob } from '../store/helpdesk-job-repository.ts';

const ANONYMOUS_CUSTOMER = (keyExpression: string) =>
  `jsonb_build_object('key', ${keyExpression}, 'id', null, 'email', null, 'phone', null, 'firstName', null, 'lastName', null, 'locale', null, 'acceptsMarketing', null)`;

/**
 * Erases one customer everywhere afterglow keeps them, in one transaction (Shopify's
 * customers/redact). What is the merchant's record of a sale stays, anonymised: the order (its
 * items and totals, under a key of its own that links it to no one), its lifecycle events, the
 * asks made (withdrawn if still pending, without their address) and the score of each feedback.
 * What is the customer's own goes: their words (feedback revisions, testimonials and so every
 * later export, consent history), the messages kept in the outbox, data gathered for an earlier
 * request, dead letters and embedded-log records keyed to them. Their unsubscribes are kept as
 * hashes, so a customer who comes back is still not mailed against their wish. Tombstones (by
 * customer key and order id) make a replay of older events refuse to bring any of it back.
 */
export const eraseCustomer = async (
  tx: SqlExecutor,
  erasures: Pick<ErasureRepository, 'resolveCustomer' | 'tombstone'>,
  customer: CustomerToErase,
  at: Date,
): Promise<ErasureSummary> => {
  const { tenantId } = customer;
  const { customerKeys, orderIds } = await erasures.resolveCustomer(tx, customer);
  const keys = [tenantId, customerKeys, orderIds];
  const count = async (sql: string, params: readonly unknown[]) => (await tx.query(sql, params)).length;

  const orders = await count(
    `UPDATE orders SET customer_key = 'redacted:' || order_id, customer_email = NULL, customer_phone = NULL,
       customer = ${ANONYMOUS_CUSTOMER(`'redacted:' || order_id`)}, updated_at = now()
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) RETURNING 1`,
    keys,
  );
  const orderEvents = await count(
    `UPDATE order_events SET event = jsonb_set(jsonb_set(event, '{customer}', ${ANONYMOUS_CUSTOMER(`'redacted:' || order_id`)}), '{order,landingSite}', 'null'::jsonb)
     WHERE tenant_id = $1 AND (order_id = ANY($3::text[]) OR event->'customer'->>'key' = ANY($2::text[])) RETURNING 1`,
    keys,
  );
  // Pending asks are withdrawn like any other, with a step in their history at the erasure's time.
  await tx.query(
    `WITH withdrawn AS (
       UPDATE outreach SET state = 'withdrawn', outcome_reason = $4, outcome_cause = NULL, lease_token = NULL, lease_until = NULL, updated_at = now()
       WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) AND state IN ('scheduled', 'sending')
       RETURNING id, tenant_id, due_at
     )
     INSERT INTO outreach_history (outreach_id, tenant_id, at, action, reason, due_at)
     SELECT id, tenant_id, $5, 'withdrawn', $4, due_at FROM withdrawn`,
    [...keys, ERASURE_WITHDRAWAL_REASON, at],
  );
  const asks = await tx.query<{ id: string }>(
    `UPDATE outreach SET customer_key = 'redacted:' || COALESCE(order_id, id), recipient = NULL, payload = '{}'::jsonb,
       lease_token = NULL, lease_until = NULL, updated_at = now()
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) RETURNING id`,
    keys,
  );
  const askIds = asks.map((ask) => ask.id);
  // The opaque ids the tenant API named the customer by: the key behind one may be their email.
  await tx.query('DELETE FROM customer_refs WHERE tenant_id = $1 AND customer_key = ANY($2::text[])', [tenantId, customerKeys]);
  // A provider's error text may quote the address it refused.
  await tx.query('UPDATE outreach_attempts SET error = NULL WHERE outreach_id = ANY($1::text[])', [askIds]);
  const addresses = [customer.email, customer.phone].filter((address): address is string => address !== null);
  const outbox = await count(
    `DELETE FROM outbox_messages WHERE outreach_id = ANY($2::text[]) OR (tenant_id = $1 AND lower(recipient) = ANY($3::text[])) RETURNING 1`,
    [tenantId, askIds, addresses],
  );
  const suppressions = await count(
    `WITH erased AS (
       DELETE FROM suppressions WHERE tenant_id = $1 AND address NOT LIKE 'sha256:%'
         AND (customer_key = ANY($2::text[]) OR (channel = 'email' AND address = $3) OR (channel = 'sms' AND address = $4))
       RETURNING *
     )
     INSERT INTO suppressions (tenant_id, channel, address, customer_key, suppressed, reason, changed_at)
     SELECT tenant_id, channel, 'sha256:' || encode(sha256(convert_to(address, 'UTF8')), 'hex'), NULL, suppressed, reason, changed_at FROM erased
     ON CONFLICT (tenant_id, channel, address) DO NOTHING RETURNING 1`,
    [tenantId, customerKeys, customer.email, customer.phone],
  );
  const feedback = await tx.query<{ id: string }>(
    `DELETE FROM feedback WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) RETURNING id`,
    keys,
  );
  const feedbackIds = feedback.map((row) => row.id);
  const classifications = await count(
    `UPDATE feedback_classifications SET customer_key = 'redacted:' || feedback_id, reasons = '[]'::jsonb
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[]) OR feedback_id = ANY($4::text[])) RETURNING 1`,
    [...keys, feedbackIds],
  );
  const testimonials = await count(
    `DELETE FROM testimonials WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[]) OR feedback_id = ANY($4::text[])) RETURNING 1`,
    [...keys, feedbackIds],
  );
  const advocacy = await eraseAdvocacy(tx, customer, customerKeys, orderIds);
  const recovery = await eraseRecovery(tx, customer, customerKeys, orderIds, at);
  const dataExports = await count(`DELETE FROM customer_data_exports WHERE tenant_id = $1 AND customer_keys && $2::text[] RETURNING 1`, [tenantId, customerKeys]);
  const logKeys = customerKeys.map((key) => `${tenantId}/${key}`);
  const deadLetters = await count(
    `DELETE FROM dead_letters WHERE dead_letter->>'key' = ANY($1::text[])
       OR ($2::text IS NOT NULL AND dead_letter->>'payloadEncoding' = 'utf8' AND strpos(lower(dead_letter->>'payload'), $2) > 0) RETURNING 1`,
    [logKeys, customer.email],
  );
  // The embedded event log is afterglow's own store, unlike Kafka: its records can go now.
  const logRecords = await count('DELETE FROM local_log WHERE key = ANY($1::text[]) RETURNING 1', [logKeys]);
  await erasures.tombstone(
    tx,
    tenantId,
    [...customerKeys.map((key) => ({ kind: 'customer' as const, key })), ...orderIds.map((id) => ({ kind: 'order' as const, id }))],
    at,
  );
  return {
    customerKeys: customerKeys.length,
    orders,
    orderEvents,
    asks: askIds.length,
    outbox,
    suppressions,
    feedback: feedbackIds.length,
    classifications,
    testimonials,
    ...advocacy,
    ...recovery,
    dataExports,
    deadLetters,
    logRecords,
  };
};

/**
 * Referrals and reviews: the advocate's code (it holds their email, name and an address
 * fingerprint) and the clicks on their links go; referrals stay as the merchant's record of a
 * reward, under keys linking them to no one; reviews the customer wrote are their words and go.
 */
const eraseAdvocacy = async (tx: SqlExecutor, customer: CustomerToErase, customerKeys: string[], orderIds: string[]): Promise<ErasureSummary> => {
  const count = async (sql: string, params: readonly unknown[]) => (await tx.query(sql, params)).length;
  const keys = [customer.tenantId, customerKeys, orderIds];
  return {
    referralCodes: await count('DELETE FROM referral_codes WHERE tenant_id = $1 AND customer_key = ANY($2::text[]) RETURNING 1', [customer.tenantId, customerKeys]),
    referrals: await count(
      `UPDATE referrals SET advocate_key = CASE WHEN advocate_key = ANY($2::text[]) THEN 'redacted' ELSE advocate_key END,
         friend_key = CASE WHEN friend_key = ANY($2::text[]) OR order_id = ANY($3::text[]) THEN 'redacted:' || order_id ELSE friend_key END, updated_at = now()
       WHERE tenant_id = $1 AND (advocate_key = ANY($2::text[]) OR friend_key = ANY($2::text[]) OR order_id = ANY($3::text[])) RETURNING 1`,
      keys,
    ),
    linkClicks: await count('DELETE FROM link_clicks WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) RETURNING 1', keys),
    // The customer's links stop working and the addresses they were sent to are gone.
    linkHandles: await count(
      `DELETE FROM link_handles WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])
         OR lower(address) = ANY($4::text[])) RETURNING 1`,
      [...keys, [customer.email, customer.phone].filter((value): value is string => value !== null)],
    ),
    reviews: await count(
      `DELETE FROM reviews WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])
         OR ($4::text IS NOT NULL AND lower(reviewer_email) = $4)) RETURNING 1`,
      [...keys, customer.email],
    ),
  };
};

/**
 * Recovery cases are the service team's record and stay, anonymised: the customer's details and
 * the words their signals quoted go. The tickets their cases opened in the helpdesk are redacted
 * there by a job enqueued here, in this transaction (so it is never lost), and worked after it by
 * the helpdeskJobs schedule, retried while the helpdesk is down; a pending "solve" job of those
 * cases keeps a neutral note instead of the team's. Messages still on the local queue, and
 * failures kept with their bodies, go.
 */
const eraseRecovery = async (
  tx: SqlExecutor,
  customer: CustomerToErase,
  customerKeys: string[],
  orderIds: string[],
  at: Date,
): Promise<ErasureSummary> => {
  const count = async (sql: string, params: readonly unknown[]) => (await tx.query(sql, params)).length;
  const keys = [customer.tenantId, customerKeys, orderIds];
  const cases = await tx.query<{ id: string; ticket_id: string | null }>(
    `UPDATE recovery_cases SET customer_key = 'redacted:' || id, customer = ${ANONYMOUS_CUSTOMER(`'redacted:' || id`)} - 'id' - 'locale' - 'acceptsMarketing', updated_at = now()
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) RETURNING id, ticket_id`,
    keys,
  );
  const caseIds = cases.map((row) => row.id);
  await tx.query(
    `UPDATE helpdesk_jobs SET payload = CASE WHEN state = 'pending' THEN jsonb_build_object('note', $2::text) ELSE '{}'::jsonb END
     WHERE case_id = ANY($1::text[]) AND kind = 'solve_ticket'`,
    [caseIds, ERASED_SOLVE_NOTE],
  );
  const tickets = [...new Map(cases.flatMap((row) => (row.ticket_id ? [[row.ticket_id, row.id] as const] : []))).entries()];
  for (const [ticketId, caseId] of tickets) {
    await enqueueHelpdeskJob(
      tx,
      { tenantId: customer.tenantId, kind: 'redact_ticket', dedupeKey: redactJobKey(ticketId), ticketId, caseId, payload: {}, renew: true },
      at,
    );
  }
  const signals = await tx.query<{ signal_id: string }>(
    `UPDATE recovery_case_signals SET customer_key = 'redacted:' || case_id,
       signal = jsonb_set(signal #- '{origin,comment}' #- '{origin,text}' #- '{origin,title}', '{customer}',
         jsonb_build_object('key', 'redacted:' || case_id, 'email', null, 'phone', null, 'firstName', null, 'lastName', null))
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR case_id = ANY($3::text[])) RETURNING signal_id`,
    [customer.tenantId, customerKeys, caseIds],
  );
  const signalIds = signals.map((row) => row.signal_id);
  await tx.query(`UPDATE recovery_follow_ups SET customer_key = 'redacted:' || case_id WHERE case_id = ANY($1::text[])`, [caseIds]);
  const failures = await count('DELETE FROM recovery_failures WHERE tenant_id = $1 AND signal_id = ANY($2::text[]) RETURNING 1', [customer.tenantId, signalIds]);
  const queued = await count(
    `DELETE FROM local_queue_messages WHERE body::jsonb->>'tenantId' = $1
       AND (body::jsonb->'customer'->>'key' = ANY($2::text[]) OR body::jsonb->>'orderId' = ANY($3::text[])) RETURNING 1`,
    keys,
  );
  return { recoveryCases: caseIds.length, recoverySignals: signalIds.length, recoveryFailures: failures, queuedSignals: queued, ticketRedactions: tickets.length };
};

/**
 * Erases a whole shop (Shopify's shop/redact, 48 hours after it uninstalled the app): the tenant
 * and everything under it, its records in the embedded log and its dead letters. What remains is
 * a tombstone refusing older events of the shop, and the secrets that verify Shopify's retries.
 */
export const eraseShop = async (tx: SqlExecutor, erasures: Pick<ErasureRepository, 'tombstone'>, tenantId: string, at: Date): Promise<ErasureSummary> => {
  const [tenant] = await tx.query<{ shop_domain: string | null; webhook_secret: string; previous_webhook_secret: string | null; previous_webhook_secret_expires_at: Date | null }>(
    'SELECT shop_domain, webhook_secret, previous_webhook_secret, previous_webhook_secret_expires_at FROM tenants WHERE id = $1 FOR UPDATE',
    [tenantId],
  );
  if (tenant) {
    await tx.query(
      `INSERT INTO erased_shops (tenant_id, shop_domain, webhook_secret, previous_webhook_secret, previous_webhook_secret_expires_at, erased_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET shop_domain = EXCLUDED.shop_domain, webhook_secret = EXCLUDED.webhook_secret,
         previous_webhook_secret = EXCLUDED.previous_webhook_secret, previous_webhook_secret_expires_at = EXCLUDED.previous_webhook_secret_expires_at,
         erased_at = EXCLUDED.erased_at`,
      [tenantId, tenant.shop_domain, tenant.webhook_secret, tenant.previous_webhook_secret, tenant.previous_webhook_secret_expires_at, at],
    );
  }
  const orders = (await tx.query('SELECT 1 FROM orders WHERE tenant_id = $1', [tenantId])).length;
  // Every table of the tenant's data references it ON DELETE CASCADE.
  const tenants = (await tx.query('DELETE FROM tenants WHERE id = $1 RETURNING 1', [tenantId])).length;
  const prefix = `${tenantId}/`;
  const logRecords = (await tx.query('DELETE FROM local_log WHERE left(key, $2) = $1 RETURNING 1', [prefix, prefix.length])).length;
  const deadLetters = (await tx.query(`DELETE FROM dead_letters WHERE left(dead_letter->>'key', $2) = $1 RETURNING 1`, [prefix, prefix.length])).length;
  await erasures.tombstone(tx, tenantId, [{ kind: 'shop' }], at);
  return { tenants, orders, logRecords, deadLetters };
};
