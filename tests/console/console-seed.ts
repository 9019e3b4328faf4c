import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/test-app.ts';

/** A week's answers on the NPS scale, stored as the feedback function stores its classifications. */
export const seedWeeklyNps = async (app: TestApp, tenantId: string, weeks: readonly { daysAgo: number; scores: readonly number[] }[]) => {
  for (const week of weeks) {
    for (const score of week.scores) {
      await app.context.db.query(
        `INSERT INTO feedback_classifications (tenant_id, feedback_id, revision, order_id, customer_key, stage, score, scale, sentiment, confidence,
           issues, recovery, language, reasons, routing, source, submitted_at)
         VALUES ($1, $2, 1, NULL, $3, 'delivered', $4, 'nps', $5, 1, '{}', false, 'en', '[]'::jsonb, '{}'::jsonb, 'api', $6)`,
        [tenantId, randomUUID(), `c:${randomUUID()}`, score, score >= 9 ? 'happy' : score >= 7 ? 'neutral' : 'unhappy', new Date(Date.now() - week.daysAgo * 86_400_000)],
      );
    }
  }
};

const postFeedback = async (app: TestApp, apiKey: string, body: Record<string, unknown>) => {
  const reply = await fetch(`${app.url}/api/feedback`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (reply.status !== 202) throw new Error(`feedback API answered ${reply.status}: ${await reply.text()}`);
};

const getJson = async (app: TestApp, apiKey: string, path: string) =>
  (await (await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as Record<string, any>;

/** An unhappy answer through the real pipeline (feedback API → log → feedback function → queue → recovery): an open case. */
export const seedCase = async (app: TestApp, apiKey: string, comment: string, email: string) => {
  await postFeedback(app, apiKey, { externalId: `case-${randomUUID()}`, score: 1, scale: 'nps', comment, customer: { email, firstName: 'Ann' } });
  return waitFor(async () => {
    const page = await getJson(app, apiKey, '/api/cases?state=open');
    return (page.cases as { caseId: string; summary: string }[]).find((found) => found.summary.length > 0 && page.cases.length > 0);
  }, { what: 'a case from unhappy feedback' });
};

/** A happy answer with permission to quote it: a testimonial waiting for moderation. */
export const seedTestimonial = async (app: TestApp, apiKey: string, quote: string) => {
  await postFeedback(app, apiKey, {
    externalId: `quote-${randomUUID()}`,
    score: 10,
    scale: 'nps',
    comment: quote,
    customer: { email: `fan-${randomUUID()}@example.com`, firstName: 'Grace', lastName: 'Hopper' },
    testimonialConsent: { granted: true, wording: 'You may quote my words on your website.', wordingVersion: 'test-1', locale: 'en', scopes: ['website'], displayName: 'first_name_last_initial' },
  });
  return waitFor(async () => {
    const page = await getJson(app, apiKey, '/api/testimonials/moderation?state=pending');
    return (page.testimonials as { id: string; quote: string }[]).find((found) => found.quote === quote);
  }, { what: 'a testimonial waiting for moderation' });
};
