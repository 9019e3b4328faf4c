import type { TestimonialScope } from '../../events/feedback-event.ts';
import { SCALE_RANGES, type FeedbackScale } from '../../events/feedback-scale.ts';
import { cssAccent, plainBrand, type Brand } from '../brand/brand.ts';
import { fillCopy, type CopyField, type CopyValues } from '../brand/copy-template.ts';
import { MESSAGES, type Messages } from '../i18n/messages.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { html, SafeHtml } from '../pages/html.ts';
import type { CopyOverride } from '../tenants/settings.ts';
import type { AskKind } from './ask-kinds.ts';

/** One ask as the customer receives it, on either channel. */
export interface RenderedAsk {
  readonly email: { readonly subject: string; readonly text: string; readonly html: string };
  readonly sms: { readonly text: string };
}

export interface AskRenderInput {
  readonly language: MessageLanguage;
  readonly shopName: string;
  readonly firstName: string | null;
  readonly orderNumber: string | null;
  /** What the customer kept (a partly refunded order asks only about those). */
  readonly itemTitles: readonly string[];
  readonly scale: FeedbackScale;
  /** The signed page link for this ask; `?score=N` pre-selects a score. */
  readonly pageUrl: string;
  readonly unsubscribeUrl: string;
  /** Review invitations and reminders: the destinations, each through afterglow's `/go/` redirect. */
  readonly reviewLinks?: readonly { readonly name: string; readonly url: string; readonly incentive: string | null }[];
  /** Referral invitations: the advocate's link and code, and the rewards on both sides. */
  readonly referral?: { readonly url: string; readonly code: string; readonly friendReward: string; readonly advocateReward: string };
  /** Testimonial messages: the words quoted and, for a confirmation, what was allowed. */
  readonly testimonial?: {
    readonly quote: string;
    readonly scopes: readonly TestimonialScope[];
    readonly displayName: string | null;
  } | null;
  /** The shop's look and footer (default: afterglow's plain look, the shop name alone). */
  readonly brand?: Brand;
  /** The merchant's own subject, opening line and call to action for this kind and language. */
  readonly copy?: CopyOverride;
}

export class NoTemplateError extends Error {
  override readonly name = 'NoTemplateError';
}

const scoresOf = (scale: FeedbackScale): number[] => {
  const { min, max } = SCALE_RANGES[scale];
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
};

/*
 * Email HTML as the major clients take it (Gmail, Outlook, Apple Mail): tables for layout, every
 * style inline, no <style>, no external CSS, no script, images only the shop's https logo with its
 * alt text; the text part says the same. tests/unit/email-html.test.ts parses every template.
 */
const FONT = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';
const TEXT = `${FONT};font-size:16px;line-height:1.5;color:#1a1a1a`;
const SMALL = `${FONT};font-size:13px;line-height:1.5;color:#44403c`;
const P = `margin:0 0 16px;${TEXT}`;

/** One paragraph of the message body. */
const para = (content: SafeHtml | string, style = P) => html`<p style="${style}">${content}</p>`;
const link = (brand: Brand, url: string, label: string) => html`<a href="${url}" style="color:${brand.accent};text-decoration:underline">${label}</a>`;

/** Everything one renderer needs, worked out once: the words, the brand, the merchant's own copy. */
interface Frame {
  readonly input: AskRenderInput;
  readonly text: Messages;
  readonly brand: Brand;
  /** The merchant's override for a field, placeholders filled, or afterglow's own words. */
  own(field: CopyField, fallback: string): string;
}

const frameOf = (input: AskRenderInput): Frame => {
  const given = input.brand ?? plainBrand(input.shopName);
  const brand = { ...given, accent: cssAccent(given) };
  const values: CopyValues = {
    firstName: input.firstName,
    shopName: input.shopName,
    orderName: input.orderNumber,
    items: input.itemTitles.length > 0 ? input.itemTitles.join(', ') : null,
    friendReward: input.referral?.friendReward ?? null,
    advocateReward: input.referral?.advocateReward ?? null,
  };
  return {
    input,
    text: MESSAGES[input.language],
    brand,
    own: (field, fallback) => {
      const override = input.copy?.[field];
      return override ? fillCopy(override, values) : fallback;
    },
  };
};

