import { jsonResult, type HttpApiResult } from '../../events/http-api-event.ts';
import { MAX_COMMENT_LENGTH } from '../../events/feedback-event.ts';
import { scoreProblem } from '../../events/feedback-scale.ts';
import { acceptedLanguages, chooseLanguage, type MessageLanguage } from '../i18n/locale.ts';
import { CONSENT_WORDING_VERSION, MESSAGES } from '../i18n/messages.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import { browserLanguage, invalidLinkPage } from '../http/customer-pages.ts';
import { pageResult } from '../http/html-reply.ts';
import { brandOf, plainBrand } from '../brand/brand.ts';
import { InvalidLinkError, type LinkClaims } from '../links/link-claims.ts';
import type { LinkReader } from '../links/link-urls.ts';
import { renderFeedbackForm, renderMessagePage, renderThankYou, type ThankYouAnswer } from '../pages/feedback-page.ts';
import type { OrderRepository, StoredOrder } from '../store/order-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { FeedbackEvent } from '../../events/feedback-event.ts';
import { addBusinessHours } from '../recovery/business-hours.ts';
import { fieldsFromForm, readFeedbackForm, testimonialConsentOf } from './feedback-form.ts';
import { submitFeedback, type SubmitFeedbackDeps } from './submit-feedback.ts';

/**
 * `GET /f/{token}` shows the form (and changes nothing: mail scanners open every link);
 * `POST /f/{token}` records an answer, from the form or from the page script that sends a score
 * clicked in the email. The token decides the tenant, the order and the customer.
 */
export interface FeedbackPageDeps extends SubmitFeedbackDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  /**
   * Whether the answer will open a recovery case for certain (`recoveryCertain` in
   * lib/feedback/certain-recovery.ts: the rating and the written rules, not the model).
   */
  readonly recoveryCertain: (answered: Answered) => boolean;
  readonly orders: Pick<OrderRepository, 'find'>;
  /** Reads the link's token: a handle, or a legacy signed link still honoured. */
  readonly linkReader: LinkReader;
}

