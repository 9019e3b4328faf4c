import type { TestimonialScope } from '../../events/feedback-event.ts';
import { SCALE_RANGES, type FeedbackScale } from '../../events/feedback-scale.ts';
import { MESSAGES, type Messages } from '../i18n/messages.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { html, type SafeHtml } from '../pages/html.ts';
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
}

export class NoTemplateError extends Error {
  override readonly name = 'NoTemplateError';
}

const scoresOf = (scale: FeedbackScale): number[] => {
  const { min, max } = SCALE_RANGES[scale];
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
};

const emailShell = (language: string, body: SafeHtml, footer: SafeHtml): string =>
  `<!doctype html>\n${html`<html lang="${language}"><body style="margin:0;padding:24px;background:#f5f5f4;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px;font-size:16px;line-height:1.5">
${body}
<p style="font-size:13px;color:#44403c;margin-top:32px">${footer}</p>
</div></body></html>`.value}`;

const footerOf = (text: Messages, input: AskRenderInput) => ({
  html: html`${text.footer.why(input.shopName)} <a href="${input.unsubscribeUrl}" style="color:#1d4ed8">${text.footer.unsubscribe}</a>`,
  text: `${text.footer.why(input.shopName)}\n${text.footer.unsubscribe}: ${input.unsubscribeUrl}`,
});

/** What differs between the asks answered on the feedback page: the subject, the opening line, the SMS. */
interface ScaleAskWords {
  subject(text: Messages, input: AskRenderInput): string;
  opening(text: Messages, input: AskRenderInput, items: string | null): string;
  sms(text: Messages, input: AskRenderInput): string;
}

/** An ask answered on the scale: one link per score (the page pre-selects it), and the page itself. */
const renderScaleAsk =
  (words: ScaleAskWords) =>
  (input: AskRenderInput): RenderedAsk => {
    const text = MESSAGES[input.language];
    const scale = text.scale[input.scale];
    const question = scale.question(input.shopName);
    const items = input.itemTitles.length > 0 ? text.feedbackRequest.items(input.itemTitles.join(', ')) : null;
    const opening = words.opening(text, input, items);
    const scoreUrl = (score: number) => `${input.pageUrl}?score=${score}`;
    const footer = footerOf(text, input);
    const buttons = scoresOf(input.scale).map(
      (score) =>
        html`<a href="${scoreUrl(score)}" style="display:inline-block;min-width:36px;margin:2px;padding:8px 0;text-align:center;border:2px solid #1d4ed8;border-radius:6px;color:#1d4ed8;font-weight:600;text-decoration:none">${score}</a>`,
    );
    const body = html`<p>${text.feedbackRequest.greeting(input.firstName)}</p>
<p>${opening}</p>
<p style="font-weight:600">${question}</p>
<div>${buttons}</div>
<p style="font-size:14px;color:#44403c">${scale.low} · ${scale.high}</p>
<p><a href="${input.pageUrl}" style="color:#1d4ed8">${text.feedbackRequest.openPage}</a></p>`;
    return {
      email: {
        subject: words.subject(text, input),
        html: emailShell(input.language, body, footer.html),
        text: [
          text.feedbackRequest.greeting(input.firstName),
          '',
          opening,
          '',
          `${question} (${scale.low}, ${scale.high})`,
          ...scoresOf(input.scale).map((score) => `${score}: ${scoreUrl(score)}`),
          '',
          `${text.feedbackRequest.openPage}: ${input.pageUrl}`,
          '',
          footer.text,
        ].join('\n'),
      },
      sms: { text: words.sms(text, input) },
    };
  };

const renderFeedbackRequest = renderScaleAsk({
  subject: (text, input) => text.feedbackRequest.subject(input.shopName),
  opening: (text, input, items) => [text.feedbackRequest.arrived(input.orderNumber), items].filter(Boolean).join(' '),
  sms: (text, input) => text.feedbackRequest.sms(input.shopName, input.orderNumber, input.pageUrl),
});

/** After a case is resolved: did we put it right? (answered on the same page, as its own journey stage). */
const renderRecoveryFollowUp = renderScaleAsk({
  subject: (text, input) => text.recoveryFollowUp.subject(input.shopName),
  opening: (text, input) => text.recoveryFollowUp.opening(input.orderNumber),
  sms: (text, input) => text.recoveryFollowUp.sms(input.shopName, input.pageUrl),
});

const button = (url: string, label: string) =>
  html`<a href="${url}" style="display:inline-block;margin:4px 8px 4px 0;padding:10px 18px;border-radius:6px;background:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none">${label}</a>`;

