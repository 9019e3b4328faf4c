import { DISPLAY_NAME_FORMS, TESTIMONIAL_SCOPES, type DisplayNameForm, type TestimonialScope } from '../../events/feedback-event.ts';
import { SCALE_RANGES, type FeedbackScale } from '../../events/feedback-scale.ts';
import type { Brand } from '../brand/brand.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { html, SafeHtml } from './html.ts';
import { pageLayout, type CustomerPage } from './layout.ts';

/** What the feedback form shows: the tenant's scale, what the customer already said, and any problems. */
export interface FeedbackFormView {
  readonly language: MessageLanguage;
  readonly shopName: string;
  readonly brand: Brand;
  /** The order as the shop names it (#1042), when the platform gave one. */
  readonly orderName: string | null;
  readonly scale: FeedbackScale;
  readonly selectedScore: number | null;
  readonly comment: string;
  readonly consent: { readonly given: boolean; readonly scopes: ReadonlySet<TestimonialScope>; readonly displayName: DisplayNameForm };
  readonly consentVersion: string;
  readonly maxCommentLength: number;
  readonly errors: readonly string[];
  /** A score clicked in the email: the page script records it right after load (scanners run no scripts). */
  readonly autoSubmitScore: number | null;
}

const scoresOf = (scale: FeedbackScale) => {
  const { min, max } = SCALE_RANGES[scale];
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
};

const script = (view: FeedbackFormView) => (nonce: string): SafeHtml => {
  const text = MESSAGES[view.language].page;
  // Data goes in as JSON and is read with textContent: nothing customer-written is ever HTML here.
  const config = JSON.stringify({ score: view.autoSubmitScore, saved: text.scoreSaved, max: view.maxCommentLength }).replace(/</g, '\\u003c');
  return html`<script nonce="${nonce}">
(function () {
  var config = ${new SafeHtml(config)};
  var comment = document.getElementById('comment');
  var counter = document.getElementById('comment-count');
  function count() { counter.textContent = comment.value.length + ' / ' + config.max; }
  comment.addEventListener('input', count); count();
  if (config.score === null) return;
  fetch(window.location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ score: config.score }) })
    .then(function (response) { if (!response.ok) return; var notice = document.getElementById('notice'); notice.textContent = config.saved; notice.hidden = false; })
    .catch(function () {});
})();
</script>`;
};

export const renderFeedbackForm = (view: FeedbackFormView): CustomerPage => {
  const text = MESSAGES[view.language];
  const scale = text.scale[view.scale];
  const page = text.page;
  const errors =
    view.errors.length > 0
      ? html`<div class="errors" role="alert" tabindex="-1" id="errors"><h2>${page.errorsTitle}</h2><ul>${view.errors.map((error) => html`<li>${error}</li>`)}</ul></div>`
      : '';
  const scores = scoresOf(view.scale).map(
    (score) =>
      html`<label><input type="radio" name="score" value="${score}"${view.selectedScore === score ? new SafeHtml(' checked') : ''}><span>${score}</span></label>`,
  );
  const checked = (on: boolean) => (on ? new SafeHtml(' checked') : '');
  const headline = page.headline(view.orderName, view.shopName);
  const width = scoresOf(view.scale).length;
  const body = html`<h1>${headline}</h1>
<p class="notice" id="notice" role="status" hidden></p>
${errors}
<form method="post" novalidate>
  <input type="hidden" name="consentVersion" value="${view.consentVersion}">
  <input type="hidden" name="lang" value="${view.language}">
  <fieldset>
    <legend>${scale.question(view.shopName)}</legend>
    <div class="scale-frame scale-frame-${width}">
      <span class="end end-low" aria-hidden="true">${scale.low}</span>
      <div class="scale scale-${width}">${scores}</div>
      <span class="end end-high" aria-hidden="true">${scale.high}</span>
    </div>
    <p class="visually-hidden">${scale.low}. ${scale.high}.</p>
  </fieldset>
  <div class="gap-after">
    <label class="block" for="comment">${page.comment}</label>
    <textarea id="comment" name="comment" aria-describedby="comment-hint comment-count">${view.comment}</textarea>
    <p class="hint" id="comment-hint">${page.commentHint(view.maxCommentLength)}</p>
    <p class="hint" id="comment-count" aria-live="polite"></p>
  </div>
  <fieldset>
    <legend>${page.consentLegend}</legend>
    <div class="choice"><input type="checkbox" id="consent" name="consent" value="yes"${checked(view.consent.given)}><label for="consent">${page.consentWording(view.shopName)}</label></div>
    <fieldset class="nested-indent">
      <legend class="plain">${page.scopesLegend}</legend>
      ${TESTIMONIAL_SCOPES.map(
        (scope) =>
          html`<div class="choice"><input type="checkbox" id="scope-${scope}" name="scope" value="${scope}"${checked(view.consent.scopes.has(scope))}><label for="scope-${scope}">${page.scopes[scope]}</label></div>`,
      )}
      <label class="block plain spaced" for="displayName">${page.displayNameLabel}</label>
      <select id="displayName" name="displayName">${DISPLAY_NAME_FORMS.map(
        (form) => html`<option value="${form}"${view.consent.displayName === form ? new SafeHtml(' selected') : ''}>${page.displayNames[form]}</option>`,
      )}</select>
    </fieldset>
  </fieldset>
  <button type="submit">${page.submit}</button>
</form>`;
  return pageLayout({ language: view.language, title: headline, body, brand: view.brand, script: script(view) });
};

/**
 * What the thank-you page answers: thanks, or (an unhappy answer, a problem named) an apology and
 * what happens next, with the time by which a person replies when the tenant promises one.
 */
export type ThankYouAnswer = { readonly kind: 'thanks' } | { readonly kind: 'apology'; readonly replyBy: string | null };

export const renderThankYou = (view: {
  language: MessageLanguage;
  shopName: string;
  brand: Brand;
  orderName: string | null;
  answer: ThankYouAnswer;
  reviewLinks: readonly { name: string; url: string }[];
}): CustomerPage => {
  const page = MESSAGES[view.language].page;
  // Public review links go to every respondent alike, whatever they answered (no review gating).
  const reviews =
    view.reviewLinks.length > 0
      ? html`<p>${page.reviewInvitation}</p><p class="reviews">${view.reviewLinks.map((link) => html`<a href="${link.url}" rel="noopener">${link.name}</a>`)}</p>`
      : '';
  const { answer } = view;
  const title = answer.kind === 'apology' ? page.sorryTitle : page.thanksTitle;
  const words =
    answer.kind === 'apology'
      ? html`<p>${page.sorry(view.shopName)}</p><p class="next-step">${
          answer.replyBy ? page.personWillReplyBy(view.shopName, answer.replyBy) : page.personWillReply(view.shopName)
        }</p>`
      : html`<p>${page.thanks(view.shopName)}</p>`;
  return pageLayout({
    language: view.language,
    title,
    body: html`<h1>${title}</h1>${words}${reviews}`,
    brand: view.brand,
    kicker: MESSAGES[view.language].order.heading(view.orderName, view.shopName),
  });
};

/** A page that says what is wrong in plain words (a bad or expired link, an outage), never a stack trace. */
export const renderMessagePage = (view: { language: MessageLanguage; title: string; message: string; brand: Brand }): CustomerPage =>
  pageLayout({ language: view.language, title: view.title, body: html`<h1>${view.title}</h1><p>${view.message}</p>`, brand: view.brand });