/** What every email says around its body: who it is from, which order, and the footer the law asks for. */
const emailParts = (frame: Frame, subject: string, body: SafeHtml, bodyText: readonly string[]): RenderedAsk['email'] => {
  const { input, text, brand } = frame;
  const heading = text.order.heading(input.orderNumber, input.shopName);
  const items = input.itemTitles.length > 0 ? text.feedbackRequest.items(input.itemTitles.join(', ')) : null;
  const masthead = brand.logo
    ? html`<img src="${brand.logo.url}" alt="${brand.logo.alt}" height="48" style="display:block;height:48px;width:auto;max-width:240px;border:0;outline:none;text-decoration:none">`
    : html`<span style="${FONT};font-size:20px;font-weight:700;color:#1a1a1a">${input.shopName}</span>`;
  const footerLines = [
    brand.postalAddress ? html`${brand.postalAddress.split(/\r?\n/).map((line, index) => (index === 0 ? line : html`<br>${line}`))}` : null,
    [brand.contact ? link(brand, brand.contact.href, text.footer.contact) : null, brand.privacyPolicyUrl ? link(brand, brand.privacyPolicyUrl, text.footer.privacy) : null]
      .filter((part): part is SafeHtml => part !== null)
      .reduce<SafeHtml | null>((joined, part) => (joined ? html`${joined} · ${part}` : part), null),
    html`${text.footer.why(input.shopName)} ${link(brand, input.unsubscribeUrl, text.footer.unsubscribe)}`,
  ].filter((line): line is SafeHtml => line !== null);
  const page = html`<html lang="${input.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background-color:#f5f5f4">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f5f5f4">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-top:4px solid ${brand.accent}">
<tr><td style="padding:24px 24px 8px">${masthead}</td></tr>
<tr><td style="padding:8px 24px 0">
${para(heading, `margin:0 0 4px;${FONT};font-size:18px;line-height:1.4;font-weight:700;color:#1a1a1a`)}
${items ? para(items, `margin:0 0 8px;${SMALL}`) : ''}
</td></tr>
<tr><td style="padding:16px 24px 8px">
${body}
</td></tr>
<tr><td style="padding:16px 24px 24px;border-top:1px solid #e7e5e4">
${footerLines.map((line) => para(line, `margin:0 0 8px;${SMALL}`))}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
  const footerText = [
    brand.postalAddress,
    brand.contact ? `${text.footer.contact}: ${brand.contact.label}` : null,
    brand.privacyPolicyUrl ? `${text.footer.privacy}: ${brand.privacyPolicyUrl}` : null,
    text.footer.why(input.shopName),
    `${text.footer.unsubscribe}: ${input.unsubscribeUrl}`,
  ].filter((line): line is string => line !== null);
  return {
    subject,
    html: `<!doctype html>\n${page.value}`,
    text: [input.shopName, heading, ...(items ? [items] : []), '', ...bodyText, '', '--', ...footerText].join('\n'),
  };
};

/** The opening: afterglow's greeting and first paragraph, or the merchant's own opening line instead of both. */
const openingOf = (frame: Frame, greeting: string | null, intro: string): { html: SafeHtml; text: string[] } => {
  const override = frame.input.copy?.opening;
  if (override) {
    const own = frame.own('opening', '');
    return { html: para(own), text: [own] };
  }
  return { html: html`${greeting ? para(greeting) : ''}${para(intro)}`, text: [...(greeting ? [greeting, ''] : []), intro] };
};

const button = (brand: Brand, url: string, label: string) =>
  html`<a href="${url}" style="display:inline-block;margin:4px 8px 4px 0;padding:12px 20px;border-radius:6px;background-color:${brand.accent};color:#ffffff;${FONT};font-size:16px;font-weight:600;text-decoration:none">${label}</a>`;

/** What differs between the asks answered on the feedback page: the subject, the opening line, the SMS. */
interface ScaleAskWords {
  subject(text: Messages, input: AskRenderInput): string;
  opening(text: Messages, input: AskRenderInput): string;
  sms(text: Messages, input: AskRenderInput): string;
}

