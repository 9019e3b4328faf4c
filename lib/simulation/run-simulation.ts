import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '../../events/order-event.ts';
import { createDeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { seededRandom } from '../feedback/random.ts';
import { CONSENT_WORDING_VERSION } from '../i18n/messages.ts';
import { kafkaConsumers, SCHEDULES, SQS_CONSUMERS } from '../local/routes.ts';
import { signFirstPartyReview, FIRST_PARTY_SIGNATURE_HEADER } from '../reviews/review-sources.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the simulator is a composition root (only the CLI and the bench load it): it builds the context and installs it for the handlers
import { createAppContext, useAppContext, type AppContext } from '../runtime/app-context.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- a composition root: everything in one process, the Kafka event log too (functions/ choose their own)
import '../runtime/kafka-adapter.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the simulator's composition root reads the configuration
import { loadConfig } from '../runtime/config.ts';
import { changeTenantSettings } from '../tenants/change-tenant-settings.ts';
import { createTenant } from '../tenants/create-tenant.ts';
import type { TenantSettings } from '../tenants/settings.ts';
import { collectJourneyRecords, type JourneyRecords } from './journey-records.ts';
import { checkJourneyInvariants, type AnswerFacts, type CustomerFacts, type FairnessFigures, type InvariantResult, type JourneySettings, type OrderFacts } from './journey-invariants.ts';
import { buildPopulation, PLATFORM_ORDER, type SimCustomer, type SimOrder, type OrderStep } from './population.ts';
import { createSimulatedBigCommerceStore, deliveryFor, type SimulatedTenantSecrets } from './platform-webhooks.ts';
import { createSimulatedCalls } from './simulated-calls.ts';
import { createSynchronousEventLog, createSynchronousRecoveryQueue } from './synchronous-transport.ts';

/**
 * The journey simulator: a seeded shop on the three platforms run through the real functions —
 * webhook, orders, dispatch, feedback page, feedback, recovery, reviews, the tenant API — with a
 * virtual clock that jumps from one event to the next. The customers act on the messages that
 * reach them (answer, unsubscribe, review); the service team resolves the cases that open. At the
 * end every invariant of the journey is checked on what the store holds.
 */
export interface SimulationOptions {
  readonly customers: number;
  readonly weeks: number;
  readonly seed: number;
  readonly store: 'pglite' | 'postgres';
  /** PostgreSQL to use with `store: 'postgres'` (the tenants get a run-unique suffix). */
  readonly databaseUrl?: string | null;
  /** Where the simulation starts (default: Monday 2026-01-05, 00:00 UTC). */
  readonly start?: Date;
  readonly logLevel?: string;
  /**
   * 0 (default): a dispatch run at the very moment each ask falls due, so sends are on the minute
   * of their allowed time. N: runs only every N minutes, as a deployment's schedule does (the
   * invariants then allow a send up to N minutes after its allowed time). Large runs use it.
   */
  readonly dispatchEveryMinutes?: number;
  /** Read each customer's timeline from the tenant API at the end (`GET /api/customers/{id}/timeline`). */
  readonly timelines?: boolean;
}

export interface SimulationReport {
  readonly options: { customers: number; weeks: number; seed: number; store: string; start: string; dispatchEveryMinutes: number };
  readonly tenants: readonly { id: string; platform: Platform }[];
  readonly figures: {
    readonly orders: number;
    readonly webhooks: number;
    readonly answers: number;
    readonly unsubscribes: number;
    readonly reviews: number;
    readonly casesOpened: number;
    readonly casesResolved: number;
    readonly dispatchRuns: number;
    readonly messages: number;
    readonly messagesByKind: Readonly<Record<string, number>>;
    readonly asksByState: Readonly<Record<string, number>>;
    readonly virtualDays: number;
  };
  readonly invariants: readonly InvariantResult[];
  readonly records: JourneyRecords;
  readonly customers: readonly SimCustomer[];
  readonly facts: readonly CustomerFacts[];
  /**
   * Each customer's timeline as the tenant API tells it (by customer index), when asked for and
   * the API has it; otherwise the report builds timelines from the store's records.
   */
  readonly apiTimelines: ReadonlyMap<number, readonly TimelineLine[]>;
  readonly elapsedMs: number;
}

export interface TimelineLine {
  readonly at: string;
  readonly text: string;
}

type SimEvent =
  | { readonly type: 'order_step'; readonly customer: SimCustomer; readonly order: SimOrder; readonly step: OrderStep }
  | { readonly type: 'answer'; readonly customer: SimCustomer; readonly token: string; readonly orderId: string | null; readonly kind: string }
  | { readonly type: 'unsubscribe'; readonly customer: SimCustomer; readonly token: string }
  | { readonly type: 'review'; readonly customer: SimCustomer; readonly orderId: string | null; readonly goToken: string | null }
  | { readonly type: 'resolve_case'; readonly tenantId: string; readonly caseId: string; readonly resolution: string };

interface Scheduled {
  readonly at: number;
  readonly sequence: number;
  readonly event: SimEvent;
}

/** A binary heap on (time, insertion order): events at one instant happen in the order they were made. */
class EventQueue {
  private readonly heap: Scheduled[] = [];
  private sequence = 0;
  get size() {
    return this.heap.length;
  }
  peek(): Scheduled | undefined {
    return this.heap[0];
  }
  push(at: Date, event: SimEvent) {
    const item = { at: at.getTime(), sequence: (this.sequence += 1), event };
    const heap = this.heap;
    heap.push(item);
    for (let index = heap.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index] as Scheduled, heap[parent] as Scheduled)) break;
      [heap[index], heap[parent]] = [heap[parent] as Scheduled, heap[index] as Scheduled];
      index = parent;
    }
  }
  pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let index = 0; ; ) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && this.before(heap[left] as Scheduled, heap[smallest] as Scheduled)) smallest = left;
        if (right < heap.length && this.before(heap[right] as Scheduled, heap[smallest] as Scheduled)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest] as Scheduled, heap[index] as Scheduled];
        index = smallest;
      }
    }
    return top;
  }
  private before(a: Scheduled, b: Scheduled) {
    return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
  }
}