export interface PageRequest {
  readonly token: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** What the page reads of the revision just stored. */
export type Answered = Pick<FeedbackEvent, 'score' | 'comment' | 'locale'>;

interface Resolved {
  readonly claims: LinkClaims;
  readonly tenant: Tenant;
  readonly order: StoredOrder;
  readonly language: MessageLanguage;
}

const shopNameOf = (tenant: Tenant) => tenant.settings.shopName ?? tenant.id;

/** The page for a link that is not valid (400) or has expired (410, naming the shop). */
export const linkProblemPage = async (
  deps: Pick<FeedbackPageDeps, 'tenants'>,
  error: InvalidLinkError,
  request: Pick<PageRequest, 'headers'>,
): Promise<HttpApiResult> => {
  if (error.problem !== 'expired' || !error.expiredClaims) return invalidLinkPage(request.headers, 400);
  const language = browserLanguage(request.headers);
  const page = MESSAGES[language].page;
  const tenant = await deps.tenants.findById(error.expiredClaims.tenantId);
  const shop = tenant ? shopNameOf(tenant) : error.expiredClaims.tenantId;
  return pageResult(410, renderMessagePage({ language, title: page.linkExpiredTitle, message: page.linkExpired(shop), brand: tenant ? brandOf(tenant.settings, tenant.id) : plainBrand(shop) }));
};

const resolve = async (deps: Omit<FeedbackPageDeps, 'recoveryCertain'>, request: PageRequest): Promise<Resolved | HttpApiResult> => {
  let claims: LinkClaims;
  try {
    claims = await deps.linkReader.read(request.token, 'feedback', deps.clock());
  } catch (error) {
    if (error instanceof InvalidLinkError) return linkProblemPage(deps, error, request);
    throw error;
  }
  const tenant = await deps.tenants.findById(claims.tenantId);
  const order = tenant && claims.orderId ? await deps.orders.find(tenant.id, claims.orderId) : null;
  if (!tenant || !order) return linkProblemPage(deps, new InvalidLinkError('malformed', 'no such order'), request);
  const language = chooseLanguage(
    [request.query.lang, order.customer.locale, ...acceptedLanguages(firstHeader(request.headers, 'accept-language'))],
    tenant.settings.feedback.locales,
  );
  return { claims, tenant, order, language };
};

const sourceKeyOf = (claims: LinkClaims) => claims.outreachId ?? `order:${claims.orderId ?? ''}`;

const clickedScore = (resolved: Resolved, raw: string | undefined): number | null => {
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  const score = Number(raw);
  return scoreProblem(score, resolved.tenant.settings.feedback.scale) ? null : score;
};

const submission = (deps: FeedbackPageDeps, resolved: Resolved, answer: Parameters<typeof submitFeedback>[1]['answer']) =>
  submitFeedback(deps, {
    tenantId: resolved.tenant.id,
    source: 'feedback_page',
    sourceDetail: null,
    sourceKey: sourceKeyOf(resolved.claims),
    orderId: resolved.order.orderId,
    customer: {
      key: resolved.claims.customerKey,
      email: resolved.order.customer.email,
      phone: resolved.order.customer.phone,
      firstName: resolved.order.customer.firstName,
      lastName: resolved.order.customer.lastName,
    },
    stage: resolved.claims.subject ?? 'feedback_request',
    answer,
  });

export const showFeedbackPage = async (deps: Omit<FeedbackPageDeps, 'recoveryCertain'>, request: PageRequest): Promise<HttpApiResult> => {
  const resolved = await resolve(deps, request);
  if ('statusCode' in resolved) return resolved;
  const prior = await deps.feedback.latestBySource(resolved.tenant.id, 'feedback_page', sourceKeyOf(resolved.claims));
  const clicked = clickedScore(resolved, request.query.score);
  const consent = prior?.testimonialConsent;
  return pageResult(
    200,
    renderFeedbackForm({
      language: resolved.language,
      shopName: shopNameOf(resolved.tenant),
      brand: brandOf(resolved.tenant.settings, resolved.tenant.id),
      orderName: resolved.order.orderNumber,
      scale: resolved.tenant.settings.feedback.scale,
      selectedScore: clicked ?? prior?.score?.value ?? null,
      comment: prior?.comment ?? '',
      consent: {
        given: consent?.granted ?? false,
        scopes: new Set(consent?.granted ? consent.scopes : []),
        displayName: consent?.displayName ?? 'first_name_last_initial',
      },
      consentVersion: CONSENT_WORDING_VERSION,
      maxCommentLength: MAX_COMMENT_LENGTH,
      errors: [],
      autoSubmitScore: clicked !== null && clicked !== prior?.score?.value ? clicked : null,
    }),
  );
};

export const submitFeedbackPage = async (deps: FeedbackPageDeps, request: PageRequest): Promise<HttpApiResult> => {
  const resolved = await resolve(deps, request);
  if ('statusCode' in resolved) return resolved;
  const contentType = firstHeader(request.headers, 'content-type') ?? '';
  const scale = resolved.tenant.settings.feedback.scale;

  // The page script: a score clicked in the email, sent alone; everything else stays as it was.
  if (contentType.startsWith('application/json')) {
    let score: unknown;
    try {
      score = (JSON.parse(request.body.toString('utf8')) as { score?: unknown }).score;
    } catch {
      return jsonResult(400, { error: 'the body is not JSON' });
    }
    const problem = typeof score === 'number' ? scoreProblem(score, scale) : 'score must be a number';
    if (problem) return jsonResult(400, { error: problem });
    const saved = await submission(deps, resolved, { score: { value: score as number, scale }, locale: resolved.language });
    return jsonResult(200, { feedbackId: saved?.event.feedbackId, revision: saved?.event.revision });
  }

  const prior = await deps.feedback.latestBySource(resolved.tenant.id, 'feedback_page', sourceKeyOf(resolved.claims));
  const fields = fieldsFromForm(request.body.toString('utf8'));
  const form = readFeedbackForm(fields, scale, resolved.language, prior?.testimonialConsent?.granted ?? false);
  const shopName = shopNameOf(resolved.tenant);
  if (form.errors.length > 0) {
    return pageResult(
      400,
      renderFeedbackForm({
        language: resolved.language,
        shopName,
        brand: brandOf(resolved.tenant.settings, resolved.tenant.id),
        orderName: resolved.order.orderNumber,
        scale,
        selectedScore: form.score?.value ?? null,
        comment: fields.comment ?? '',
        consent: { given: fields.consent, scopes: new Set(form.consent?.scopes ?? []), displayName: form.consent?.displayName ?? 'first_name_last_initial' },
        consentVersion: CONSENT_WORDING_VERSION,
        maxCommentLength: MAX_COMMENT_LENGTH,
        errors: form.errors,
        autoSubmitScore: null,
      }),
    );
  }
  const saved = await submission(deps, resolved, {
    ...(form.score ? { score: form.score } : {}),
    comment: form.comment,
    locale: resolved.language,
    ...(form.consent ? { testimonialConsent: testimonialConsentOf(form.consent, shopName, resolved.language, deps.clock()) } : {}),
  });
  const answer = thankYouAnswerOf(deps, resolved, saved?.event ?? { score: form.score ?? null, comment: form.comment, locale: resolved.language });
  return pageResult(
    200,
    renderThankYou({
      language: resolved.language,
      shopName,
      brand: brandOf(resolved.tenant.settings, resolved.tenant.id),
      orderName: resolved.order.orderNumber,
      answer,
      reviewLinks: resolved.tenant.settings.reviewLinks,
    }),
  );
};

/**
 * The answer the page gives, read from the revision just stored (score and comment together): an
 * apology and a person's reply when a recovery case will open for certain (an unhappy rating, a
 * problem named that a person must act on, a complaint asked as a request), else a thanks that
 * neither apologises nor rejoices. A time only when the tenant set one, in business hours. The
 * page gates nothing: the review links below it, and what the back end does, are the same either way.
 */
const thankYouAnswerOf = (deps: Pick<FeedbackPageDeps, 'recoveryCertain' | 'clock'>, resolved: Resolved, answered: Answered): ThankYouAnswer => {
  if (!deps.recoveryCertain(answered)) return { kind: 'thanks' };
  const { replyWithinBusinessHours, businessHours } = resolved.tenant.settings.recovery;
  if (replyWithinBusinessHours === null) return { kind: 'apology', replyBy: null };
  const by = addBusinessHours(deps.clock(), replyWithinBusinessHours, businessHours);
  const written = new Intl.DateTimeFormat(resolved.language, {
    timeZone: businessHours.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(by);
  return { kind: 'apology', replyBy: written };
};
