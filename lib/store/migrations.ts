/**
 * The schema, as an append-only list: a migration that has shipped is never edited, a change is
 * a new entry. Kept in code (not .sql files) so the esbuild bundle of every Lambda carries it.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_order_intake',
    sql: `
      CREATE TABLE tenants (
        id text PRIMARY KEY,
        platform text NOT NULL CHECK (platform IN ('shopify', 'woocommerce', 'bigcommerce')),
        shop_domain text UNIQUE,
        webhook_secret text NOT NULL,
        previous_webhook_secret text,
        api_url text,
        api_token text,
        api_key_hash text NOT NULL UNIQUE,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- A delivery is 'claimed' while one request publishes it, 'published' once its event is on
      -- the log; only 'published' means processed. A claim older than its lease may be taken over.
      CREATE TABLE webhook_deliveries (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        delivery_key text NOT NULL,
        state text NOT NULL CHECK (state IN ('claimed', 'published')),
        claim_token text NOT NULL,
        claimed_at timestamptz NOT NULL,
        published_at timestamptz,
        event_id text,
        PRIMARY KEY (tenant_id, delivery_key)
      );

      -- The order as of its latest event by event time. State (kind) follows every event;
      -- details (customer, items, totals) follow only events that describe the whole order.
      CREATE TABLE orders (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        order_id text NOT NULL,
        platform text NOT NULL,
        order_number text,
        kind text NOT NULL,
        state_at timestamptz NOT NULL,
        customer_key text NOT NULL,
        customer_email text,
        customer_phone text,
        customer jsonb NOT NULL,
        currency text,
        total numeric,
        refunded_total numeric,
        items jsonb NOT NULL,
        placed_at timestamptz,
        delivered_at timestamptz,
        details_at timestamptz,
        last_event_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, order_id)
      );
      CREATE INDEX orders_by_customer ON orders (tenant_id, customer_key);

      -- Every lifecycle event once, keyed by the platform event id: a redelivery changes nothing.
      CREATE TABLE order_events (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        event_id text NOT NULL,
        order_id text NOT NULL,
        kind text NOT NULL,
        occurred_at timestamptz NOT NULL,
        source text NOT NULL,
        event jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, event_id)
      );
      CREATE INDEX order_events_by_order ON order_events (tenant_id, order_id, occurred_at);

      -- Every dead letter once per source (a redelivered poison record is not recorded twice).
      CREATE TABLE dead_letters (
        source_key text PRIMARY KEY,
        handler text NOT NULL,
        reason text NOT NULL,
        dead_letter jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- The embedded event log (npm start without KAFKA_BROKERS): Kafka's shape, in the store.
      CREATE TABLE local_log (
        "offset" bigserial PRIMARY KEY,
        topic text NOT NULL,
        partition integer NOT NULL,
        key text,
        value bytea NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX local_log_by_partition ON local_log (topic, partition, "offset");
      CREATE TABLE local_log_commits (
        group_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        committed_offset bigint NOT NULL,
        PRIMARY KEY (group_id, topic, partition)
      );

      -- Instance-wide values afterglow generates once and keeps (the link signing key).
      CREATE TABLE instance_settings (
        key text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    id: '0002_tenant_settings_history',
    sql: `
      -- Every settings change with who made it and when: the consent mode is the tenant's
      -- recorded choice, not a silent default.
      CREATE TABLE tenant_setting_changes (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        changes jsonb NOT NULL,
        actor text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX tenant_setting_changes_by_tenant ON tenant_setting_changes (tenant_id, changed_at);
    `,
  },
  {
    id: '0003_outreach',
    sql: `
      -- Every ask afterglow makes of a customer (feedback request, review invitation, referral,
      -- testimonial, follow-ups): once per order and kind (dedupe_key), claimed by one dispatcher at
      -- a time (lease), and never silently dropped: it ends sent, withdrawn, skipped or failed, with a reason.
      CREATE TABLE outreach (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        order_id text,
        customer_key text NOT NULL,
        kind text NOT NULL,
        dedupe_key text NOT NULL,
        state text NOT NULL CHECK (state IN ('scheduled', 'sending', 'sent', 'withdrawn', 'skipped', 'failed')),
        -- The journey point (never moved) and when it may go next (moved by postponements and retries).
        journey_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        -- Review invitations keep their journey point for everyone: the contact budget never moves them.
        fixed_time boolean NOT NULL DEFAULT false,
        -- What the ask was scheduled from (the trigger, or the fallback after fulfilment).
        basis text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        postponements integer NOT NULL DEFAULT 0,
        last_postponed_reason text,
        send_attempts integer NOT NULL DEFAULT 0,
        lease_token text,
        lease_until timestamptz,
        channel text CHECK (channel IN ('email', 'sms')),
        recipient text,
        provider text,
        provider_message_id text,
        outcome_reason text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, dedupe_key)
      );
      CREATE INDEX outreach_due ON outreach (due_at) WHERE state IN ('scheduled', 'sending');
      CREATE INDEX outreach_by_customer ON outreach (tenant_id, customer_key);
      CREATE INDEX outreach_by_order ON outreach (tenant_id, order_id);

      -- Every call to a provider for an ask, successful or not.
      CREATE TABLE outreach_attempts (
        id bigserial PRIMARY KEY,
        outreach_id text NOT NULL REFERENCES outreach (id) ON DELETE CASCADE,
        send_attempt integer NOT NULL,
        call_attempt integer NOT NULL,
        provider text NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status integer,
        ok boolean NOT NULL,
        error text
      );
      CREATE INDEX outreach_attempts_by_outreach ON outreach_attempts (outreach_id, id);

      -- The embedded default's provider: messages are kept here and shown, nothing is sent.
      CREATE TABLE outbox_messages (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        outreach_id text NOT NULL UNIQUE REFERENCES outreach (id) ON DELETE CASCADE,
        channel text NOT NULL,
        recipient text NOT NULL,
        message jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX outbox_messages_by_tenant ON outbox_messages (tenant_id, id);

      -- Who must not be contacted on a channel (unsubscribe, SMS STOP). Lifting (SMS START) keeps the row.
      CREATE TABLE suppressions (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        address text NOT NULL,
        customer_key text,
        suppressed boolean NOT NULL,
        reason text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, channel, address)
      );
    `,
  },
  {
    id: '0004_feedback',
    sql: `
      -- One feedback per order and ask (the page) or per caller's id (the API); each submission is
      -- a new revision, kept whole, and published to afterglow.feedback. Revisions not yet on the
      -- log are published again by the relay (published_at IS NULL): none is lost.
      CREATE TABLE feedback (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        source text NOT NULL,
        source_key text NOT NULL,
        order_id text,
        customer_key text NOT NULL,
        revision integer NOT NULL,
        first_submitted_at timestamptz NOT NULL,
        submitted_at timestamptz NOT NULL,
        UNIQUE (tenant_id, source, source_key)
      );
      CREATE INDEX feedback_by_order ON feedback (tenant_id, order_id);

      CREATE TABLE feedback_revisions (
        feedback_id text NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
        revision integer NOT NULL,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        PRIMARY KEY (feedback_id, revision)
      );
      CREATE INDEX feedback_revisions_unpublished ON feedback_revisions (created_at) WHERE published_at IS NULL;
    `,
  },
  {
    id: '0005_feedback_classification',
    sql: `
      -- The latest classification of each feedback and what afterglow decided to do about it
      -- (advocacy, recovery). Only a higher revision replaces it: redeliveries and late older
      -- revisions change nothing.
      CREATE TABLE feedback_classifications (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        feedback_id text NOT NULL,
        revision integer NOT NULL,
        order_id text,
        customer_key text NOT NULL,
        stage text,
        score numeric,
        scale text,
        sentiment text NOT NULL CHECK (sentiment IN ('happy', 'neutral', 'unhappy')),
        confidence real NOT NULL,
        issues text[] NOT NULL,
        recovery boolean NOT NULL,
        language text NOT NULL,
        reasons jsonb NOT NULL,
        routing jsonb NOT NULL,
        source text NOT NULL,
        submitted_at timestamptz NOT NULL,
        classified_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, feedback_id)
      );
      CREATE INDEX feedback_classifications_by_customer ON feedback_classifications (tenant_id, customer_key);
      CREATE INDEX feedback_classifications_by_time ON feedback_classifications (tenant_id, submitted_at);
    `,
  },
  {
    id: '0006_advocacy',
    sql: `
      -- Clicks on review links (/go/{token}): an analytics log, append-only. The review reminder
      -- stops once the customer clicked through.
      CREATE TABLE link_clicks (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        outreach_id text,
        order_id text,
        customer_key text NOT NULL,
        destination text NOT NULL,
        clicked_at timestamptz NOT NULL,
        user_agent text
      );
      CREATE INDEX link_clicks_by_outreach ON link_clicks (outreach_id);
      CREATE INDEX link_clicks_by_customer ON link_clicks (tenant_id, customer_key);

      -- One referral code per advocate (a happy customer), with what the fraud checks compare.
      CREATE TABLE referral_codes (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        code text NOT NULL,
        customer_key text NOT NULL,
        email text,
        full_name text,
        address_key text,
        feedback_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Codes are unique across tenants: the landing route /r/{code} names no tenant.
        PRIMARY KEY (code),
        UNIQUE (tenant_id, customer_key)
      );
      CREATE TABLE referral_visits (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        code text NOT NULL,
        visited_at timestamptz NOT NULL,
        user_agent text
      );
      CREATE INDEX referral_visits_by_code ON referral_visits (tenant_id, code);

      -- A referred order: attributed once, then held for the return window, granted, refused
      -- (with the fraud check that refused it), cancelled or clawed back on a refund.
      CREATE TABLE referrals (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        order_id text NOT NULL,
        code text NOT NULL,
        advocate_key text NOT NULL,
        friend_key text NOT NULL,
        attributed_via text NOT NULL CHECK (attributed_via IN ('discount_code', 'landing')),
        order_total numeric,
        state text NOT NULL CHECK (state IN ('held', 'refused', 'granted', 'cancelled', 'clawed_back')),
        reason text,
        qualifies_at timestamptz,
        granted_at timestamptz,
        settled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, order_id)
      );
      CREATE INDEX referrals_due ON referrals (qualifies_at) WHERE state = 'held';
      CREATE INDEX referrals_by_code ON referrals (tenant_id, code);
    `,
  },
  {
    id: '0010_recovery',
    sql: `
      -- Service recovery cases: at most one open (not resolved) case per tenant, customer and
      -- order; order_key is the order id, or '' for signals that name no order (a review).
      CREATE TABLE recovery_cases (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        customer_key text NOT NULL,
        order_key text NOT NULL,
        order_id text,
        customer jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
        severity text NOT NULL CHECK (severity IN ('urgent', 'high', 'normal', 'low')),
        priority integer NOT NULL,
        categories jsonb NOT NULL,
        summary text NOT NULL,
        sla_due_at timestamptz NOT NULL,
        signal_count integer NOT NULL DEFAULT 1,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        outcome jsonb,
        ticket_id text,
        ticket_url text
      );
      CREATE UNIQUE INDEX recovery_cases_one_open ON recovery_cases (tenant_id, customer_key, order_key)
        WHERE state <> 'resolved';
      CREATE INDEX recovery_cases_worklist ON recovery_cases (tenant_id, priority DESC, sla_due_at, id);
      CREATE INDEX recovery_cases_by_customer ON recovery_cases (tenant_id, customer_key);

      -- Every signal once per tenant (signalId): a redelivered message joins its case once.
      -- effect: what it did to its case; helpdesk/chat: whether its ticket or alert went out.
      CREATE TABLE recovery_case_signals (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        signal_id text NOT NULL,
        case_id text NOT NULL REFERENCES recovery_cases (id) ON DELETE CASCADE,
        customer_key text NOT NULL,
        signal jsonb NOT NULL,
        triage jsonb NOT NULL,
        effect text NOT NULL CHECK (effect IN ('opened', 'joined', 'escalated', 'capped')),
        message_id text,
        helpdesk text NOT NULL CHECK (helpdesk IN ('pending', 'done', 'skipped')),
        chat text NOT NULL CHECK (chat IN ('pending', 'done', 'skipped')),
        received_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, signal_id)
      );
      CREATE INDEX recovery_case_signals_by_customer ON recovery_case_signals (tenant_id, customer_key, received_at);
      CREATE INDEX recovery_case_signals_by_case ON recovery_case_signals (case_id, received_at);

      -- Why a recovery queue message failed, by SQS message id (the DLQ keeps the same id and
      -- carries no reason): the latest reason and every attempt.
      CREATE TABLE recovery_failures (
        message_id text PRIMARY KEY,
        queue text NOT NULL,
        tenant_id text,
        signal_id text,
        reason text NOT NULL,
        error_name text,
        retryable boolean NOT NULL,
        receive_count integer NOT NULL,
        body text NOT NULL,
        attempts jsonb NOT NULL DEFAULT '[]'::jsonb,
        first_failed_at timestamptz NOT NULL,
        last_failed_at timestamptz NOT NULL
      );

      -- "Did we put it right?": one follow-up per resolved case, for the outreach scheduler.
      CREATE TABLE recovery_follow_ups (
        case_id text PRIMARY KEY REFERENCES recovery_cases (id) ON DELETE CASCADE,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        customer_key text NOT NULL,
        order_id text,
        outcome jsonb NOT NULL,
        state text NOT NULL DEFAULT 'requested',
        requested_at timestamptz NOT NULL
      );

      -- Reviews posted on review platforms, once per source and review id. A negative one
      -- raises a recovery signal; signal_sent_at is set once it is on the recovery queue.
      CREATE TABLE reviews (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        source text NOT NULL,
        review_id text NOT NULL,
        rating numeric,
        title text,
        body text,
        reviewer_name text,
        reviewer_email text,
        reference_id text,
        order_id text,
        customer_key text,
        url text,
        language text,
        posted_at timestamptz,
        received_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        signal_id text,
        signal_sent_at timestamptz,
        PRIMARY KEY (tenant_id, source, review_id)
      );
      CREATE INDEX reviews_by_customer ON reviews (tenant_id, customer_key);
      CREATE INDEX reviews_by_order ON reviews (tenant_id, order_id);

      -- The embedded recovery queue (npm start without RECOVERY_QUEUE_URL): SQS's shape in the
      -- store, with visibility timeouts, receive counts and a dead-letter queue.
      CREATE TABLE local_queue_messages (
        message_id text PRIMARY KEY,
        queue text NOT NULL,
        body text NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        sent_at timestamptz NOT NULL,
        visible_at timestamptz NOT NULL,
        receive_count integer NOT NULL DEFAULT 0,
        first_received_at timestamptz,
        receipt_handle text,
        dead_lettered_at timestamptz,
        dead_letter_reason text
      );
      CREATE INDEX local_queue_messages_ready ON local_queue_messages (queue, visible_at, sent_at);
    `,
  },
  {
    id: '0011_review_incentive',
    sql: `
      -- A first-party review written while the tenant offered an incentive for reviews: flagged
      -- (the incentive is the same for every reviewer, whatever they write).
      ALTER TABLE reviews ADD COLUMN incentivised boolean NOT NULL DEFAULT false;
    `,
  },
  {
    id: '0012_satisfaction_alerts',
    sql: `
      -- One alert per tenant, metric and week: pending until the chat webhook took it (a failed
      -- post is tried again on the next check), then sent.
      CREATE TABLE satisfaction_alerts (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        metric text NOT NULL CHECK (metric IN ('nps', 'csat')),
        week_of date NOT NULL,
        previous_score numeric NOT NULL,
        score numeric NOT NULL,
        responses integer NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'sent', 'no_channel')),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (tenant_id, metric, week_of)
      );
    `,
  },
  {
    id: '0007_testimonials',
    sql: `
      -- One testimonial per feedback whose customer let it be quoted: the words (following the
      -- feedback's latest revision), the permission as it stands now, and the merchant's approval.
      -- Exported only while approved AND consented. An approval gives the row the next export
      -- position: the export pages on it, so rows approved later come after every earlier page.
      CREATE SEQUENCE testimonial_export_positions;
      CREATE TABLE testimonials (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        feedback_id text NOT NULL,
        order_id text,
        customer_key text NOT NULL,
        first_name text,
        last_name text,
        quote text NOT NULL,
        language text,
        score numeric,
        scale text,
        products jsonb NOT NULL DEFAULT '[]'::jsonb,
        -- It answers an order afterglow saw (not an unverifiable API submission).
        verified_purchase boolean NOT NULL,
        -- The tenant rewarded testimonials when this one was given (an endorsement to disclose).
        incentivised boolean NOT NULL,
        submitted_at timestamptz NOT NULL,
        approval text NOT NULL DEFAULT 'pending' CHECK (approval IN ('pending', 'approved', 'rejected')),
        reviewed_at timestamptz,
        review_note text,
        export_position bigint UNIQUE,
        -- The permission as it stands (the latest of testimonial_consents).
        consent_id bigint NOT NULL,
        consent_granted boolean NOT NULL,
        consent_wording text NOT NULL,
        consent_wording_version text NOT NULL,
        consent_locale text NOT NULL,
        consent_scopes text[] NOT NULL,
        display_name_form text NOT NULL,
        consent_recorded_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, feedback_id)
      );
      CREATE INDEX testimonials_exportable ON testimonials (tenant_id, export_position)
        WHERE approval = 'approved' AND consent_granted;
      CREATE INDEX testimonials_by_customer ON testimonials (tenant_id, customer_key);
      CREATE INDEX testimonials_by_state ON testimonials (tenant_id, approval, created_at);

      -- Every grant and withdrawal, as it was put to the customer: never overwritten.
      CREATE TABLE testimonial_consents (
        id bigserial PRIMARY KEY,
        testimonial_id text NOT NULL REFERENCES testimonials (id) ON DELETE CASCADE,
        granted boolean NOT NULL,
        wording text NOT NULL,
        wording_version text NOT NULL,
        locale text NOT NULL,
        scopes text[] NOT NULL,
        display_name_form text NOT NULL,
        recorded_at timestamptz NOT NULL,
        -- Where the customer said it: the feedback page, the API, the consent page.
        channel text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX testimonial_consents_by_testimonial ON testimonial_consents (testimonial_id, id);
    `,
  },
  {
    id: '0008_privacy',
    sql: `
      -- Who was erased, so a replay of old Kafka events never brings them back: one row per
      -- erased subject (a customer key, an order id, or a whole shop), as a SHA-256 of the
      -- subject rather than the subject itself. No foreign key: a shop's tombstone outlives it.
      CREATE TABLE erasure_tombstones (
        tenant_id text NOT NULL,
        subject text NOT NULL,
        erased_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, subject)
      );

      -- An erased shop keeps what verifies Shopify's later deliveries about it (a retried
      -- shop/redact is answered 200, not 404), and nothing else.
      CREATE TABLE erased_shops (
        tenant_id text PRIMARY KEY,
        shop_domain text,
        webhook_secret text NOT NULL,
        previous_webhook_secret text,
        erased_at timestamptz NOT NULL
      );
      CREATE INDEX erased_shops_by_domain ON erased_shops (shop_domain);

      -- Every privacy request received (Shopify's customers/redact, customers/data_request,
      -- shop/redact): what was done and when, in counts — never the customer's data.
      CREATE TABLE privacy_requests (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        topic text NOT NULL,
        delivery_key text NOT NULL,
        platform_request_id text,
        received_at timestamptz NOT NULL,
        summary jsonb NOT NULL,
        UNIQUE (tenant_id, delivery_key)
      );
      CREATE INDEX privacy_requests_by_tenant ON privacy_requests (tenant_id, received_at);

      -- The data afterglow holds about a customer, gathered for a data request, kept for the
      -- merchant to fetch (GET /api/privacy/requests/{id}/data) and erased with the customer.
      CREATE TABLE customer_data_exports (
        request_id text PRIMARY KEY REFERENCES privacy_requests (id) ON DELETE CASCADE,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        customer_keys text[] NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: '0140_secret_rotation',
    sql: `
      -- A rotated webhook secret keeps verifying until this time, then never again. Secrets kept
      -- before rotation windows existed get the documented default window from now.
      ALTER TABLE tenants ADD COLUMN previous_webhook_secret_expires_at timestamptz;
      UPDATE tenants SET previous_webhook_secret_expires_at = now() + interval '72 hours' WHERE previous_webhook_secret IS NOT NULL;
      ALTER TABLE erased_shops ADD COLUMN previous_webhook_secret_expires_at timestamptz;
      UPDATE erased_shops SET previous_webhook_secret_expires_at = now() + interval '72 hours' WHERE previous_webhook_secret IS NOT NULL;
    `,
  },
  {
    id: '0180_recovery_order_number',
    sql: `
      -- The order as the shop names it to its customers (#1042): tickets and alerts say it.
      ALTER TABLE recovery_cases ADD COLUMN order_number text;
    `,
  },
  {
    id: '0120_commit_order_and_log_leases',
    sql: `
      -- Ids that readers page by (the local log's offsets, outbox ids, testimonial export
      -- positions) are taken at insert but seen at commit. A writer takes its scope's row here
      -- (one per log partition, one per tenant) before it takes an id and holds it until it commits,
      -- so within a scope ids become visible in the order they were taken and a reader past an id
      -- never misses one that commits late.
      CREATE TABLE commit_order_locks (
        scope text PRIMARY KEY,
        writes bigint NOT NULL DEFAULT 0
      );

      -- Who consumes a partition of the local log for a group, until when (the database's clock):
      -- renewed while it works, taken over once expired, so two processes on one PostgreSQL never
      -- both consume a partition.
      CREATE TABLE local_log_leases (
        group_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        owner text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (group_id, topic, partition)
      );
    `,
  },
  {
    id: '0121_retention_indexes',
    sql: `
      -- The prune schedule finds expired rows by age (lib/store/retention.ts), in bounded batches.
      CREATE INDEX local_log_by_age ON local_log (created_at);
      CREATE INDEX outbox_messages_by_age ON outbox_messages (created_at);
      CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries ((COALESCE(published_at, claimed_at)));
      CREATE INDEX dead_letters_by_age ON dead_letters (created_at);
      CREATE INDEX recovery_failures_by_age ON recovery_failures (last_failed_at);
    `,
  },
  {
    id: '0141_link_handles',
    sql: `
      -- Customer links carry an opaque random handle; what it stands for is kept here, never in
      -- the URL. Erased with the customer (customers/redact) and, by the cascade, with the shop.
      CREATE TABLE link_handles (
        handle text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('feedback', 'unsubscribe', 'consent', 'go')),
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        order_id text,
        customer_key text NOT NULL,
        outreach_id text,
        channel text,
        address text,
        subject text,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX link_handles_by_customer ON link_handles (tenant_id, customer_key);
      CREATE INDEX link_handles_by_order ON link_handles (tenant_id, order_id);
    `,
  },
  {
    id: '0210_dead_letter_redrive',
    sql: `
      -- The tenant a dead letter was about (DeadLetter v2), for the tenant API's listing.
      ALTER TABLE dead_letters ADD COLUMN tenant_id text;
      UPDATE dead_letters SET tenant_id = dead_letter->>'tenantId' WHERE dead_letter->>'tenantId' IS NOT NULL;
      CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant_id, created_at DESC);
      -- Each dead letter's source (topic-partition-offset or queue message) republished once,
      -- whichever path it was found on (the table, the DLQ topic, Lambda's failure destination).
      CREATE TABLE dead_letter_redrives (
        source_key text PRIMARY KEY,
        target text NOT NULL,
        redriven_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: '0160_outreach_history',
    sql: `
      -- Why each ask went when it did: every plan, postponement, retry, skip, withdrawal and send,
      -- at the time of the clock that did the work (a run for another moment, dispatch --now, records
      -- that moment), naming the ask that took the budget or stood first.
      CREATE TABLE outreach_history (
        id bigserial PRIMARY KEY,
        outreach_id text NOT NULL REFERENCES outreach (id) ON DELETE CASCADE,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        action text NOT NULL CHECK (action IN ('planned', 'moved', 'postponed', 'retry', 'sent', 'failed', 'skipped', 'withdrawn', 'replanned')),
        reason text,
        due_at timestamptz,
        blocked_by text
      );
      CREATE INDEX outreach_history_by_outreach ON outreach_history (outreach_id, id);
      -- What kind of reason ended an ask ('consent' asks come back when the consent settings change).
      ALTER TABLE outreach ADD COLUMN outcome_cause text;
      CREATE INDEX outreach_skipped_for_consent ON outreach (tenant_id) WHERE state = 'skipped' AND outcome_cause = 'consent';
      -- The outbox records when the message went by the dispatch run's clock.
      ALTER TABLE outbox_messages ADD COLUMN sent_at timestamptz;
    `,
  },
  {
    id: '0161_consent_per_kind',
    sql: `
      -- consent.mode (one rule for every ask) becomes a consent setting per kind of ask. A tenant
      -- that chose accepted_marketing itself (it is in the settings history) keeps that strictness
      -- for every ask; all_customers keeps sending to everyone not opted out, marketing included
      -- where the platform says nothing; accepted_marketing that was only the old default (stored
      -- with the other defaults by a later change) takes the new defaults.
      WITH chosen AS (
        SELECT t.id, t.settings->'consent'->>'mode' AS mode,
          EXISTS (SELECT 1 FROM tenant_setting_changes c, jsonb_array_elements(c.changes) AS change
                  WHERE c.tenant_id = t.id AND change->>'path' IN ('consent.mode', 'consent')) AS explicit
        FROM tenants t WHERE t.settings->'consent' ? 'mode'
      ), migrated AS (
        UPDATE tenants t SET settings = jsonb_set(t.settings, '{consent}',
            CASE WHEN chosen.mode = 'all_customers' THEN '{"unreportedMarketing":"send"}'::jsonb
                 WHEN chosen.mode = 'accepted_marketing' AND chosen.explicit
                   THEN '{"feedbackRequest":"marketing","reviewInvitation":"marketing","unreportedMarketing":"skip"}'::jsonb
                 ELSE '{}'::jsonb END),
          updated_at = now()
        FROM chosen WHERE t.id = chosen.id
        RETURNING t.id, chosen.mode, chosen.explicit
      )
      INSERT INTO tenant_setting_changes (tenant_id, changes, actor)
      SELECT id, jsonb_build_array(jsonb_build_object('path', 'consent.mode', 'value', NULL, 'was', mode, 'explicit', explicit)), 'migration 0161_consent_per_kind'
      FROM migrated;

      -- The contact budget's old defaults (1 per 7 days, 4 per 30), stored by a later change but never
      -- chosen, give way to the new defaults, which leave room for the feedback request and the invitation.
      UPDATE tenants t SET settings = t.settings #- '{contact,maxPer7Days}' #- '{contact,maxPer30Days}', updated_at = now()
      WHERE (t.settings->'contact'->>'maxPer7Days') = '1' AND (t.settings->'contact'->>'maxPer30Days') = '4'
        AND NOT EXISTS (SELECT 1 FROM tenant_setting_changes c, jsonb_array_elements(c.changes) AS change
                        WHERE c.tenant_id = t.id AND change->>'path' IN ('contact', 'contact.maxPer7Days', 'contact.maxPer30Days'));
    `,
  },
  {
    id: '0162_customer_refs',
    sql: `
      -- An opaque id for each customer the tenant API names (timelines): a customer key may hold an
      -- email address, and an email never goes in a URL. Erased with the customer.
      CREATE TABLE customer_refs (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        customer_id text NOT NULL UNIQUE,
        customer_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, customer_key)
      );
    `,
  },
  {
    id: '0230_order_reconciliation',
    sql: `
      -- How far each tenant's platform API has been read for changed orders that no webhook
      -- brought (lib/intake/reconcile-orders.ts): the cursor only moves forward.
      CREATE TABLE reconciliation_cursors (
        tenant_id text PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
        synced_until timestamptz NOT NULL,
        last_run jsonb,
        last_run_at timestamptz,
        last_failure text,
        last_failure_at timestamptz
      );
    `,
  },
  {
    id: '0231_console',
    sql: `
      -- Merchant console sessions: the cookie holds a random token, the store its SHA-256 only.
      -- The person who signed in is named, for the settings and case histories.
      CREATE TABLE console_sessions (
        token_hash text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        person text NOT NULL,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX console_sessions_by_tenant ON console_sessions (tenant_id);

      -- Failed sign-ins per source, in fixed windows: kept in the store so the limit holds across
      -- Lambda instances; old windows are deleted as new ones are counted.
      CREATE TABLE console_sign_in_failures (
        source text NOT NULL,
        window_start timestamptz NOT NULL,
        failures integer NOT NULL,
        PRIMARY KEY (source, window_start)
      );

      -- Short-lived links the console hands out for the streamed testimonial export (on Lambda a
      -- Function URL of its own), so the page never holds the tenant API key.
      CREATE TABLE console_export_links (
        token_hash text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      );
    `,
  },
  {
    id: '0300_objective_skip_causes',
    sql: `
      -- The objective cause of a skip sits beside its reason, so the fairness audit can tell the
      -- customers who were never eligible for a review invitation from the eligible ones not
      -- invited: name the causes that earlier versions wrote as a reason only.
      UPDATE outreach SET outcome_cause = 'frequency'
        WHERE state = 'skipped' AND outcome_cause IS NULL AND kind = 'review_invitation' AND outcome_reason LIKE '%(reviews.frequencyDays)';
      UPDATE outreach SET outcome_cause = 'merged'
        WHERE state = 'skipped' AND outcome_cause IS NULL AND kind = 'feedback_request' AND outcome_reason LIKE 'merged:%';
      UPDATE outreach SET outcome_cause = 'unreachable'
        WHERE state = 'skipped' AND outcome_cause IS NULL AND kind = 'review_invitation'
          AND outcome_reason IN ('no review destinations are set up', 'Trustpilot invites by email and the customer has no email address');
    `,
  },
  {
    id: '0310_helpdesk_jobs',
    sql: `
      -- Work afterglow owes a tenant's helpdesk, done by the helpdeskJobs schedule, never inline:
      -- solving the ticket of a case resolved in afterglow (with an internal note), and redacting
      -- the tickets of an erased customer. One row per job (dedupe_key), retried with backoff a
      -- bounded number of times; 'failed' keeps the reason. Rows hold ticket and case ids and the
      -- note afterglow writes, never the customer's details.
      CREATE TABLE helpdesk_jobs (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('solve_ticket', 'redact_ticket')),
        dedupe_key text NOT NULL,
        ticket_id text NOT NULL,
        case_id text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        finished_at timestamptz,
        UNIQUE (tenant_id, dedupe_key)
      );
      CREATE INDEX helpdesk_jobs_due ON helpdesk_jobs (next_attempt_at) WHERE state = 'pending';
      CREATE INDEX helpdesk_jobs_by_case ON helpdesk_jobs (case_id) WHERE case_id IS NOT NULL;
      -- A Zendesk ticket solved in the helpdesk finds its case by ticket id.
      CREATE INDEX recovery_cases_by_ticket ON recovery_cases (tenant_id, ticket_id) WHERE ticket_id IS NOT NULL;
    `,
  },
];
