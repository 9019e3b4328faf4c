import { createHash } from 'node:crypto';
import {
  DisplayNameFormSchema,
  TestimonialScopeSchema,
  type FeedbackEvent,
  type TestimonialConsent,
  type TestimonialScope,
} from '../../events/feedback-event.ts';
import type { HttpApiResult } from '../../events/http-api-event.ts';
import { linkProblemPage, type PageRequest } from '../feedback-intake/feedback-page-flow.ts';
import { firstHeader } from '../http/headers.ts';
import { pageResult } from '../http/html-reply.ts';
import { brandOf, type Brand } from '../brand/brand.ts';
import { acceptedLanguages, chooseLanguage, type MessageLanguage } from '../i18n/locale.ts';
import { CONSENT_WORDING_VERSION, MESSAGES } from '../i18n/messages.ts';
import { InvalidLinkError, type LinkClaims } from '../links/link-claims.ts';
import type { LinkReader } from '../links/link-urls.ts';
import type { Logger } from '../logger.ts';
import { renderConsentPage } from '../pages/consent-page.ts';
import { renderMessagePage } from '../pages/feedback-page.ts';
import type { FeedbackRepository } from '../store/feedback-repository.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { StoredTestimonial, TestimonialRepository } from '../store/testimonial-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { confirmTestimonialConsent } from './testimonial-asks.ts';
import { testimonialContentOf } from './testimonial-content.ts';

/**
 * `GET /c/{token}` shows the customer's words, the exact wording of the permission and their
 * current choice, and changes nothing (mail scanners open links); `POST /c/{token}` grants
 * (scopes, name form) or withdraws it. The link names the feedback; it comes in a testimonial
 * request (it expires like a feedback link) or in a confirmation (it never expires: withdrawing
 * must always work). A grant is confirmed by a message carrying the same kind of link.
 */
export interface ConsentPageDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly orders: Pick<OrderRepository, 'find'>;
  readonly feedback: Pick<FeedbackRepository, 'latest'>;
  readonly testimonials: Pick<TestimonialRepository, 'record' | 'findByFeedback'>;
  readonly outreach: Pick<OutreachRepository, 'schedule'>;
  /** Reads the link's token: a handle, or a legacy signed link still honoured. */
  readonly linkReader: LinkReader;
  readonly clock: () => Date;
  readonly logger: Logger;
}

interface Resolved {
  readonly claims: LinkClaims;
  readonly tenant: Tenant;
  readonly latest: FeedbackEvent;
  readonly testimonial: StoredTestimonial | null;
  readonly shopName: string;
  readonly brand: Brand;
  readonly orderName: string | null;
}

/** Words shown and words granted must be the same: the form carries a digest of what it showed. */
const digestOf = (quote: string) => createHash('sha256').update(quote, 'utf8').digest('base64url').slice(0, 22);

const resolve = async (deps: ConsentPageDeps, request: PageRequest): Promise<Resolved | HttpApiResult> => {
  let claims: LinkClaims;
  try {
    claims = await deps.linkReader.read(request.token, 'consent', deps.clock());
  } catch (error) {
    if (error instanceof InvalidLinkError) return linkProblemPage(deps, error, request);
    throw error;
  }
  const tenant = await deps.tenants.findById(claims.tenantId);
  const latest = tenant && claims.subject ? await deps.feedback.latest(tenant.id, claims.subject) : null;
  // Erased (a privacy request) or never there: the link has nothing left to show.
  if (!tenant || !latest || latest.customer.key !== claims.customerKey) {
    return linkProblemPage(deps, new InvalidLinkError('malformed', 'no such feedback'), request);
  }
  const testimonial = await deps.testimonials.findByFeedback(tenant.id, latest.feedbackId);
  const order = latest.orderId ? await deps.orders.find(tenant.id, latest.orderId) : null;
  return { claims, tenant, latest, testimonial, shopName: tenant.settings.shopName ?? tenant.id, brand: brandOf(tenant.settings, tenant.id), orderName: order?.orderNumber ?? null };
};

const languageOf = (resolved: Resolved, request: PageRequest, formLanguage: string | null): MessageLanguage =>
  chooseLanguage(
    [formLanguage, request.query.lang, resolved.latest.locale, ...acceptedLanguages(firstHeader(request.headers, 'accept-language'))],
    resolved.tenant.settings.feedback.locales,
  );

