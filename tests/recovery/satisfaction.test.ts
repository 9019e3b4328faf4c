import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackClassification } from '../../lib/feedback/classifier-port.ts';
import { decideRouting } from '../../lib/feedback/routing-decision.ts';
import { checkSatisfaction } from '../../lib/recovery/satisfaction-check.ts';
import { satisfactionDrops, summarise, weekOf, weeklySatisfaction, type ScoredAnswer } from '../../lib/recovery/satisfaction.ts';
import { createAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { feedbackEventFactory } from '../support/feedback-records.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-helpdesk.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const answer = (submittedAt: string, value: number, scale: ScoredAnswer['scale'] = 'csat', stage: string | null = 'feedback_request'): ScoredAnswer => ({
  submittedAt: new Date(submittedAt),
  value,
  scale,
  stage,
});

describe('satisfaction benchmarks', () => {
  it('NPS is promoters minus detractors; CSAT is the share of 4 and 5 (stars count as CSAT)', () => {
    const week = [10, 9, 8, 7, 6, 0].map((value) => answer('2026-11-10T10:00:00Z', value, 'nps')).concat([5, 4, 3].map((value) => answer('2026-11-10T10:00:00Z', value, 'stars')));
    expect(summarise(week)).toEqual({
      nps: { score: 0, responses: 6, promoters: 2, passives: 2, detractors: 2 },
      csat: { score: 66.7, responses: 3, satisfied: 2 },
    });
  });

  it('weeks start on Monday in the tenant time zone', () => {
    // Sunday 15 November 23:30 UTC is already Monday 00:30 in Paris: a new week there, not in UTC.
    expect(weekOf(new Date('2026-11-15T23:30:00Z'), 'Europe/Paris')).toBe('2026-11-16');
    expect(weekOf(new Date('2026-11-15T23:30:00Z'), 'UTC')).toBe('2026-11-09');
  });

  it('a fall of more than the threshold between consecutive weeks is a drop; small samples and gaps are not', () => {
    const series = (week: string, satisfied: number, total: number) =>
      Array.from({ length: total }, (_, index) => answer(`${week}T12:00:00Z`, index < satisfied ? 5 : 2));
    const weeks = weeklySatisfaction([...series('2026-11-03', 18, 20), ...series('2026-11-10', 15, 20), ...series('2026-11-17', 13, 20)], 'UTC');
    expect(satisfactionDrops(weeks, 10, 5)).toEqual([{ metric: 'csat', weekOf: '2026-11-09', previousWeekOf: '2026-11-02', from: 90, to: 75, responses: 20 }]);
    expect(satisfactionDrops(weeklySatisfaction([...series('2026-11-03', 4, 4), ...series('2026-11-10', 1, 4)], 'UTC'), 10, 5)).toEqual([]);
    expect(satisfactionDrops(weeklySatisfaction([...series('2026-11-03', 18, 20), ...series('2026-11-24', 10, 20)], 'UTC'), 10, 5)).toEqual([]);
  });

  describe('the hourly check, on a seeded series', () => {
    let database: TestDatabase;
    let context: AppContext;
    let slack: FakeSlack;

    beforeAll(async () => {
      [database, slack] = await Promise.all([createTestDatabase('satisfaction'), startFakeSlack()]);
      context = await createAppContext(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true' }), {
        http: axios.create({ timeout: 1_000 }),
        retryPolicy: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      });
      await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }, { tenants: context.tenants });
      await changeTenantSettings('acme', ['shopName="Acme"', `recovery.slack.webhookUrl="${slack.webhookUrl}"`], 'test', { tenants: context.tenants, outbound: context.outbound });
      // Prepare: week of 2 Nov, 18 of 20 satisfied (90 %); week of 9 Nov, 15 of 20 (75 %)
      const seed = async (day: string, satisfied: number, total: number, prefix: string) => {
        for (let index = 0; index < total; index += 1) {
          const event = feedbackEventFactory({ feedbackId: `${prefix}${index}`, revision: 1, tenantId: 'acme', score: { value: index < satisfied ? 5 : 1, scale: 'csat' }, testimonialConsent: null, submittedAt: `${day}T10:00:00.000Z` });
          const classification: FeedbackClassification = { sentiment: index < satisfied ? 'happy' : 'unhappy', confidence: 1, issues: [], recovery: false, language: 'en', reasons: [] };
          await context.classifications.record({ event, classification, routing: decideRouting(event, classification), source: 'seed' });
        }
      };
      await seed('2026-11-04', 18, 20, 'fb_a');
      await seed('2026-11-11', 15, 20, 'fb_b');
    });
    afterAll(async () => {
      await context?.close();
      await Promise.all([slack?.close(), database?.drop()]);
    });

    it('tells the tenant’s chat once when last week fell by more than the threshold; a failed post is tried again', async () => {
      // Act: Slack is down for the first check
      slack.failNext(1, { status: 503, body: 'service_unavailable', headers: { 'content-type': 'text/html' } });
      const first = await checkSatisfaction(context, new Date('2026-11-17T08:00:00Z'));
      const second = await checkSatisfaction(context, new Date('2026-11-17T09:00:00Z'));
      const third = await checkSatisfaction(context, new Date('2026-11-17T10:00:00Z'));
      // Assess
      expect([first.alerted, second.alerted, third.alerted]).toEqual([0, 1, 0]);
      expect(slack.alerts().map((alert) => alert.text)).toEqual([
        'Acme: CSAT fell from 90 to 75 in the week of 2026-11-09 (20 answers), compared with the week of 2026-11-02.',
        'Acme: CSAT fell from 90 to 75 in the week of 2026-11-09 (20 answers), compared with the week of 2026-11-02.',
      ]);
      expect(await context.satisfaction.alerts('acme')).toEqual([expect.objectContaining({ metric: 'csat', weekOf: '2026-11-09', state: 'sent' })]);
    });

    it('a smaller fall than the tenant’s threshold raises nothing', async () => {
      await changeTenantSettings('acme', ['recovery.satisfactionDropPoints=20'], 'test', { tenants: context.tenants, outbound: context.outbound });
      await context.db.query('DELETE FROM satisfaction_alerts');
      expect(await checkSatisfaction(context, new Date('2026-11-17T11:00:00Z'))).toEqual({ alerted: 0 });
    });
  });
});