/** The invitation and its one reminder: the same words and links for every customer (no gating). */
const renderReviewAsk =
  (reminder: boolean) =>
  (input: AskRenderInput): RenderedAsk => {
    const text = MESSAGES[input.language];
    const words = text.reviewInvitation;
    const links = input.reviewLinks ?? [];
    if (links.length === 0) throw new NoTemplateError('no review destination to link to');
    const footer = footerOf(text, input);
    const intro = reminder ? words.reminderBody(input.orderNumber) : words.body(input.orderNumber);
    const incentives = links.filter((link) => link.incentive).map((link) => words.incentive(link.name, link.incentive ?? ''));
    const body = html`<p>${text.feedbackRequest.greeting(input.firstName)}</p>
<p>${intro}</p>
<p>${words.anyReview}</p>
<p>${links.map((link) => button(link.url, link.name))}</p>
${incentives.map((line) => html`<p style="font-size:14px">${line}</p>`)}`;
    return {
      email: {
        subject: reminder ? words.reminderSubject(input.shopName) : words.subject(input.shopName),
        html: emailShell(input.language, body, footer.html),
        text: [text.feedbackRequest.greeting(input.firstName), '', intro, words.anyReview, '', ...links.map((link) => `${link.name}: ${link.url}`), ...incentives, '', footer.text].join('\n'),
      },
      sms: { text: (reminder ? words.reminderSms : words.sms)(input.shopName, (links[0] as { url: string }).url) },
    };
  };

const renderReferralInvitation = (input: AskRenderInput): RenderedAsk => {
  const text = MESSAGES[input.language];
  const words = text.referralInvitation;
  const referral = input.referral;
  if (!referral) throw new NoTemplateError('a referral invitation needs the advocate’s code');
  const footer = footerOf(text, input);
  const pitch = words.body(input.shopName, referral.friendReward, referral.advocateReward);
  const body = html`<p>${text.feedbackRequest.greeting(input.firstName)}</p>
<p>${pitch}</p>
<p>${button(referral.url, words.share)}</p>
<p>${words.code(referral.code)}</p>`;
  return {
    email: {
      subject: words.subject(input.shopName),
      html: emailShell(input.language, body, footer.html),
      text: [text.feedbackRequest.greeting(input.firstName), '', pitch, '', `${words.share}: ${referral.url}`, words.code(referral.code), '', footer.text].join('\n'),
    },
    sms: { text: words.sms(input.shopName, referral.friendReward, referral.url) },
  };
};

const quoteBlock = (quote: string) =>
  html`<blockquote style="margin:16px 0;padding:8px 16px;border-left:4px solid #1d4ed8;white-space:pre-wrap">${quote}</blockquote>`;
const quoteText = (quote: string) => quote.split('\n').map((line) => `> ${line}`).join('\n');

/** The places a testimonial may appear, in the customer's language (pure). */
export const scopeList = (language: MessageLanguage, scopes: readonly TestimonialScope[]): string =>
  scopes.map((scope) => MESSAGES[language].page.scopes[scope]).join(', ');

const renderTestimonialRequest = (input: AskRenderInput): RenderedAsk => {
  const text = MESSAGES[input.language];
  const words = text.testimonialRequest;
  const quote = input.testimonial?.quote ?? '';
  const footer = footerOf(text, input);
  const body = html`<p>${words.greeting(input.firstName)}</p>
<p>${words.intro(input.shopName)}</p>
${quoteBlock(quote)}
<p>${words.ask}</p>
<p>${button(input.pageUrl, words.button)}</p>
<p style="font-size:14px;color:#44403c">${words.noPressure}</p>`;
  return {
    email: {
      subject: words.subject(input.shopName),
      html: emailShell(input.language, body, footer.html),
      text: [words.greeting(input.firstName), '', words.intro(input.shopName), '', quoteText(quote), '', words.ask, '', `${words.button}: ${input.pageUrl}`, '', words.noPressure, '', footer.text].join('\n'),
    },
    sms: { text: words.sms(input.shopName, input.pageUrl) },
  };
};

const renderTestimonialConfirmation = (input: AskRenderInput): RenderedAsk => {
  const text = MESSAGES[input.language];
  const words = text.testimonialConfirmation;
  const testimonial = input.testimonial ?? { quote: '', scopes: [], displayName: null };
  const places = scopeList(input.language, testimonial.scopes);
  const footer = footerOf(text, input);
  const body = html`<p>${words.intro(input.shopName)}</p>
${quoteBlock(testimonial.quote)}
<p>${words.where(places)}<br>${words.shownAs(testimonial.displayName)}</p>
<p><a href="${input.pageUrl}" style="color:#1d4ed8">${words.revoke}</a></p>`;
  return {
    email: {
      subject: words.subject(input.shopName),
      html: emailShell(input.language, body, footer.html),
      text: [words.intro(input.shopName), '', quoteText(testimonial.quote), '', words.where(places), words.shownAs(testimonial.displayName), '', `${words.revoke}: ${input.pageUrl}`, '', footer.text].join('\n'),
    },
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