export const DEFAULT_START = new Date('2026-01-05T00:00:00Z');
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** After the last order, the journeys run on this long (fallbacks, invitations, reminders, follow-ups). */
const TAIL_DAYS = 120;
const REVIEW_SECRET = 'sim-first-party-review-secret';

const COMMENTS: Readonly<Record<string, { score: number; comment: string; rating: number; review: string }>> = {
  happy: { score: 10, comment: 'Lovely quality, arrived quickly and beautifully packed. Thank you!', rating: 5, review: 'Beautiful piece, fast delivery.' },
  unhappy: { score: 3, comment: 'It took far too long to arrive and nobody answered my emails.', rating: 2, review: 'Mug broken, no reply to my emails' },
  problem_under_high_score: { score: 9, comment: 'Love it, but the glass arrived cracked', rating: 3, review: 'Nice design but mine arrived cracked.' },
  never: { score: 8, comment: '', rating: 4, review: 'Good shop.' },
};

const linkTokens = (message: unknown, path: string): string[] =>
  [...JSON.stringify(message).matchAll(new RegExp(`/${path}/([A-Za-z0-9_~.-]+)`, 'g'))].map((match) => match[1] as string);

/** The journey point the invariants expect for an order: its trigger, or the fallback after fulfilment. */
const orderFactsOf = (order: SimOrder, settings: TenantSettings, platform: Platform): OrderFacts => {
  const fulfilled = order.steps.find((step) => step.kind === 'fulfilled' && platform !== 'woocommerce')?.at ?? null;
  const delivered = order.steps.find((step) => step.kind === 'delivered')?.at ?? null;
  const calledOff = order.steps.find((step) => step.kind === 'cancelled' || (step.kind === 'refunded' && step.full))?.at ?? null;
  const fallbackAt = fulfilled ? new Date(fulfilled.getTime() + settings.journey.fallbackDaysAfterFulfilled * DAY_MS) : null;
  if (delivered && (!fallbackAt || delivered < fallbackAt)) return { orderId: order.id, number: order.number, journeyPoint: delivered, basis: 'trigger', calledOffAt: calledOff };
  if (fallbackAt && (!calledOff || calledOff > fallbackAt)) {
    return { orderId: order.id, number: order.number, journeyPoint: new Date(fallbackAt.getTime() - settings.journey.feedbackDelayDays * DAY_MS), basis: 'fallback', calledOffAt: calledOff };
  }
  return { orderId: order.id, number: order.number, journeyPoint: null, basis: null, calledOffAt: calledOff };
};