/** An ask answered on the scale: one link per score (the page pre-selects it), and the page itself. */
const renderScaleAsk =
  (words: ScaleAskWords) =>
  (input: AskRenderInput): RenderedAsk => {
    const frame = frameOf(input);
    const { text, brand } = frame;
    const scale = text.scale[input.scale];
    const question = scale.question(input.shopName);
    const opening = openingOf(frame, text.feedbackRequest.greeting(input.firstName), words.opening(text, input));
    const cta = frame.own('cta', text.feedbackRequest.openPage);
    const scoreUrl = (score: number) => `${input.pageUrl}?score=${score}`;
    const buttons = scoresOf(input.scale).map(
      (score) =>
        html`<a href="${scoreUrl(score)}" style="display:inline-block;min-width:36px;margin:2px;padding:8px 0;text-align:center;border:2px solid ${brand.accent};border-radius:6px;color:${brand.accent};${FONT};font-size:16px;font-weight:600;text-decoration:none">${score}</a>`,
    );
    const body = html`${opening.html}
${para(question, `${P};font-weight:600`)}
<p style="margin:0 0 8px">${buttons}</p>
${para(`${scale.low} · ${scale.high}`, `margin:0 0 16px;${SMALL}`)}
${para(link(brand, input.pageUrl, cta))}`;
    return {
      email: emailParts(frame, frame.own('subject', words.subject(text, input)), body, [
        ...opening.text,
        '',
        `${question} (${scale.low}, ${scale.high})`,
        ...scoresOf(input.scale).map((score) => `${score}: ${scoreUrl(score)}`),
        '',
        `${cta}: ${input.pageUrl}`,
      ]),
      sms: { text: words.sms(text, input) },
    };
  };

const renderFeedbackRequest = renderScaleAsk({
  subject: (text, input) => text.feedbackRequest.subject(input.shopName),
  // What was bought is under the order's heading, above.
  opening: (text, input) => text.feedbackRequest.arrived(input.orderNumber),
  sms: (text, input) => text.feedbackRequest.sms(input.shopName, input.orderNumber, input.pageUrl),
});

/** After a case is resolved: did we put it right? (answered on the same page, as its own journey stage). */
const renderRecoveryFollowUp = renderScaleAsk({
  subject: (text, input) => text.recoveryFollowUp.subject(input.shopName),
  opening: (text, input) => text.recoveryFollowUp.opening(input.orderNumber),
  sms: (text, input) => text.recoveryFollowUp.sms(input.shopName, input.pageUrl),
});

/** The invitation and its one reminder: the same words and links for every customer (no gating). */
const renderReviewAsk =
  (reminder: boolean) =>
  (input: AskRenderInput): RenderedAsk => {
    const frame = frameOf(input);
    const { text, brand } = frame;
    const words = text.reviewInvitation;
    const links = input.reviewLinks ?? [];
    if (links.length === 0) throw new NoTemplateError('no review destination to link to');
    const opening = openingOf(frame, text.feedbackRequest.greeting(input.firstName), reminder ? words.reminderBody(input.orderNumber) : words.body(input.orderNumber));
    const cta = frame.own('cta', words.anyReview);
    const incentives = links.filter((destination) => destination.incentive).map((destination) => words.incentive(destination.name, destination.incentive ?? ''));
    const body = html`${opening.html}
${para(cta)}
<p style="margin:0 0 16px">${links.map((destination) => button(brand, destination.url, destination.name))}</p>
${incentives.map((line) => para(line, `margin:0 0 16px;${SMALL}`))}`;
    return {
      email: emailParts(frame, frame.own('subject', reminder ? words.reminderSubject(input.shopName) : words.subject(input.shopName)), body, [
        ...opening.text,
        cta,
        '',
        ...links.map((destination) => `${destination.name}: ${destination.url}`),
        ...incentives,
      ]),
      sms: { text: (reminder ? words.reminderSms : words.sms)(input.shopName, (links[0] as { url: string }).url) },
    };
  };

