import { describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../lib/platforms/bigcommerce/verify.ts';
import { verifyShopifyWebhook } from '../../lib/platforms/shopify/verify.ts';
import { verifyWooCommerceWebhook } from '../../lib/platforms/woocommerce/verify.ts';
import { webhookFixture } from '../support/shared.ts';

interface Vector {
  platform: string;
  scheme: string;
  secret: string;
  payload: string;
  expected_signature: string;
  valid: boolean;
  webhook_id?: string;
  webhook_timestamp?: number;
}

const { vectors } = JSON.parse(webhookFixture('hmac_test_vectors.json').toString('utf8')) as { vectors: Vector[] };
const shopify = vectors.filter((vector) => vector.platform === 'shopify');
const woocommerce = vectors.filter((vector) => vector.platform === 'woocommerce');
const standard = vectors.filter((vector) => vector.platform.startsWith('bigcommerce'));
/** The negative Standard Webhooks vector omits its timestamp: it is the positive one's message. */
const VECTOR_TIMESTAMP = standard.find((vector) => vector.webhook_timestamp)?.webhook_timestamp ?? 0;

describe('published signature vectors', () => {
  it('covers every vector in the file', () => {
    expect(shopify.length + woocommerce.length + standard.length).toBe(vectors.length);
    expect(vectors.length).toBeGreaterThanOrEqual(6);
  });

  it.each(shopify)('Shopify: $scheme → valid=$valid', (vector) => {
    // Prepare
    const headers = { 'x-shopify-hmac-sha256': vector.expected_signature };
    // Act
    const verified = verifyShopifyWebhook({ rawBody: Buffer.from(vector.payload), headers, secrets: [vector.secret] });
    // Assess
    expect(verified).toBe(vector.valid);
  });

  it('Shopify: during a rotation the old and the new secret both verify, a third does not', () => {
    const [current, previous] = shopify.filter((vector) => vector.valid);
    if (!current || !previous) throw new Error('the file lost its rotation vectors');
    const secrets = ['secret', 'old_secret'];
    for (const vector of [current, previous]) {
      const headers = { 'x-shopify-hmac-sha256': vector.expected_signature };
      expect(verifyShopifyWebhook({ rawBody: Buffer.from(vector.payload), headers, secrets })).toBe(true);
      expect(verifyShopifyWebhook({ rawBody: Buffer.from(vector.payload), headers, secrets: ['other'] })).toBe(false);
    }
  });

  it('Shopify: the header without the X- prefix is read too', () => {
    const [vector] = shopify;
    const headers = { 'shopify-hmac-sha256': vector!.expected_signature };
    expect(verifyShopifyWebhook({ rawBody: Buffer.from(vector!.payload), headers, secrets: [vector!.secret] })).toBe(true);
  });

  it.each(woocommerce)('WooCommerce: empty secret allowed ($secret) → valid=$valid', (vector) => {
    const headers = { 'x-wc-webhook-signature': vector.expected_signature };
    expect(verifyWooCommerceWebhook({ rawBody: Buffer.from(vector.payload), headers, secrets: [vector.secret] })).toBe(
      vector.valid,
    );
  });

  it.each(standard)('Standard Webhooks (BigCommerce): $scheme → valid=$valid', (vector) => {
    // Prepare: the injected clock stands at the vector's own time
    const timestamp = vector.webhook_timestamp ?? VECTOR_TIMESTAMP;
    const headers = {
      'webhook-id': vector.webhook_id ?? '',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': vector.expected_signature,
    };
    // Act
    const verdict = verifyStandardWebhook({
      rawBody: Buffer.from(vector.payload),
      headers,
      secrets: [vector.secret],
      now: new Date(timestamp * 1000),
    });
    // Assess
    expect(verdict.ok).toBe(vector.valid);
  });

  it('Standard Webhooks: a timestamp beyond ±5 minutes is refused even with a good signature', () => {
    const vector = standard.find((candidate) => candidate.valid)!;
    const headers = {
      'webhook-id': vector.webhook_id!,
      'webhook-timestamp': String(vector.webhook_timestamp),
      'webhook-signature': vector.expected_signature,
    };
    const at = (seconds: number) => new Date((vector.webhook_timestamp! + seconds) * 1000);
    const verify = (now: Date) =>
      verifyStandardWebhook({ rawBody: Buffer.from(vector.payload), headers, secrets: [vector.secret], now }).ok;
    expect(verify(at(300))).toBe(true);
    expect(verify(at(-300))).toBe(true);
    expect(verify(at(301))).toBe(false);
    expect(verify(at(-301))).toBe(false);
  });

  it('Standard Webhooks: one matching entry among several signatures verifies', () => {
    const vector = standard.find((candidate) => candidate.valid)!;
    const headers = {
      'webhook-id': vector.webhook_id!,
      'webhook-timestamp': String(vector.webhook_timestamp),
      'webhook-signature': `v1,bm90LWl0 ${vector.expected_signature}`,
    };
    const now = new Date(vector.webhook_timestamp! * 1000);
    expect(verifyStandardWebhook({ rawBody: Buffer.from(vector.payload), headers, secrets: [vector.secret], now }).ok).toBe(
      true,
    );
  });
});