const quoteOf = (resolved: Resolved) => resolved.latest.comment?.trim() ?? '';

const consentForm = (resolved: Resolved, language: MessageLanguage, chosen: { scopes: ReadonlySet<TestimonialScope>; displayName: TestimonialConsent['displayName'] }, errors: string[], status: number) => {
  const held = resolved.testimonial?.consent ?? null;
  const page = renderConsentPage({
    language,
    shopName: resolved.shopName,
    brand: resolved.brand,
    orderName: resolved.orderName,
    quote: quoteOf(resolved),
    quoteDigest: digestOf(quoteOf(resolved)),
    consentVersion: CONSENT_WORDING_VERSION,
    current: held && { granted: held.granted, scopes: held.scopes, displayName: held.displayName },
    chosen,
    errors,
  });
  return pageResult(status, page);
};

const nothingToQuote = (language: MessageLanguage, brand: Brand) => {
  const text = MESSAGES[language].consentPage;
  return pageResult(410, renderMessagePage({ language, title: text.nothingToQuoteTitle, message: text.nothingToQuote, brand }));
};

export const showConsentPage = async (deps: ConsentPageDeps, request: PageRequest): Promise<HttpApiResult> => {
  const resolved = await resolve(deps, request);
  if ('statusCode' in resolved) return resolved;
  const language = languageOf(resolved, request, null);
  if (quoteOf(resolved) === '') return nothingToQuote(language, resolved.brand);
  const held = resolved.testimonial?.consent;
  return consentForm(
    resolved,
    language,
    { scopes: new Set(held?.granted ? held.scopes : []), displayName: held?.displayName ?? 'first_name_last_initial' },
    [],
    200,
  );
};

export const submitConsentPage = async (deps: ConsentPageDeps, request: PageRequest): Promise<HttpApiResult> => {
  const resolved = await resolve(deps, request);
  if ('statusCode' in resolved) return resolved;
  const form = new URLSearchParams(request.body.toString('utf8'));
  const language = languageOf(resolved, request, form.get('lang'));
  const text = MESSAGES[language];
  const scopes = [...new Set(form.getAll('scope'))].filter((scope): scope is TestimonialScope => TestimonialScopeSchema.safeParse(scope).success);
  const displayName = DisplayNameFormSchema.safeParse(form.get('displayName')).data ?? resolved.testimonial?.consent.displayName ?? 'first_name_last_initial';
  const granting = form.get('action') !== 'revoke';
  const quote = quoteOf(resolved);
  if (granting) {
    if (quote === '') return nothingToQuote(language, resolved.brand);
    const errors: string[] = [];
    if (form.get('consentVersion') !== CONSENT_WORDING_VERSION || form.get('quoteDigest') !== digestOf(quote)) errors.push(text.page.consentChanged);
    else if (scopes.length === 0) errors.push(text.page.consentNeedsScope);
    if (errors.length > 0) return consentForm(resolved, language, { scopes: new Set(scopes), displayName }, errors, 400);
  }

  const now = deps.clock();
  const consent: TestimonialConsent = {
    granted: granting,
    wording: text.page.consentWording(resolved.shopName),
    wordingVersion: CONSENT_WORDING_VERSION,
    locale: language,
    scopes: granting ? scopes : [],
    displayName,
    recordedAt: now.toISOString(),
  };
  const order = resolved.latest.orderId ? await deps.orders.find(resolved.tenant.id, resolved.latest.orderId) : null;
  const { testimonial, consentRecorded } = await deps.testimonials.record(testimonialContentOf(resolved.latest, order, resolved.tenant), {
    consent,
    channel: 'consent_page',
  });
  if (testimonial && consentRecorded?.granted) await confirmTestimonialConsent(deps, testimonial, consentRecorded, now);
  if (consentRecorded) deps.logger.info('testimonial permission recorded', { tenantId: resolved.tenant.id, testimonialId: testimonial?.id, granted: granting });
  const words = text.consentPage;
  return granting
    ? pageResult(200, renderMessagePage({ language, title: words.grantedTitle, message: words.granted(resolved.shopName), brand: resolved.brand }))
    : pageResult(200, renderMessagePage({ language, title: words.revokedTitle, message: words.revoked(resolved.shopName), brand: resolved.brand }));
};