const journeySettingsOf = (settings: TenantSettings): JourneySettings => {
  const contact = settings.contact as TenantSettings['contact'] & { minGapHours?: number };
  return {
    feedbackDelayDays: settings.journey.feedbackDelayDays,
    reviewDelayDays: settings.reviews.delayDays,
    frequencyDays: settings.reviews.frequencyDays,
    reminderAfterDays: settings.reviews.reminderAfterDays,
    // The issue's minimum gap (contact.minGapHours, default 48 hours) wherever the settings do not say yet.
    minGapHours: contact.minGapHours ?? 48,
    maxPer7Days: contact.maxPer7Days,
    maxPer30Days: contact.maxPer30Days,
    quietHours: contact.quietHours,
    timeZone: contact.timeZone,
    hasReviewDestinations: settings.reviews.destinations.length > 0,
  };
};

/** The fields of a timeline entry worth a line, after its time and type. */
const TIMELINE_FIELDS = ['kind', 'action', 'state', 'severity', 'score', 'sentiment', 'rating', 'resolution', 'reason'];

/** The customer's timeline from the tenant API: found by email in a request body, read by the opaque id. Null when the API has no such route. */
const timelineFromApi = async (call: ReturnType<typeof createSimulatedCalls>, apiKey: string, customer: SimCustomer): Promise<TimelineLine[] | null> => {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const search = await call('POST', '/api/customers/search', JSON.stringify({ email: customer.email }), headers);
  if (search.status === 404 && search.body.startsWith('no route')) return null;
  if (search.status !== 200) return [{ at: '', text: `timeline search answered ${search.status}` }];
  const found = (JSON.parse(search.body) as { customers: { customerId: string }[] }).customers;
  const lines: TimelineLine[] = [];
  for (const { customerId } of found) {
    const reply = await call('GET', `/api/customers/${encodeURIComponent(customerId)}/timeline`, '', headers);
    if (reply.status !== 200) {
      lines.push({ at: '', text: `timeline of ${customerId} answered ${reply.status}` });
      continue;
    }
    const orderNumbers = new Map(customer.orders.map((order) => [order.id, `#${order.number}`]));
    for (const entry of (JSON.parse(reply.body) as { timeline: ({ at: string; type: string; orderId: string | null } & Record<string, unknown>)[] }).timeline) {
      const details = TIMELINE_FIELDS.filter((field) => entry[field] !== undefined && entry[field] !== null).map((field) => `${field}=${String(entry[field])}`);
      const blockedBy = entry.blockedBy as { kind?: string | null } | null | undefined;
      if (blockedBy?.kind) details.push(`blockedBy=${blockedBy.kind}`);
      lines.push({ at: entry.at, text: `${entry.type}${entry.orderId ? ` ${orderNumbers.get(entry.orderId) ?? entry.orderId}` : ''} ${details.join(' ')}`.trim() });
    }
  }
  return lines;
};

