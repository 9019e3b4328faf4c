import type { SqlExecutor } from '../store/database.ts';
import type { CustomerToErase, ErasureRepository } from '../store/erasure-repository.ts';

/**
 * Everything afterglow holds about one customer (Shopify's customers/data_request), gathered in
 * one transaction as a JSON document for the merchant to hand over: orders and their lifecycle
 * events, every message asked or sent, every feedback revision, testimonials with their consent
 * history, unsubscribes, referral codes, reviews and recovery cases.
 */
export const gatherCustomerData = async (
  tx: SqlExecutor,
  erasures: Pick<ErasureRepository, 'resolveCustomer'>,
  customer: CustomerToErase,
): Promise<{ customerKeys: string[]; data: Record<string, unknown>; counts: Record<string, number> }> => {
  const { tenantId } = customer;
  const { customerKeys, orderIds } = await erasures.resolveCustomer(tx, customer);
  const keys = [tenantId, customerKeys, orderIds];
  const orders = await tx.query(
    `SELECT order_id AS "orderId", order_number AS "orderNumber", kind AS state, customer, currency, total::text AS total, items,
       placed_at AS "placedAt", delivered_at AS "deliveredAt",
       (SELECT coalesce(jsonb_agg(e.event ORDER BY e.occurred_at), '[]'::jsonb) FROM order_events e WHERE e.tenant_id = o.tenant_id AND e.order_id = o.order_id) AS events
     FROM orders o WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) ORDER BY placed_at NULLS LAST, order_id`,
    keys,
  );
  const messages = await tx.query(
    `SELECT kind, state, channel, recipient, created_at AS "createdAt", sent_at AS "sentAt", outcome_reason AS "outcome"
     FROM outreach WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) ORDER BY created_at, id`,
    keys,
  );
  const feedback = await tx.query(
    `SELECT r.event FROM feedback f JOIN feedback_revisions r ON r.feedback_id = f.id
     WHERE f.tenant_id = $1 AND (f.customer_key = ANY($2::text[]) OR f.order_id = ANY($3::text[])) ORDER BY f.id, r.revision`,
    keys,
  );
  const testimonials = await tx.query(
    `SELECT t.id, t.quote, t.approval, t.consent_granted AS "consentGranted", t.submitted_at AS "submittedAt",
       (SELECT jsonb_agg(jsonb_build_object('granted', c.granted, 'wording', c.wording, 'wordingVersion', c.wording_version, 'locale', c.locale,
          'scopes', c.scopes, 'displayName', c.display_name_form, 'recordedAt', c.recorded_at, 'channel', c.channel) ORDER BY c.recorded_at, c.id)
        FROM testimonial_consents c WHERE c.testimonial_id = t.id) AS "consentHistory"
     FROM testimonials t WHERE t.tenant_id = $1 AND (t.customer_key = ANY($2::text[]) OR t.order_id = ANY($3::text[])) ORDER BY t.created_at`,
    keys,
  );
  const suppressions = await tx.query(
    `SELECT channel, address, suppressed, reason, changed_at AS "changedAt" FROM suppressions
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR (channel = 'email' AND address = $3) OR (channel = 'sms' AND address = $4))`,
    [tenantId, customerKeys, customer.email, customer.phone],
  );
  const referrals = await tx.query(
    `SELECT c.code, c.created_at AS "createdAt",
       (SELECT coalesce(jsonb_agg(jsonb_build_object('orderId', r.order_id, 'state', r.state, 'grantedAt', r.granted_at) ORDER BY r.created_at), '[]'::jsonb)
        FROM referrals r WHERE r.tenant_id = c.tenant_id AND r.code = c.code) AS "referredOrders"
     FROM referral_codes c WHERE c.tenant_id = $1 AND c.customer_key = ANY($2::text[])`,
    [tenantId, customerKeys],
  );
  const reviews = await tx.query(
    `SELECT source, review_id AS "reviewId", rating::text AS rating, title, body, posted_at AS "postedAt" FROM reviews
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) ORDER BY received_at`,
    keys,
  );
  const recoveryCases = await tx.query(
    `SELECT id, state, severity, summary, opened_at AS "openedAt", resolved_at AS "resolvedAt", outcome FROM recovery_cases
     WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])) ORDER BY opened_at`,
    keys,
  );
  const data = {
    schema: 'afterglow.CustomerData',
    version: 1,
    tenantId,
    orders,
    messages,
    feedback: feedback.map((row) => row.event),
    testimonials,
    suppressions,
    referrals,
    reviews,
    recoveryCases,
  };
  const counts = {
    orders: orders.length,
    messages: messages.length,
    feedback: feedback.length,
    testimonials: testimonials.length,
    suppressions: suppressions.length,
    referrals: referrals.length,
    reviews: reviews.length,
    recoveryCases: recoveryCases.length,
  };
  return { customerKeys, data, counts };
};
