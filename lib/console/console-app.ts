import type { HttpApiEvent, HttpApiResult } from '../../events/http-api-event.ts';
import { rawBodyOf } from '../../events/http-api-event.ts';
import { loadInvitationAudit } from '../advocacy/fairness-audit.ts';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { firstHeader } from '../http/headers.ts';
import { htmlResult } from '../http/html-reply.ts';
import type { Logger } from '../logger.ts';
import { changeCase } from '../recovery/change-case.ts';
import type { HelpdeskUpdates } from '../recovery/helpdesk-jobs.ts';
import type { RecoveryFollowUpScheduler } from '../recovery/follow-up.ts';
import { weeklySatisfaction } from '../recovery/satisfaction.ts';
import { timeZoneOf } from '../recovery/satisfaction-check.ts';
import type { Database } from '../store/database.ts';
import { asksOfOrder, findOrdersMatching, loadJourneyFunnel, type ConsoleRepository, type ConsoleSession } from '../store/console-repository.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { TimelineRepository } from '../store/timeline-repository.ts';
import { customerTimeline, orderTimeline, searchCustomers as findCustomers } from '../journey/timeline.ts';
import type { RecoveryCaseRepository } from '../store/recovery-case-repository.ts';
import type { SatisfactionRepository } from '../store/satisfaction-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { TestimonialRepository } from '../store/testimonial-repository.ts';
import { changeTenantSettings } from '../tenants/change-tenant-settings.ts';
import { maskSecretSettings } from '../tenants/mask-settings.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { casePage, casesPage, wordsOf } from './cases-pages.ts';
import { consoleCopy, consoleLanguageOf } from './console-copy.ts';
import type { ConsoleFrame } from './console-layout.ts';
import { customerPage, customersPage, orderPage } from './customers-pages.ts';
import { overviewPage } from './overview-page.ts';
import {
  clearedSessionCookie,
  csrfMatches,
  hashToken,
  newToken,
  sessionCookie,
  sessionTokenOf,
  signInWaitSeconds,
  signInWindowOf,
  startSession,
} from './session.ts';
import { settingsPage, EDITABLE_SETTINGS } from './settings-page.ts';
import { signInPage } from './sign-in-page.ts';
import { exportReadyPage, MODERATION_FILTERS, testimonialsPage, type ModerationFilter } from './testimonials-page.ts';

export interface ConsoleDeps {
  readonly db: Database;
  readonly consoleStore: ConsoleRepository;
  readonly tenants: TenantRepository;
  readonly orders: Pick<OrderRepository, 'find' | 'events'>;
  /** Timelines read the asks; saving settings puts asks that waited for consent or the postal address back on the schedule, as `tenant set` does. */
  readonly outreach: Pick<OutreachRepository, 'forOrder' | 'forCustomer' | 'history' | 'replanSkippedForConsent'>;
  readonly timelines: TimelineRepository;
  readonly recoveryCases: RecoveryCaseRepository;
  readonly followUps: RecoveryFollowUpScheduler;
  readonly helpdeskUpdates: HelpdeskUpdates;
  readonly testimonials: TestimonialRepository;
  readonly satisfaction: SatisfactionRepository;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Where the streamed testimonial export is served (on Lambda a Function URL of its own). */
  readonly exportUrl: string;
  /** Cookies get `Secure` when the console is served over https. */
  readonly secureCookies: boolean;
}

/** An export link lives long enough to start the download, not long enough to be passed around. */
export const EXPORT_LINK_TTL_MS = 5 * 60_000;
/** The sign-in form's own CSRF token (no session yet): a cookie the form must echo. */
const SIGN_IN_CSRF_COOKIE = 'ag_console_signin';
const WEEKS_SHOWN = 26;

const redirect = (location: string, cookies: readonly string[] = []): HttpApiResult => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
});

