import { describe, expect, it } from 'vitest';
import { EXPORT_CHUNK_ROWS, exportChunks, type ExportFormat } from '../../lib/advocacy/testimonial-export.ts';
import type { ExportRow } from '../../lib/store/testimonial-repository.ts';

const rowFactory = (position: number): ExportRow => ({
  id: `t-${position}`,
  export_position: String(position),
  quote: `Lovely, "really" lovely, ${position}`,
  first_name: 'Ada',
  last_name: 'Lovelace',
  display_name_form: 'first_name_last_initial',
  score: '10',
  scale: 'nps',
  language: 'en',
  products: [{ productId: '1', variantId: null, sku: 'MUG', title: 'Mug' }],
  verified_purchase: true,
  incentivised: false,
  submitted_at: new Date('2026-11-01T10:00:00Z'),
  reviewed_at: new Date('2026-11-02T10:00:00Z'),
  consent_scopes: ['website'],
  consent_wording: 'I agree.',
  consent_wording_version: 'testimonial-2026-11',
  consent_locale: 'en',
  consent_recorded_at: new Date('2026-11-01T10:00:00Z'),
});

async function* rows(count: number): AsyncGenerator<ExportRow> {
  for (let position = 1; position <= count; position += 1) yield rowFactory(position);
}

const exported = async (format: ExportFormat, count: number) => {
  const chunks: string[] = [];
  for await (const chunk of exportChunks(format, rows(count))) chunks.push(chunk);
  return { chunks, text: chunks.join('') };
};

describe('the streamed export, chunked a few hundred rows at a time', () => {
  it.each([0, 1, EXPORT_CHUNK_ROWS - 1, EXPORT_CHUNK_ROWS, EXPORT_CHUNK_ROWS + 1, 3 * EXPORT_CHUNK_ROWS + 7])('%i rows: every row once, in order, in every format', async (count) => {
    // Act
    const json = await exported('json', count);
    const ndjson = await exported('ndjson', count);
    const csv = await exported('csv', count);
    // Assess: a batch boundary neither drops, repeats nor mis-separates a row
    const ids = Array.from({ length: count }, (_, index) => `t-${index + 1}`);
    const whole = JSON.parse(json.text) as { testimonials: { id: string }[]; nextCursor: null };
    expect(whole.testimonials.map((testimonial) => testimonial.id)).toEqual(ids);
    expect(whole.nextCursor).toBeNull();
    expect(ndjson.text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(ids);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(count + 1);
    expect(csv.chunks.length).toBeLessThanOrEqual(Math.ceil(count / EXPORT_CHUNK_ROWS) + 2);
  });
});
