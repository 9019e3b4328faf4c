import { randomUUID } from 'node:crypto';
import type { DisplayNameForm, TestimonialConsent, TestimonialScope } from '../../events/feedback-event.ts';
import { holdCommitOrder } from './commit-order.ts';
import type { Database, SqlExecutor } from './database.ts';

/** A product the testimonial's order contained, as the export names it. */
export interface TestimonialProduct {
  readonly productId: string | null;
  readonly variantId: string | null;
  readonly sku: string | null;
  readonly title: string;
}

/** What a testimonial says and about what: taken from the feedback's latest revision and its order. */
export interface TestimonialContent {
  readonly tenantId: string;
  readonly feedbackId: string;
  readonly orderId: string | null;
  readonly customerKey: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly quote: string;
  readonly language: string | null;
  readonly score: number | null;
  readonly scale: string | null;
  readonly products: readonly TestimonialProduct[];
  readonly verifiedPurchase: boolean;
  readonly incentivised: boolean;
  readonly submittedAt: Date;
}

/** Where the customer gave or withdrew the permission. */
export type ConsentChannel = 'feedback_page' | 'api' | 'consent_page';

export type Approval = 'pending' | 'approved' | 'rejected';
/** What a testimonial is now: withdrawn permission wins over any approval. */
export type TestimonialState = Approval | 'revoked';

export interface StoredTestimonial extends TestimonialContent {
  readonly id: string;
  readonly approval: Approval;
  readonly state: TestimonialState;
  readonly reviewedAt: Date | null;
  readonly reviewNote: string | null;
  readonly consentId: string;
  readonly consent: TestimonialConsent;
  readonly createdAt: Date;
}

export interface ConsentRecord extends TestimonialConsent {
  readonly id: string;
  readonly channel: ConsentChannel;
}

export interface RecordedTestimonial {
  readonly testimonial: StoredTestimonial | null;
  /** The permission this call recorded (null: none given, or not newer than the one held). */
  readonly consentRecorded: ConsentRecord | null;
}

/**
 * An instant of the export: on both stores the text `Date#toISOString` prints, formatted by
 * PostgreSQL (see `isoInstantOf`), so the driver builds no Date per cell; a Date where a caller
 * built the row itself.
 */
export type ExportInstant = string | Date;

/** A row of the marketing export, as the store selects it; see lib/advocacy/testimonial-export.ts for its shape outside. */
export interface ExportRow {
  readonly id: string;
  readonly export_position: string;
  readonly quote: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly display_name_form: DisplayNameForm;
  readonly score: string | null;
  readonly scale: string | null;
  readonly language: string | null;
  readonly products: TestimonialProduct[];
  readonly verified_purchase: boolean;
  readonly incentivised: boolean;
  readonly submitted_at: ExportInstant;
  readonly reviewed_at: ExportInstant;
  readonly consent_scopes: TestimonialScope[];
  readonly consent_wording: string;
  readonly consent_wording_version: string;
  readonly consent_locale: string;
  readonly consent_recorded_at: ExportInstant;
}

export interface ExportFilter {
  readonly since: Date | null;
  readonly until: Date | null;
  readonly minScore: number | null;
  /** A product id, variant id, SKU or title (any case) of the order. */
  readonly product: string | null;
  readonly scope: TestimonialScope | null;
  /** Rows after this export position (the cursor). */
  readonly afterPosition: string;
}

export type ReviewOutcome = StoredTestimonial | 'not_found' | 'revoked' | 'nothing_to_quote';