export const runSimulation = async (options: SimulationOptions): Promise<SimulationReport> => {
  const started = performance.now();
  const start = options.start ?? DEFAULT_START;
  let now = start.getTime();
  const clock = () => new Date(now);
  const dataDir = options.store === 'pglite' ? mkdtempSync(join(tmpdir(), 'afterglow-simulation-')) : null;
  if (options.store === 'postgres' && !options.databaseUrl) throw new Error('--store postgres needs DATABASE_URL');
  const bigCommerce = createSimulatedBigCommerceStore();
  const failures: string[] = [];
  const rejected: string[] = [];
  const base = await createAppContext(
    loadConfig({
      LOG_LEVEL: options.logLevel ?? 'silent',
      PUBLIC_BASE_URL: 'https://sim.afterglow.test',
      AFTERGLOW_SIGNING_KEY: `simulation-signing-key-${options.seed}-0123456789abcdef`,
      ...(dataDir ? { AFTERGLOW_DATA_DIR: dataDir } : { DATABASE_URL: options.databaseUrl ?? '' }),
    }),
    { clock, bigCommerce },
  );
  const eventLog = createSynchronousEventLog(clock, (what, error) => failures.push(`${what}: ${(error as Error).message}`));
  const recoveryQueue = createSynchronousRecoveryQueue(clock, base.config.recoveryMaxReceiveCount);
  const context: AppContext = {
    ...base,
    eventLog,
    localLog: null,
    recoveryQueue,
    deadLetters: createDeadLetterSink({ deadLetters: base.deadLetterStore, eventLog, dlqTopic: base.topics.dlq, clock, logger: base.logger }),
  };
  useAppContext(context);
  const call = createSimulatedCalls(clock);
  const consumers = kafkaConsumers(context.topics);
  const recoveryFunction = SQS_CONSUMERS[0]?.handler;
  const dispatchFunction = SCHEDULES.find((schedule) => schedule.functionName === 'dispatch')?.handler;
  if (!recoveryFunction || !dispatchFunction) throw new Error('the recovery and dispatch functions are not wired');

  try {
    // One tenant per platform, on default settings but for what an invitation and a review webhook need.
    const suffix = options.store === 'postgres' ? `-${options.seed}-${Date.now().toString(36)}` : '';
    const tenants = new Map<Platform, SimulatedTenantSecrets & { apiKey: string }>();
    for (const platform of PLATFORM_ORDER) {
      const id = `sim-${platform}${suffix}`;
      const shopDomain = platform === 'shopify' ? `sim-shop${suffix}.myshopify.com` : null;
      const { apiKey } = await createTenant(
        {
          id,
          platform,
          webhookSecret: `sim-${platform}-webhook-secret`,
          shopDomain,
          ...(platform === 'bigcommerce' ? { apiUrl: 'https://api.bigcommerce.com/stores/simhash', apiToken: 'sim-bigcommerce-token' } : {}),
        },
        { tenants: context.tenants },
      );
      await changeTenantSettings(
        id,
        [
          `shopName=Sim ${platform}`,
          'shopUrl=https://shop.sim.afterglow.test',
          // Marketing email (testimonial and referral asks) carries the sender's postal address (CAN-SPAM).
          'brand.postalAddress=1 Simulation Way, Testville',
          'reviews.destinations=[{"type":"google","placeId":"ChIJN1t_tDeuEmsRUsoyG83frY4"},{"type":"first_party","url":"https://shop.sim.afterglow.test/reviews","name":"our website"}]',
          `reviewWebhooks.firstPartySecret=${REVIEW_SECRET}`,
        ],
        'simulator',
        { tenants: context.tenants },
      );
      tenants.set(platform, { tenantId: id, webhookSecret: `sim-${platform}-webhook-secret`, shopDomain, apiKey });
    }
    const tenantOf = (platform: Platform) => tenants.get(platform) as SimulatedTenantSecrets & { apiKey: string };

    const customers = buildPopulation({ customers: options.customers, weeks: options.weeks, seed: options.seed, start });
    const byEmail = new Map(customers.map((customer) => [customer.email, customer]));
    const queue = new EventQueue();
    for (const customer of customers) {
      for (const order of customer.orders) for (const step of order.steps) queue.push(step.at, { type: 'order_step', customer, order, step });
    }
    const reactions = seededRandom(options.seed ^ 0x5eed);
    const unsubscribed = new Map<SimCustomer, Date>();
    const unsubscribing = new Set<SimCustomer>();
    const answers = new Map<SimCustomer, AnswerFacts[]>();
    const figures = { webhooks: 0, answers: 0, unsubscribes: 0, reviews: 0, casesOpened: 0, casesResolved: 0, dispatchRuns: 0 };
    const tenantIdSet = new Set([...tenants.values()].map((tenant) => tenant.tenantId));
    const apiKeyOf = new Map([...tenants.values()].map((tenant) => [tenant.tenantId, tenant.apiKey]));

    const accepted = async (what: string, reply: Promise<{ status: number; body: string }>, ok: readonly number[]) => {
      const { status, body } = await reply;
      if (!ok.includes(status)) rejected.push(`${what} at ${clock().toISOString()} answered ${status}: ${body.slice(0, 160)}`);
      return status;
    };

    const drain = async () => {
      let delivered = 0;
      for (let round = 0; round < 20; round += 1) {
        const records = await eventLog.drain(consumers);
        const signals = await recoveryQueue.drain(recoveryFunction);
        delivered += signals;
        if (records + signals === 0) break;
      }
      return delivered;
    };

    const process = async (event: SimEvent) => {
      if (event.type === 'order_step') {
        const tenant = tenantOf(event.customer.platform);
        if (event.customer.platform === 'bigcommerce') bigCommerce.put(event.customer, event.order, event.step);
        const delivery = deliveryFor(event.customer, event.order, event.step, tenant, clock());
        if (!delivery) return;
        figures.webhooks += 1;
        await accepted(`${event.customer.platform} webhook (order #${event.order.number} ${event.step.kind})`, call('POST', delivery.path, delivery.body, delivery.headers), [200, 202]);
      } else if (event.type === 'answer') {
        const style = COMMENTS[event.customer.answers] as (typeof COMMENTS)[string];
        const form = new URLSearchParams({ score: String(style.score), comment: style.comment });
        if (event.customer.grantsTestimonial) {
          form.set('consent', 'yes');
          form.append('scope', 'website');
          form.set('displayName', 'first_name_last_initial');
          form.set('consentVersion', CONSENT_WORDING_VERSION);
        }
        const status = await accepted(`feedback page answer of ${event.customer.email.split('@')[0]}`, call('POST', `/f/${event.token}`, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' }), [200]);
        if (status === 200 && event.orderId && event.kind === 'feedback_request') {
          figures.answers += 1;
          answers.set(event.customer, [
            ...(answers.get(event.customer) ?? []),
            { orderId: event.orderId, at: clock(), opensCase: event.customer.answers === 'unhappy' || event.customer.answers === 'problem_under_high_score' },
          ]);
        }
      } else if (event.type === 'unsubscribe') {
        const status = await accepted('unsubscribe', call('POST', `/u/${event.token}`, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' }), [200]);
        if (status === 200 && !unsubscribed.has(event.customer)) {
          unsubscribed.set(event.customer, clock());
          figures.unsubscribes += 1;
        }
      } else if (event.type === 'review') {
        const tenant = tenantOf(event.customer.platform);
        if (event.goToken) await accepted('review link', call('GET', `/go/${event.goToken}`), [302]);
        const style = COMMENTS[event.customer.answers] as (typeof COMMENTS)[string];
        const body = JSON.stringify({
          reviewId: `sim-review-${event.customer.index}-${event.orderId ?? 'shop'}`,
          rating: style.rating,
          title: style.review.split(',')[0],
          text: style.review,
          orderId: event.orderId,
          reviewer: { name: `${event.customer.firstName} ${event.customer.lastName}`, email: event.customer.email },
          createdAt: clock().toISOString(),
          language: 'en',
        });
        figures.reviews += 1;
        await accepted('first-party review webhook', call('POST', `/webhooks/reviews/first_party/${tenant.tenantId}`, body, { 'content-type': 'application/json', [FIRST_PARTY_SIGNATURE_HEADER]: signFirstPartyReview(REVIEW_SECRET, body) }), [200, 202]);
      } else {
        const apiKey = apiKeyOf.get(event.tenantId) ?? '';
        const status = await accepted(
          'case resolution',
          call('PATCH', `/api/cases/${encodeURIComponent(event.caseId)}`, JSON.stringify({ state: 'resolved', outcome: { resolution: event.resolution, remedies: ['apology'], note: 'Resolved by the simulated service team' } }), {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
          }),
          [200],
        );
        if (status === 200) figures.casesResolved += 1;
      }
    };

    // What reaches the customers: each message in the outbox, answered as the customer would.
    let lastMessageId = '0';
    const reactToMessages = async () => {
      const rows = await context.db.query<{ id: string; message: { to: string }; kind: string; order_id: string | null }>(
        `SELECT m.id::text AS id, m.message, o.kind, o.order_id FROM outbox_messages m JOIN outreach o ON o.id = m.outreach_id
         WHERE m.id > $1::bigint AND m.tenant_id = ANY($2::text[]) ORDER BY m.id`,
        [lastMessageId, [...tenantIdSet]],
      );
      for (const row of rows) {
        lastMessageId = row.id;
        const customer = byEmail.get(row.message.to);
        if (!customer || unsubscribed.has(customer)) continue;
        if (customer.unsubscribes) {
          const token = linkTokens(row.message, 'u')[0];
          if (token && !unsubscribing.has(customer)) {
            unsubscribing.add(customer);
            queue.push(new Date(now + 2 * HOUR_MS), { type: 'unsubscribe', customer, token });
          }
          continue;
        }
        const feedbackToken = linkTokens(row.message, 'f')[0];
        if (row.kind === 'feedback_request' && feedbackToken && customer.answers !== 'never') {
          queue.push(new Date(now + customer.answerDelayHours * HOUR_MS), { type: 'answer', customer, token: feedbackToken, orderId: row.order_id, kind: row.kind });
        }
        if (row.kind === 'review_invitation' && customer.reviews) {
          queue.push(new Date(now + (1 + reactions() * 2) * DAY_MS), { type: 'review', customer, orderId: row.order_id, goToken: linkTokens(row.message, 'go').at(-1) ?? null });
        }
      }
    };

    // The service team: every case that opens is resolved a day later.
    let casesSeenUntil = new Date(0);
    const seenCases = new Set<string>();
    const watchCases = async () => {
      const rows = await context.db.query<{ id: string; tenant_id: string; opened_at: Date }>(
        'SELECT id, tenant_id, opened_at FROM recovery_cases WHERE tenant_id = ANY($1::text[]) AND opened_at >= $2 ORDER BY opened_at, id',
        [[...tenantIdSet], casesSeenUntil],
      );
      for (const row of rows) {
        if (seenCases.has(row.id)) continue;
        seenCases.add(row.id);
        figures.casesOpened += 1;
        queue.push(new Date(now + DAY_MS), { type: 'resolve_case', tenantId: row.tenant_id, caseId: row.id, resolution: seenCases.size % 3 === 0 ? 'no_fault_found' : 'put_right' });
      }
      casesSeenUntil = clock();
    };

    const nextDue = async (): Promise<number | null> => {
      const [row] = await context.db.query<{ due: Date | null }>(
        "SELECT min(due_at) AS due FROM outreach WHERE state = 'scheduled' AND tenant_id = ANY($1::text[])",
        [[...tenantIdSet]],
      );
      return row?.due ? new Date(row.due).getTime() : null;
    };

    const horizon = start.getTime() + (options.weeks * 7 + TAIL_DAYS) * DAY_MS;
    const cadenceMs = (options.dispatchEveryMinutes ?? 0) * 60_000;
    /** When the schedule next runs for an ask due at `time`. */
    const runFor = (time: number | null) => (time === null || cadenceMs === 0 ? time : Math.ceil(time / cadenceMs) * cadenceMs);
    let due = runFor(await nextDue());
    for (;;) {
      const nextEvent = queue.peek()?.at ?? null;
      const candidates = [nextEvent, due].filter((time): time is number => time !== null);
      if (candidates.length === 0) break;
      const next = Math.max(now, Math.min(...candidates));
      if (next > horizon) break;
      now = next;
      while ((queue.peek()?.at ?? Infinity) <= now) await process((queue.pop() as Scheduled).event);
      let signals = await drain();
      // Dispatch whenever an ask falls due: the schedule's run, at the virtual moment.
      for (let run = 0; run < 10; run += 1) {
        due = runFor(await nextDue());
        if (due === null || due > now) break;
        figures.dispatchRuns += 1;
        await dispatchFunction();
        signals += await drain();
        await reactToMessages();
        if (run === 9) due = runFor(await nextDue());
      }
      if (signals > 0 || figures.dispatchRuns === 0) await watchCases();
      // An ask that stays due after ten runs at one moment would hold the clock: move on a minute.
      if (due !== null && due <= now && (queue.peek()?.at ?? Infinity) > now) now += 60_000;
    }
    await watchCases();

    const records = await collectJourneyRecords(context.db, [...tenantIdSet]);
    const settings = new Map<string, JourneySettings>();
    const tenantSettings = new Map<string, TenantSettings>();
    for (const tenantId of tenantIdSet) {
      const tenant = await context.tenants.findById(tenantId);
      if (tenant) {
        settings.set(tenantId, journeySettingsOf(tenant.settings));
        tenantSettings.set(tenantId, tenant.settings);
      }
    }
    const customerKeyOf = new Map(records.orders.map((order) => [`${order.tenantId}\u0000${order.orderId}`, order.customerKey]));
    const facts: CustomerFacts[] = customers.map((customer) => {
      const tenantId = tenantOf(customer.platform).tenantId;
      const first = customer.orders[0] as SimOrder;
      return {
        label: `customer ${customer.index} (${customer.platform}, ${customer.answers})`,
        tenantId,
        customerKey: customerKeyOf.get(`${tenantId}\u0000${first.id}`) ?? `unknown:${customer.index}`,
        unsubscribedAt: unsubscribed.get(customer) ?? null,
        orders: customer.orders.map((order) => orderFactsOf(order, tenantSettings.get(tenantId) as TenantSettings, customer.platform)),
        answers: answers.get(customer) ?? [],
      };
    });

    const fairness: FairnessFigures[] = [];
    for (const tenantId of tenantIdSet) {
      const reply = await call('GET', `/api/audit/invitations?from=${encodeURIComponent(new Date(start.getTime() - DAY_MS).toISOString())}&to=${encodeURIComponent(new Date(now + DAY_MS).toISOString())}`, '', {
        authorization: `Bearer ${apiKeyOf.get(tenantId) ?? ''}`,
      });
      if (reply.status !== 200) {
        rejected.push(`fairness audit of ${tenantId} answered ${reply.status}`);
        continue;
      }
      const audit = JSON.parse(reply.body) as { rateSpread: number; total: { bySentiment: FairnessFigures['bySentiment'] } };
      fairness.push({ tenantId, rateSpread: audit.rateSpread, bySentiment: audit.total.bySentiment });
    }
    if (eventLog.undelivered(context.topics.dlq) > 0) failures.push(`${eventLog.undelivered(context.topics.dlq)} records dead-lettered to ${context.topics.dlq}`);
    if (recoveryQueue.deadLettered > 0) failures.push(`${recoveryQueue.deadLettered} recovery signals used up their receives (DLQ)`);

    const apiTimelines = new Map<number, TimelineLine[]>();
    if (options.timelines) {
      for (const customer of customers) {
        const tenant = tenantOf(customer.platform);
        const lines = await timelineFromApi(call, tenant.apiKey, customer);
        if (lines === null) break; // the tenant API has no timeline routes: the report builds them from the store
        apiTimelines.set(customer.index, lines);
      }
    }

    const invariants = checkJourneyInvariants({
      customers: facts,
      asks: records.asks,
      cases: records.cases,
      settings,
      fairness,
      losses: { rejectedCalls: rejected, failures },
      lateToleranceMs: cadenceMs,
    });
    const messagesByKind: Record<string, number> = {};
    const asksByState: Record<string, number> = {};
    for (const ask of records.asks) {
      asksByState[ask.state] = (asksByState[ask.state] ?? 0) + 1;
      if (ask.state === 'sent') messagesByKind[ask.kind] = (messagesByKind[ask.kind] ?? 0) + 1;
    }
    return {
      options: { customers: options.customers, weeks: options.weeks, seed: options.seed, store: options.store, start: start.toISOString(), dispatchEveryMinutes: options.dispatchEveryMinutes ?? 0 },
      tenants: [...tenants.entries()].map(([platform, tenant]) => ({ id: tenant.tenantId, platform })),
      figures: {
        orders: customers.reduce((sum, customer) => sum + customer.orders.length, 0),
        ...figures,
        messages: Object.values(messagesByKind).reduce((sum, count) => sum + count, 0),
        messagesByKind,
        asksByState,
        virtualDays: Math.round((now - start.getTime()) / DAY_MS),
      },
      invariants,
      records,
      customers,
      facts,
      apiTimelines,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    useAppContext(null);
    await base.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};
