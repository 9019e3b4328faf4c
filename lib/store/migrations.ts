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
];
