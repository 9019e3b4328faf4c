import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root, and `../shared` beside it (fixtures and data, as CI lays them out). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED_DIR = process.env.AFTERGLOW_SHARED_DIR ?? resolve(REPO_ROOT, '../shared');

/** A webhook fixture's exact bytes: signatures are over the raw body. */
export const webhookFixture = (name: string): Buffer => readFileSync(resolve(SHARED_DIR, 'fixtures/webhooks', name));

/**
 * A Shopify fixture as another shop would send it: its `order_status_url` names that shop (the
 * fixtures are all jsmith.myshopify.com's), so the signed body and the tenant agree.
 */
export const shopifyFixtureOf = (name: string, shopDomain: string): Buffer =>
  Buffer.from(webhookFixture(name).toString('utf8').replaceAll('jsmith.myshopify.com', shopDomain), 'utf8');
