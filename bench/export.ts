import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createAppContext } from '../lib/runtime/app-context.ts';
// Everything in one process: the Kafka event log too (functions/ choose their own).
import '../lib/runtime/kafka-adapter.ts';
import { loadConfig } from '../lib/runtime/config.ts';
import { createTenant } from '../lib/tenants/create-tenant.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';
import { REPO_ROOT } from '../tests/support/shared.ts';
import { cpuProfileArgs } from './cpu-profile-shares.ts';

const run = promisify(execFile);

export interface ExportMeasure {
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
  /** CPU time of the measuring process (user and system) while the export ran. */
  readonly cpuSeconds: number;
  /** The process's RSS once started and settled, just before the export. */
  readonly idleRssMiB: number;
  /** The highest RSS sampled (every 5 ms) while the export ran. */
  readonly peakRssMiB: number;
}

export interface ExportBench {
  readonly store: 'postgres' | 'pglite';
  readonly streamed: Readonly<Record<number, ExportMeasure>>;
  readonly buffered: Readonly<Record<number, ExportMeasure>>;
  /** The same rows read from the store and dropped: how fast the export could be. */
  readonly read: Readonly<Record<number, ExportMeasure>>;
}

/** Realistic testimonials: a quote of 60 to 330 characters, a name, a product, two scopes. */
const SEED = `
INSERT INTO testimonials (id, tenant_id, feedback_id, order_id, customer_key, first_name, last_name, quote, language, score, scale, products,
  verified_purchase, incentivised, submitted_at, approval, reviewed_at, export_position, consent_id, consent_granted, consent_wording,
  consent_wording_version, consent_locale, consent_scopes, display_name_form, consent_recorded_at)
SELECT $1 || '-' || g, $1, 'fb_' || $1 || g, 'o' || g, 'c:' || g, 'Customer' || g, 'Lovelace',
  repeat('Lovely teapot, it arrived quickly and beautifully packed. ', 1 + g % 6) || 'Order ' || g || '.', 'en', 9 + g % 2, 'nps',
  '[{"productId":"921728736","variantId":"447654529","sku":"TEAPOT-1","title":"Stoneware Teapot, 1.2 l"}]'::jsonb,
  true, g % 10 = 0, now() - make_interval(mins => g), 'approved', now(), $2::bigint + g, $2::bigint + g, true,
  'I agree that Acme may publish my comment, with my name shown as I choose below, in the places I tick below.',
  'testimonial-2026-11', 'en', ARRAY['website', 'social'], 'first_name_last_initial', now()
FROM generate_series(1, $3::int) AS g`;


const measure = async (env: Record<string, string>): Promise<ExportMeasure> => {
  const { stdout } = await run(process.execPath, [...cpuProfileArgs(), '--expose-gc', '--import', 'tsx', resolve(REPO_ROOT, 'bench/export-run.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 1024 * 1024,
    timeout: 600_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ExportMeasure;
};

/**
 * Peak memory of the whole testimonial export over HTTP (`GET /export/testimonials`, streamed row
 * by row from the store) for each size, each in a fresh process, against two baselines measured
 * in the same run: that process's idle RSS just before the export, and the same rows exported by
 * buffering them (read at once, CSV built in memory). Streaming should stay flat as rows grow;
 * buffering grows with them.
 */
export const benchExport = async (options: { sizes: readonly number[]; stores?: readonly ('pglite' | 'postgres')[] }): Promise<ExportBench[]> => {
  const results: ExportBench[] = [];
  for (const store of options.stores ?? (['pglite', 'postgres'] as const)) {
    const database = store === 'postgres' ? await createTestDatabase('bench_export') : null;
    const dataDir = mkdtempSync(join(tmpdir(), 'afterglow-bench-export-'));
    const env: Record<string, string> = database ? { DATABASE_URL: database.url } : { AFTERGLOW_DATA_DIR: dataDir };
    try {
      // Prepare: one tenant per size, its rows inserted in one statement, then the store closed
      const context = await createAppContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
      const keys: Record<number, string> = {};
      let position = 0;
      for (const size of options.sizes) {
        const id = `bench${size}`;
        keys[size] = (await createTenant({ id, platform: 'shopify', webhookSecret: 's' }, { tenants: context.tenants })).apiKey;
        await context.db.query(SEED, [id, position, size]);
        position += size;
      }
      await context.db.query('ANALYZE testimonials');
      await context.close();

      const streamed: Record<number, ExportMeasure> = {};
      const buffered: Record<number, ExportMeasure> = {};
      const read: Record<number, ExportMeasure> = {};
      for (const size of options.sizes) {
        const tenant = { BENCH_API_KEY: keys[size] ?? '', BENCH_TENANT: `bench${size}` };
        streamed[size] = await measure({ ...env, ...tenant, BENCH_MODE: 'stream' });
        buffered[size] = await measure({ ...env, ...tenant, BENCH_MODE: 'buffered' });
        read[size] = await measure({ ...env, ...tenant, BENCH_MODE: 'read' });
        if (streamed[size]?.rows !== size || buffered[size]?.rows !== size || read[size]?.rows !== size) throw new Error(`expected ${size} rows, exported ${streamed[size]?.rows} / ${buffered[size]?.rows}`);
      }
      results.push({ store, streamed, buffered, read });
    } finally {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
};