const formOf = (event: HttpApiEvent): URLSearchParams => {
  const type = firstHeader(event.headers ?? {}, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new InvalidRequestError('the console posts forms (application/x-www-form-urlencoded)');
  return new URLSearchParams(rawBodyOf(event).toString('utf8'));
};

const cookieValue = (event: HttpApiEvent, name: string): string | null => {
  const pairs = [...(event.cookies ?? []), ...(firstHeader(event.headers ?? {}, 'cookie') ?? '').split(';')];
  for (const pair of pairs) {
    const [key, ...rest] = pair.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
};

/** The sub-path below `/console` (`''`, `/cases/c1`), split into segments. */
const segmentsOf = (event: HttpApiEvent): string[] => event.rawPath.replace(/^\/console\/?/, '').split('/').filter(Boolean);

const page = (body: string, status = 200, cookies: readonly string[] = []): HttpApiResult => {
  const result = htmlResult(status, body);
  return cookies.length > 0 ? { ...result, cookies: [...cookies] } : result;
};

const signInCsrfCookie = (token: string, secure: boolean) =>
  [`${SIGN_IN_CSRF_COOKIE}=${token}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', 'Max-Age=3600', ...(secure ? ['Secure'] : [])].join('; ');

const showSignIn = (deps: ConsoleDeps, frame: ConsoleFrame, error?: string, person?: string, status = 200): HttpApiResult => {
  const token = newToken();
  return page(signInPage(frame, { csrfToken: token, ...(error ? { error } : {}), ...(person ? { person } : {}) }), status, [signInCsrfCookie(token, deps.secureCookies)]);
};

const signIn = async (event: HttpApiEvent, deps: ConsoleDeps, frame: ConsoleFrame): Promise<HttpApiResult> => {
  const form = formOf(event);
  const now = deps.clock();
  const source = event.requestContext.http.sourceIp || 'unknown';
  const given = form.get('csrf') ?? '';
  const expected = cookieValue(event, SIGN_IN_CSRF_COOKIE);
  if (!expected || given !== expected) return showSignIn(deps, frame, frame.copy.errors.csrf, undefined, 403);
  const wait = await signInWaitSeconds(deps.consoleStore, source, now);
  if (wait > 0) {
    const refused = showSignIn(deps, frame, frame.copy.signIn.slowDown(wait), undefined, 429);
    return { ...refused, headers: { ...refused.headers, 'retry-after': String(wait) } };
  }
  const apiKey = (form.get('apiKey') ?? '').trim();
  const person = (form.get('person') ?? '').trim().replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 80);
  if (!apiKey || !person) return showSignIn(deps, frame, frame.copy.signIn.missing, person, 400);
  const tenant = apiKey.length <= 200 ? await deps.tenants.findByApiKey(apiKey) : null;
  if (!tenant) {
    await deps.consoleStore.countFailure(source, signInWindowOf(now));
    return showSignIn(deps, frame, frame.copy.signIn.invalid, person, 401);
  }
  const { token } = await startSession(deps.consoleStore, tenant.id, person, now);
  deps.logger.info('console sign-in', { tenantId: tenant.id });
  return redirect('/console', [sessionCookie(token, deps.secureCookies), `${SIGN_IN_CSRF_COOKIE}=; Path=/console; Max-Age=0`]);
};

interface SignedIn {
  readonly tenant: Tenant;
  readonly session: ConsoleSession;
  readonly token: string;
  readonly frame: ConsoleFrame;
}

const overview = async (deps: ConsoleDeps, { tenant, frame }: SignedIn): Promise<HttpApiResult> => {
  const to = deps.clock();
  const from = new Date(to.getTime() - WEEKS_SHOWN * 7 * 86_400_000);
  const [answers, alerts, funnel, audit] = await Promise.all([
    deps.satisfaction.answers(tenant.id, { from, to }),
    deps.satisfaction.alerts(tenant.id),
    loadJourneyFunnel(deps.db, tenant.id, { from, to }),
    loadInvitationAudit(deps.db, tenant.id, { from, to }),
  ]);
  return page(overviewPage(frame, { weeks: weeklySatisfaction(answers, timeZoneOf(tenant.settings)), alerts, funnel, audit }));
};

const cases = async (deps: ConsoleDeps, { tenant, frame }: SignedIn): Promise<HttpApiResult> => {
  const [open, acknowledged] = await Promise.all([
    deps.recoveryCases.list(tenant.id, { state: 'open', limit: 200 }),
    deps.recoveryCases.list(tenant.id, { state: 'acknowledged', limit: 200 }),
  ]);
  const listed = [...open, ...acknowledged].sort((a, b) => b.priority - a.priority || a.slaDueAt.getTime() - b.slaDueAt.getTime());
  const words = new Map<string, string | null>();
  await Promise.all(
    listed.map(async (found) => {
      const [first] = await deps.recoveryCases.signalsOf(tenant.id, found.id);
      words.set(found.id, first ? wordsOf(first) : null);
    }),
  );
  return page(casesPage(frame, listed, deps.clock(), words));
};

const showCase = async (deps: ConsoleDeps, { tenant, frame }: SignedIn, caseId: string, notice?: string): Promise<HttpApiResult> => {
  const found = await deps.recoveryCases.find(tenant.id, caseId);
  if (!found) throw new NotFoundError(`no case ${caseId}`);
  return page(casePage(frame, found, await deps.recoveryCases.signalsOf(tenant.id, caseId), deps.clock(), notice));
};

/** The same transitions as `PATCH /api/cases/{id}`, with the person who signed in named in the outcome's note. */
const changeCaseFromForm = async (event: HttpApiEvent, deps: ConsoleDeps, signedIn: SignedIn, caseId: string): Promise<HttpApiResult> => {
  const form = formOf(event);
  const action = form.get('action');
  const note = (form.get('note') ?? '').trim();
  const signed = `${note ? `${note}\n` : ''}— ${signedIn.session.person} (console)`;
  const body =
    action === 'acknowledge'
      ? { state: 'acknowledged' }
      : { state: 'resolved', outcome: { resolution: form.get('resolution') ?? '', remedies: [], discountCode: null, note: signed } };
  await changeCase(signedIn.tenant.id, caseId, body, { cases: deps.recoveryCases, followUps: deps.followUps, helpdesk: deps.helpdeskUpdates, clock: deps.clock });
  return redirect(`/console/cases/${encodeURIComponent(caseId)}?done=1`);
};

const moderationFilterOf = (value: string | undefined): ModerationFilter =>
  (MODERATION_FILTERS as readonly string[]).includes(value ?? '') ? (value as ModerationFilter) : 'pending';

const testimonials = async (deps: ConsoleDeps, { tenant, frame }: SignedIn, query: Record<string, string>): Promise<HttpApiResult> => {
  const filter = moderationFilterOf(query.state);
  const found = await deps.testimonials.list(tenant.id, { state: filter === 'all' ? null : filter, limit: 200, after: null });
  return page(testimonialsPage(frame, found, filter, query.done ? frame.copy.testimonials.done : undefined));
};

const reviewTestimonialFromForm = async (event: HttpApiEvent, deps: ConsoleDeps, { tenant, session }: SignedIn, id: string): Promise<HttpApiResult> => {
  const decision = formOf(event).get('decision');
  if (decision !== 'approved' && decision !== 'rejected') throw new InvalidRequestError('decision is approved or rejected');
  const outcome = await deps.testimonials.review(tenant.id, id, decision, `${decision} by ${session.person} (console)`, deps.clock());
  if (outcome === 'not_found') throw new NotFoundError(`no testimonial ${id}`);
  return redirect('/console/testimonials?done=1');
};

/** A short-lived link to the streamed export, so the page never carries the tenant API key. */
const exportLink = async (event: HttpApiEvent, deps: ConsoleDeps, signedIn: SignedIn): Promise<HttpApiResult> => {
  const { tenant } = signedIn;
  const format = formOf(event).get('format') ?? 'csv';
  if (!['csv', 'json', 'ndjson'].includes(format)) throw new InvalidRequestError('format is csv, json or ndjson');
  const token = newToken();
  await deps.consoleStore.createExportLink(hashToken(token), tenant.id, new Date(deps.clock().getTime() + EXPORT_LINK_TTL_MS));
  // A page with the link, not a redirect: the console's CSP lets forms post only to the console,
  // and on Lambda the streamed export is another origin (its own Function URL).
  return page(exportReadyPage(signedIn.frame, `${deps.exportUrl}?format=${format}&link=${token}`, format, EXPORT_LINK_TTL_MS / 60_000));
};

const searchCustomers = async (event: HttpApiEvent, deps: ConsoleDeps, { tenant, frame }: SignedIn): Promise<HttpApiResult> => {
  const query = (formOf(event).get('q') ?? '').trim().slice(0, 200);
  const results = query ? await findOrdersMatching(deps.db, tenant.id, query) : [];
  // An email or a phone also finds the customer (their opaque id leads to their whole timeline).
  const contact = query.includes('@') ? { email: query.toLowerCase() } : /^\+?[\d\s().-]{6,}$/.test(query) ? { phone: query } : null;
  const customers = contact ? await findCustomers(deps, tenant.id, contact) : [];
  return page(customersPage(frame, results, query, customers));
};

const showOrder = async (deps: ConsoleDeps, { tenant, frame }: SignedIn, orderId: string): Promise<HttpApiResult> => {
  const order = await deps.orders.find(tenant.id, orderId);
  if (!order) throw new NotFoundError(`no order ${orderId}`);
  const [timeline, asks] = await Promise.all([orderTimeline(deps, tenant.id, orderId), asksOfOrder(deps.db, tenant.id, orderId)]);
  return page(orderPage(frame, order, timeline, asks));
};

const showCustomer = async (deps: ConsoleDeps, { tenant, frame }: SignedIn, customerId: string): Promise<HttpApiResult> => {
  const timeline = await customerTimeline(deps, tenant.id, customerId);
  const orders = await Promise.all(timeline.orders.map((orderId) => deps.orders.find(tenant.id, orderId)));
  const names = new Map(orders.flatMap((order) => (order ? [[order.orderId, order.orderNumber ?? order.orderId] as const] : [])));
  return page(customerPage(frame, timeline, names));
};

const showSettings = (tenant: Tenant, frame: ConsoleFrame, message?: { kind: 'notice' | 'error'; text: string }, status = 200) =>
  page(settingsPage(frame, maskSecretSettings(tenant.settings), message), status);

/** Only the fields whose value changed become `tenant set` assignments, validated and recorded the same way. */
const saveSettings = async (event: HttpApiEvent, deps: ConsoleDeps, { tenant, session, frame }: SignedIn): Promise<HttpApiResult> => {
  const form = formOf(event);
  const masked = maskSecretSettings(tenant.settings) as unknown;
  const current = (path: string) => JSON.stringify(path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], masked));
  const assignments = EDITABLE_SETTINGS.flatMap((path) => {
    const value = form.get(path);
    return value !== null && value !== current(path) ? [`${path}=${value}`] : [];
  });
  if (assignments.length === 0) return showSettings(tenant, frame);
  try {
    const changed = await changeTenantSettings(tenant.id, assignments, `console:${session.person}`, {
      tenants: deps.tenants,
      outreach: deps.outreach,
      clock: deps.clock,
    });
    return showSettings(changed, frame, { kind: 'notice', text: frame.copy.settings.saved });
  } catch (error) {
    if (error instanceof InvalidRequestError) return showSettings(tenant, frame, { kind: 'error', text: `${frame.copy.errors.invalid} ${error.message}` }, 400);
    throw error;
  }
};

const signedInRoute = async (event: HttpApiEvent, deps: ConsoleDeps, signedIn: SignedIn): Promise<HttpApiResult> => {
  const method = event.requestContext.http.method.toUpperCase();
  const [section = '', id, extra] = segmentsOf(event);
  const query = event.queryStringParameters ?? {};
  if (extra !== undefined) throw new NotFoundError('no such console page');
  if (method === 'POST') {
    if (!csrfMatches(signedIn.session, formOf(event).get('csrf') ?? undefined)) {
      return page(`<!doctype html><p>${signedIn.frame.copy.errors.csrf}</p>`, 403);
    }
    if (section === 'sign-out' && !id) {
      await deps.consoleStore.revokeSession(hashToken(signedIn.token), deps.clock());
      return redirect('/console/sign-in', [clearedSessionCookie(deps.secureCookies)]);
    }
    if (section === 'cases' && id) return changeCaseFromForm(event, deps, signedIn, id);
    if (section === 'testimonials' && id === 'export') return exportLink(event, deps, signedIn);
    if (section === 'testimonials' && id) return reviewTestimonialFromForm(event, deps, signedIn, id);
    if (section === 'customers' && !id) return searchCustomers(event, deps, signedIn);
    if (section === 'settings' && !id) return saveSettings(event, deps, signedIn);
    throw new NotFoundError('no such console action');
  }
  if (method !== 'GET') throw new NotFoundError('no such console page');
  if (section === '' && !id) return overview(deps, signedIn);
  if (section === 'sign-in' && !id) return redirect('/console');
  if (section === 'cases') return id ? showCase(deps, signedIn, id, query.done ? signedIn.frame.copy.cases.done : undefined) : cases(deps, signedIn);
  if (section === 'testimonials' && !id) return testimonials(deps, signedIn, query);
  if (section === 'customers' && !id) return page(customersPage(signedIn.frame, null));
  if (section === 'customers' && id) return showCustomer(deps, signedIn, id);
  if (section === 'orders' && id) return showOrder(deps, signedIn, id);
  if (section === 'settings' && !id) return showSettings(signedIn.tenant, signedIn.frame);
  throw new NotFoundError('no such console page');
};

/**
 * `/console` and every page below it. Without a live session every page leads to the sign-in
 * form; with one, every POST must carry the session's CSRF token. The session names one tenant,
 * and every read and change below goes through that tenant's id only.
 */
export const handleConsole = async (event: HttpApiEvent, deps: ConsoleDeps): Promise<HttpApiResult> => {
  const language = consoleLanguageOf(firstHeader(event.headers ?? {}, 'accept-language'));
  const anonymous: ConsoleFrame = { language, copy: consoleCopy(language), signedIn: null };
  try {
    const method = event.requestContext.http.method.toUpperCase();
    const [section] = segmentsOf(event);
    if (section === 'sign-in' && method === 'POST') return await signIn(event, deps, anonymous);
    const token = sessionTokenOf(firstHeader(event.headers ?? {}, 'cookie'), event.cookies);
    const session = token ? await deps.consoleStore.findSession(hashToken(token), deps.clock()) : null;
    const tenant = session ? await deps.tenants.findById(session.tenantId) : null;
    if (!token || !session || !tenant) {
      if (method === 'GET' && section === 'sign-in') return showSignIn(deps, anonymous);
      return redirect('/console/sign-in', token ? [clearedSessionCookie(deps.secureCookies)] : []);
    }
    const frame: ConsoleFrame = { ...anonymous, signedIn: { person: session.person, tenantId: tenant.id, csrfToken: session.csrfToken } };
    try {
      return await signedInRoute(event, deps, { tenant, session, token, frame });
    } catch (error) {
      if (error instanceof NotFoundError) return page(`<!doctype html><html lang="${language}"><title>404</title><p>${frame.copy.errors.notFound}</p><p><a href="/console">afterglow</a></p></html>`, 404);
      if (error instanceof InvalidRequestError) return page(`<!doctype html><html lang="${language}"><title>400</title><p>${frame.copy.errors.invalid} ${error.message.replace(/[<>&"]/g, '')}</p><p><a href="/console">afterglow</a></p></html>`, 400);
      throw error;
    }
  } catch (error) {
    if (error instanceof InvalidRequestError) return page('<!doctype html><title>400</title><p>Bad request.</p>', 400);
    deps.logger.error('console page failed', { path: event.rawPath, error });
    return page('<!doctype html><title>503</title><p>The console is unavailable; try again in a moment.</p>', 503);
  }
};
