import { DISPLAY_NAME_FORMS, TESTIMONIAL_SCOPES, type DisplayNameForm, type TestimonialScope } from '../../events/feedback-event.ts';
import type { Brand } from '../brand/brand.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { scopeList } from '../journey/render-ask.ts';
import { html, SafeHtml } from './html.ts';
import { pageLayout, type CustomerPage } from './layout.ts';

/** What the testimonial consent page shows: the customer's words, the exact wording, their current choice. */
export interface ConsentPageView {
  readonly language: MessageLanguage;
  readonly shopName: string;
  readonly brand: Brand;
  /** The order the words were about, when it is still known. */
  readonly orderName: string | null;
  readonly quote: string;
  readonly consentVersion: string;
  /** A digest of the words shown: a grant is of these words, not of words changed meanwhile. */
  readonly quoteDigest: string;
  /** Null: never answered; otherwise the permission as it stands. */
  readonly current: { readonly granted: boolean; readonly scopes: readonly TestimonialScope[]; readonly displayName: DisplayNameForm } | null;
  readonly chosen: { readonly scopes: ReadonlySet<TestimonialScope>; readonly displayName: DisplayNameForm };
  readonly errors: readonly string[];
}

/** GET shows this and changes nothing; each button POSTs its action. */
export const renderConsentPage = (view: ConsentPageView): CustomerPage => {
  const { page, consentPage: text } = MESSAGES[view.language];
  const checked = (on: boolean) => (on ? new SafeHtml(' checked') : '');
  const granted = view.current?.granted === true;
  const status = !view.current
    ? ''
    : granted
      ? html`<p class="notice">${text.currentlyGranted(scopeList(view.language, view.current.scopes))}</p>`
      : html`<p class="notice">${text.currentlyRevoked}</p>`;
  const errors =
    view.errors.length > 0
      ? html`<div class="errors" role="alert" tabindex="-1" id="errors"><h2>${page.errorsTitle}</h2><ul>${view.errors.map((error) => html`<li>${error}</li>`)}</ul></div>`
      : '';
  const revoke = granted
    ? html`<form method="post" class="later"><input type="hidden" name="action" value="revoke"><p class="hint">${text.revokeHint}</p><button type="submit">${text.revoke}</button></form>`
    : '';
  const body = html`<h1>${text.title}</h1>
<p>${text.intro(view.shopName)}</p>
${status}
${errors}
<h2 class="small">${text.yourWords}</h2>
<blockquote>${view.quote}</blockquote>
<form method="post" novalidate>
  <input type="hidden" name="action" value="grant">
  <input type="hidden" name="quoteDigest" value="${view.quoteDigest}">
  <input type="hidden" name="consentVersion" value="${view.consentVersion}">
  <input type="hidden" name="lang" value="${view.language}">
  <fieldset>
    <legend>${page.consentWording(view.shopName)}</legend>
    <fieldset class="nested">
      <legend class="plain">${page.scopesLegend}</legend>
      ${TESTIMONIAL_SCOPES.map(
        (scope) =>
          html`<div class="choice"><input type="checkbox" id="scope-${scope}" name="scope" value="${scope}"${checked(view.chosen.scopes.has(scope))}><label for="scope-${scope}">${page.scopes[scope]}</label></div>`,
      )}
      <label class="block plain spaced" for="displayName">${page.displayNameLabel}</label>
      <select id="displayName" name="displayName">${DISPLAY_NAME_FORMS.map(
        (form) => html`<option value="${form}"${view.chosen.displayName === form ? new SafeHtml(' selected') : ''}>${page.displayNames[form]}</option>`,
      )}</select>
    </fieldset>
  </fieldset>
  <button type="submit">${granted ? text.update : text.grant}</button>
</form>
${revoke}`;
  return pageLayout({
    language: view.language,
    title: text.title,
    body,
    brand: view.brand,
    kicker: view.orderName ? MESSAGES[view.language].order.heading(view.orderName, view.shopName) : null,
  });
};