export interface TestimonialRepository {
  /**
   * Creates the feedback's testimonial when permission is granted, or brings an existing one up
   * to date: new words send it back for approval; a permission newer than the one held (by the
   * time the customer gave it) becomes the current one and joins the history. Safe to repeat.
   */
  record(content: TestimonialContent, consent: { consent: TestimonialConsent; channel: ConsentChannel } | null): Promise<RecordedTestimonial>;
  find(tenantId: string, id: string): Promise<StoredTestimonial | null>;
  findByFeedback(tenantId: string, feedbackId: string): Promise<StoredTestimonial | null>;
  consentHistory(id: string): Promise<ConsentRecord[]>;
  review(tenantId: string, id: string, decision: 'approved' | 'rejected', note: string | null, at: Date): Promise<ReviewOutcome>;
  list(tenantId: string, options: { state: TestimonialState | null; limit: number; after: string | null }): Promise<StoredTestimonial[]>;
  /**
   * The exportable testimonials (approved, consented, with words and a scope) of one tenant in
   * export-position order, read from the store a batch at a time and never held whole.
   */
  exportRows(tenantId: string, filter: ExportFilter, batchSize?: number): AsyncIterable<ExportRow>;
  /** The same rows, a batch (as read from the store) at a time: no promise per row for a caller that takes them all. */
  exportBatches(tenantId: string, filter: ExportFilter, batchSize?: number): AsyncIterable<readonly ExportRow[]>;
}

interface TestimonialRow {
  id: string;
  tenant_id: string;
  feedback_id: string;
  order_id: string | null;
  customer_key: string;
  first_name: string | null;
  last_name: string | null;
  quote: string;
  language: string | null;
  score: string | null;
  scale: string | null;
  products: TestimonialProduct[];
  verified_purchase: boolean;
  incentivised: boolean;
  submitted_at: Date;
  approval: Approval;
  reviewed_at: Date | null;
  review_note: string | null;
  consent_id: string;
  consent_granted: boolean;
  consent_wording: string;
  consent_wording_version: string;
  consent_locale: string;
  consent_scopes: TestimonialScope[];
  display_name_form: DisplayNameForm;
  consent_recorded_at: Date;
  created_at: Date;
}

const COLUMNS = `id, tenant_id, feedback_id, order_id, customer_key, first_name, last_name, quote, language, score::text AS score,
  scale, products, verified_purchase, incentivised, submitted_at, approval, reviewed_at, review_note, consent_id::text AS consent_id,
  consent_granted, consent_wording, consent_wording_version, consent_locale, consent_scopes, display_name_form,
  consent_recorded_at, created_at`;

const testimonialOf = (row: TestimonialRow): StoredTestimonial => ({
  id: row.id,
  tenantId: row.tenant_id,
  feedbackId: row.feedback_id,
  orderId: row.order_id,
  customerKey: row.customer_key,
  firstName: row.first_name,
  lastName: row.last_name,
  quote: row.quote,
  language: row.language,
  score: row.score === null ? null : Number(row.score),
  scale: row.scale,
  products: row.products,
  verifiedPurchase: row.verified_purchase,
  incentivised: row.incentivised,
  submittedAt: new Date(row.submitted_at),
  approval: row.approval,
  state: row.consent_granted ? row.approval : 'revoked',
  reviewedAt: row.reviewed_at && new Date(row.reviewed_at),
  reviewNote: row.review_note,
  consentId: row.consent_id,
  consent: {
    granted: row.consent_granted,
    wording: row.consent_wording,
    wordingVersion: row.consent_wording_version,
    locale: row.consent_locale,
    scopes: row.consent_scopes,
    displayName: row.display_name_form,
    recordedAt: new Date(row.consent_recorded_at).toISOString(),
  },
  createdAt: new Date(row.created_at),
});

/** A permission that says the same as the one held adds nothing (the page re-submitted unchanged). */
const sameChoice = (held: TestimonialConsent, given: TestimonialConsent): boolean =>
  held.granted === given.granted &&
  held.wordingVersion === given.wordingVersion &&
  held.locale === given.locale &&
  held.displayName === given.displayName &&
  [...held.scopes].sort().join() === [...given.scopes].sort().join();