const renderReferralInvitation = (input: AskRenderInput): RenderedAsk => {
  const frame = frameOf(input);
  const { text, brand } = frame;
  const words = text.referralInvitation;
  const referral = input.referral;
  if (!referral) throw new NoTemplateError('a referral invitation needs the advocate’s code');
  const opening = openingOf(frame, text.feedbackRequest.greeting(input.firstName), words.body(input.shopName, referral.friendReward, referral.advocateReward));
  const cta = frame.own('cta', words.share);
  const body = html`${opening.html}
<p style="margin:0 0 16px">${button(brand, referral.url, cta)}</p>
${para(words.code(referral.code))}`;
  return {
    email: emailParts(frame, frame.own('subject', words.subject(input.shopName)), body, [...opening.text, '', `${cta}: ${referral.url}`, words.code(referral.code)]),
    sms: { text: words.sms(input.shopName, referral.friendReward, referral.url) },
  };
};

const quoteBlock = (brand: Brand, quote: string) =>
  html`<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid ${brand.accent};white-space:pre-wrap;${TEXT}">${quote}</blockquote>`;
const quoteText = (quote: string) => quote.split('\n').map((line) => `> ${line}`).join('\n');

/** The places a testimonial may appear, in the customer's language (pure). */
export const scopeList = (language: MessageLanguage, scopes: readonly TestimonialScope[]): string =>
  scopes.map((scope) => MESSAGES[language].page.scopes[scope]).join(', ');

const renderTestimonialRequest = (input: AskRenderInput): RenderedAsk => {
  const frame = frameOf(input);
  const { text, brand } = frame;
  const words = text.testimonialRequest;
  const quote = input.testimonial?.quote ?? '';
  const opening = openingOf(frame, words.greeting(input.firstName), words.intro(input.shopName));
  const cta = frame.own('cta', words.button);
  const body = html`${opening.html}
${quoteBlock(brand, quote)}
${para(words.ask)}
<p style="margin:0 0 16px">${button(brand, input.pageUrl, cta)}</p>
${para(words.noPressure, `margin:0 0 16px;${SMALL}`)}`;
  return {
    email: emailParts(frame, frame.own('subject', words.subject(input.shopName)), body, [
      ...opening.text,
      '',
      quoteText(quote),
      '',
      words.ask,
      '',
      `${cta}: ${input.pageUrl}`,
      '',
      words.noPressure,
    ]),
    sms: { text: words.sms(input.shopName, input.pageUrl) },
  };
};

const renderTestimonialConfirmation = (input: AskRenderInput): RenderedAsk => {
  const frame = frameOf(input);
  const { text, brand } = frame;
  const words = text.testimonialConfirmation;
  const testimonial = input.testimonial ?? { quote: '', scopes: [], displayName: null };
  const places = scopeList(input.language, testimonial.scopes);
  const opening = openingOf(frame, null, words.intro(input.shopName));
  const cta = frame.own('cta', words.revoke);
  const body = html`${opening.html}
${quoteBlock(brand, testimonial.quote)}
${para(html`${words.where(places)}<br>${words.shownAs(testimonial.displayName)}`)}
${para(link(brand, input.pageUrl, cta))}`;
  return {
    email: emailParts(frame, frame.own('subject', words.subject(input.shopName)), body, [
      ...opening.text,
      '',
      quoteText(testimonial.quote),
      '',
      words.where(places),
      words.shownAs(testimonial.displayName),
      '',
      `${cta}: ${input.pageUrl}`,
    ]),
    sms: { text: words.sms(input.shopName, input.pageUrl) },
  };
};

const RENDERERS: Partial<Record<AskKind, (input: AskRenderInput) => RenderedAsk>> = {
  feedback_request: renderFeedbackRequest,
  recovery_follow_up: renderRecoveryFollowUp,
  review_invitation: renderReviewAsk(false),
  review_reminder: renderReviewAsk(true),
  referral_invitation: renderReferralInvitation,
  testimonial_request: renderTestimonialRequest,
  testimonial_confirmation: renderTestimonialConfirmation,
};

export const renderAsk = (kind: AskKind, input: AskRenderInput): RenderedAsk => {
  const renderer = RENDERERS[kind];
  if (!renderer) throw new NoTemplateError(`no message template for ${kind}`);
  return renderer(input);
};
