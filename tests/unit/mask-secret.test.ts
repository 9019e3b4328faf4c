import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecret, maskSecretsInText, maskSecretsInUrl } from '../../lib/secrets/mask-secret.ts';

describe('masking secrets in what afterglow shows and logs', () => {
  it('URLs that carry a secret are masked; ordinary ones stay as they were', () => {
    // Act + Assess
    expect(maskSecretsInUrl('https://hooks.slack.com/services/T000/B000/XXXXsecret')).toBe('https://hooks.slack.com/services/****');
    expect(maskSecretsInUrl('https://user:hunter2pass@host.example/path')).toBe('https://user:****@host.example/path');
    expect(maskSecretsInUrl('https://api.example/v1?api_key=k123&limit=5')).toBe('https://api.example/v1?api_key=****&limit=5');
    expect(maskSecretsInUrl('https://shop.example/reviews?ref=ADA-7KQ2XM')).toBe('https://shop.example/reviews?ref=ADA-7KQ2XM');
    expect(maskSecretsInUrl('http://localhost:3000/webhooks/shopify/acme')).toBe('http://localhost:3000/webhooks/shopify/acme');
    expect(maskSecretsInUrl('not a url')).toBe('not a url');
  });

  it('text keeps its words and loses its secrets: URLs in it and customer link handles in paths', () => {
    // Act + Assess
    expect(maskSecretsInText('POST https://hooks.slack.com/services/T/B/abc failed')).toBe('POST https://hooks.slack.com/services/**** failed');
    expect(maskSecretsInText('/f/aB3dE5gH7jK9mN1pQ3sT5v')).toBe('/f/****');
    expect(maskSecretsInText('handler threw on /go/handle123?x=1')).toBe('handler threw on /go/****?x=1');
    expect(maskSecretsInText('GET /api/orders?limit=5')).toBe('GET /api/orders?limit=5');
  });

  it('a masked secret never holds more than its last four characters, and short ones nothing', () => {
    // Assess
    expect(maskSecret('short-secret')).toBe('****');
    expect(maskSecret('a-much-longer-secret-value')).toBe('****alue');
    expect(maskSecret(null)).toBeNull();
  });

  it('whatever the secret, it is not in the masked URL (userinfo, query token)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,40}$/);
    fc.assert(
      fc.property(secret, secret, (password, token) => {
        const masked = maskSecretsInText(`calling https://svc:${password}@api.example/x?access_token=${token}&page=2 now`);
        return !masked.includes(password) && !masked.includes(token) && masked.includes('page=2');
      }),
      { numRuns: 200 },
    );
  });
});