const insertConsent = async (tx: SqlExecutor, id: string, testimonialId: string, consent: TestimonialConsent, channel: ConsentChannel) => {
  await tx.query(
    `INSERT INTO testimonial_consents (id, testimonial_id, granted, wording, wording_version, locale, scopes, display_name_form, recorded_at, channel)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [id, testimonialId, consent.granted, consent.wording, consent.wordingVersion, consent.locale, consent.granted ? [...consent.scopes] : [], consent.displayName, consent.recordedAt, channel],
  );
};

const nextConsentId = async (tx: SqlExecutor): Promise<string> =>
  (await tx.query<{ id: string }>(`SELECT nextval('testimonial_consents_id_seq')::text AS id`))[0]?.id ?? '';

const recordIn = async (
  tx: SqlExecutor,
  content: TestimonialContent,
  given: { consent: TestimonialConsent; channel: ConsentChannel } | null,
  newId: () => string,
): Promise<RecordedTestimonial> => {
  // One feedback's testimonial changes one writer at a time (the feedback function, the consent page).
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`testimonial/${content.tenantId}/${content.feedbackId}`]);
  const [row] = await tx.query<TestimonialRow>(`SELECT ${COLUMNS} FROM testimonials WHERE tenant_id = $1 AND feedback_id = $2`, [
    content.tenantId,
    content.feedbackId,
  ]);
  if (!row) {
    // A testimonial exists only once permission was granted; a refusal with nothing to refuse is nothing.
    if (!given?.consent.granted) return { testimonial: null, consentRecorded: null };
    const id = newId();
    const consentId = await nextConsentId(tx);
    const { consent } = given;
    await tx.query(
      `INSERT INTO testimonials (id, tenant_id, feedback_id, order_id, customer_key, first_name, last_name, quote, language, score, scale,
         products, verified_purchase, incentivised, submitted_at, consent_id, consent_granted, consent_wording, consent_wording_version,
         consent_locale, consent_scopes, display_name_form, consent_recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, true, $17, $18, $19, $20, $21, $22)`,
      [
        id,
        content.tenantId,
        content.feedbackId,
        content.orderId,
        content.customerKey,
        content.firstName,
        content.lastName,
        content.quote,
        content.language,
        content.score,
        content.scale,
        JSON.stringify(content.products),
        content.verifiedPurchase,
        content.incentivised,
        content.submittedAt,
        consentId,
        consent.wording,
        consent.wordingVersion,
        consent.locale,
        [...consent.scopes],
        consent.displayName,
        consent.recordedAt,
      ],
    );
    await insertConsent(tx, consentId, id, consent, given.channel);
    return { testimonial: await findIn(tx, content.tenantId, id), consentRecorded: { ...consent, id: consentId, channel: given.channel } };
  }

  const held = testimonialOf(row);
  // New words were not the ones approved: back to the merchant, out of the export until approved again.
  const wordsChanged = held.quote !== content.quote;
  await tx.query(
    `UPDATE testimonials SET quote = $3, language = $4, score = $5, scale = $6, submitted_at = $7,
       first_name = COALESCE($8, first_name), last_name = COALESCE($9, last_name),
       approval = CASE WHEN $10 THEN 'pending' ELSE approval END,
       export_position = CASE WHEN $10 THEN NULL ELSE export_position END,
       reviewed_at = CASE WHEN $10 THEN NULL ELSE reviewed_at END,
       updated_at = now()
     WHERE tenant_id = $1 AND id = $2`,
    [content.tenantId, held.id, content.quote, content.language, content.score, content.scale, content.submittedAt, content.firstName, content.lastName, wordsChanged],
  );
  let consentRecorded: ConsentRecord | null = null;
  const newer = given && Date.parse(given.consent.recordedAt) > Date.parse(held.consent.recordedAt);
  if (given && newer && !sameChoice(held.consent, given.consent)) {
    const { consent } = given;
    const consentId = await nextConsentId(tx);
    await insertConsent(tx, consentId, held.id, consent, given.channel);
    await tx.query(
      `UPDATE testimonials SET consent_id = $3, consent_granted = $4, consent_wording = $5, consent_wording_version = $6, consent_locale = $7,
         consent_scopes = $8, display_name_form = $9, consent_recorded_at = $10, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [
        content.tenantId,
        held.id,
        consentId,
        consent.granted,
        consent.wording,
        consent.wordingVersion,
        consent.locale,
        consent.granted ? [...consent.scopes] : [],
        consent.displayName,
        consent.recordedAt,
      ],
    );
    consentRecorded = { ...consent, id: consentId, channel: given.channel };
  }
  return { testimonial: await findIn(tx, content.tenantId, held.id), consentRecorded };
};

const findIn = async (db: SqlExecutor, tenantId: string, id: string): Promise<StoredTestimonial | null> => {
  const [row] = await db.query<TestimonialRow>(`SELECT ${COLUMNS} FROM testimonials WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return row ? testimonialOf(row) : null;
};

/**
 * A timestamptz as `Date#toISOString` prints it (UTC, milliseconds cut, not rounded, as the
 * driver's Date cut them), formatted by PostgreSQL: parsing timestamps into Dates was the largest
 * share of the export's time in `pg`. `to_char` has no form for the six-digit signed years
 * `toISOString` prints outside 0001–9999, so those few give their epoch milliseconds instead
 * (floored, as a Date's milliseconds are) for the export to format; an infinite instant gives
 * `Infinity`, which fails there as a Date of it did.
 */
const isoInstantOf = (column: string) => `CASE WHEN ${column} >= '0001-01-01T00:00:00Z' AND ${column} < '10000-01-01T00:00:00Z'
    THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    ELSE floor(extract(epoch FROM ${column}) * 1000)::text END`;

/** Every cell as the export needs it: text, or JSON the driver parses natively (the scopes as a JSON array, not a text[] literal). */
export const EXPORT_COLUMNS = `id, export_position::text AS export_position, quote, first_name, last_name, display_name_form, score::text AS score,
  scale, language, products, verified_purchase, incentivised, ${isoInstantOf('submitted_at')} AS submitted_at,
  ${isoInstantOf('reviewed_at')} AS reviewed_at, array_to_json(consent_scopes) AS consent_scopes, consent_wording,
  consent_wording_version, consent_locale, ${isoInstantOf('consent_recorded_at')} AS consent_recorded_at`;

/** Approved and consented now, with words and somewhere they may appear: nothing else leaves. */
const EXPORTABLE = `tenant_id = $1 AND approval = 'approved' AND consent_granted AND quote <> '' AND cardinality(consent_scopes) > 0
  AND export_position > $2::bigint
  AND ($3::timestamptz IS NULL OR submitted_at >= $3)
  AND ($4::timestamptz IS NULL OR submitted_at < $4)
  AND ($5::numeric IS NULL OR score >= $5)
  AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(products) AS p
        WHERE p->>'productId' = $6 OR p->>'variantId' = $6 OR p->>'sku' = $6 OR lower(p->>'title') = lower($6)))
  AND ($7::text IS NULL OR $7 = ANY(consent_scopes))`;

const exportParams = (tenantId: string, filter: ExportFilter, afterPosition: string) => [
  tenantId,
  afterPosition,
  filter.since,
  filter.until,
  filter.minScore,
  filter.product,
  filter.scope,
];

// Batches of 500 (some 250 KB of CSV), two held at most: batches of 2000 were no faster and doubled the peak RSS growth.
async function* exportBatchesFrom(db: Database, tenantId: string, filter: ExportFilter, batchSize = 500): AsyncGenerator<readonly ExportRow[]> {
  const sql = `SELECT ${EXPORT_COLUMNS} FROM testimonials WHERE ${EXPORTABLE} ORDER BY testimonials.export_position`;
  // (qualified: the bare name would order by the text alias selected above)
  if (db.readInBatches) {
    // PostgreSQL: one statement, one snapshot, read through a server-side cursor.
    yield* db.readInBatches<ExportRow>(sql, exportParams(tenantId, filter, filter.afterPosition), batchSize);
    return;
  }
  // PGlite: keyset pages on the export position, each a short query.
  let after = filter.afterPosition;
  for (;;) {
    const rows = await db.query<ExportRow>(`${sql} LIMIT ${Number(batchSize)}`, exportParams(tenantId, filter, after));
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    after = rows.at(-1)?.export_position ?? after;
  }
}

export const createTestimonialRepository = (db: Database, newId: () => string = () => `tm_${randomUUID()}`): TestimonialRepository => ({
  record: (content, consent) => db.transaction((tx) => recordIn(tx, content, consent, newId)),

  find: (tenantId, id) => findIn(db, tenantId, id),

  async findByFeedback(tenantId, feedbackId) {
    const [row] = await db.query<TestimonialRow>(`SELECT ${COLUMNS} FROM testimonials WHERE tenant_id = $1 AND feedback_id = $2`, [tenantId, feedbackId]);
    return row ? testimonialOf(row) : null;
  },

  async consentHistory(id) {
    const rows = await db.query<{
      id: string;
      granted: boolean;
      wording: string;
      wording_version: string;
      locale: string;
      scopes: TestimonialScope[];
      display_name_form: DisplayNameForm;
      recorded_at: Date;
      channel: ConsentChannel;
    }>(
      `SELECT id::text AS id, granted, wording, wording_version, locale, scopes, display_name_form, recorded_at, channel
       FROM testimonial_consents WHERE testimonial_id = $1 ORDER BY recorded_at, testimonial_consents.id`,
      [id],
    );
    return rows.map((row) => ({
      id: row.id,
      granted: row.granted,
      wording: row.wording,
      wordingVersion: row.wording_version,
      locale: row.locale,
      scopes: row.scopes,
      displayName: row.display_name_form,
      recordedAt: new Date(row.recorded_at).toISOString(),
      channel: row.channel,
    }));
  },

  review: (tenantId, id, decision, note, at) =>
    db.transaction(async (tx) => {
      const [row] = await tx.query<TestimonialRow>(`SELECT ${COLUMNS} FROM testimonials WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
      if (!row) return 'not_found';
      if (decision === 'approved') {
        if (!row.consent_granted) return 'revoked';
        if (row.quote.trim() === '') return 'nothing_to_quote';
        // Approving again keeps its place in the export; a first approval takes the next place.
        if (row.approval === 'approved') return testimonialOf(row);
        // The export pages on the position taken below: held until commit, the tenant's commit
        // order makes positions visible in the order taken, so a reader past one misses none.
        await holdCommitOrder(tx, [`testimonial_export:${tenantId}`]);
      }
      await tx.query(
        `UPDATE testimonials SET approval = $3, reviewed_at = $4, review_note = $5, updated_at = now(),
           export_position = CASE WHEN $3 = 'approved' THEN nextval('testimonial_export_positions') ELSE NULL END
         WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, decision, at, note],
      );
      return (await findIn(tx, tenantId, id)) ?? 'not_found';
    }),

  async list(tenantId, { state, limit, after }) {
    const rows = await db.query<TestimonialRow>(
      `SELECT ${COLUMNS} FROM testimonials
       WHERE tenant_id = $1 AND ($2::text IS NULL OR ($2 = 'revoked' AND NOT consent_granted) OR (consent_granted AND approval = $2))
         AND ($3::text IS NULL OR id > $3)
       ORDER BY id LIMIT $4`,
      [tenantId, state, after, limit],
    );
    return rows.map(testimonialOf);
  },

  async *exportRows(tenantId, filter, batchSize) {
    for await (const rows of exportBatchesFrom(db, tenantId, filter, batchSize)) yield* rows;
  },

  exportBatches: (tenantId, filter, batchSize) => exportBatchesFrom(db, tenantId, filter, batchSize),
});
