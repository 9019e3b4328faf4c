import { html } from '../pages/html.ts';
import { consolePage, type ConsoleFrame } from './console-layout.ts';

/** The form that exchanges the tenant API key (and the person's name) for a session. */
export const signInPage = (frame: ConsoleFrame, options: { csrfToken: string; error?: string; person?: string }): string =>
  consolePage(frame, {
    title: frame.copy.signIn.heading,
    section: null,
    body: html`<h1>${frame.copy.signIn.heading}</h1>
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/console/sign-in">
<input type="hidden" name="csrf" value="${options.csrfToken}">
<label for="apiKey">${frame.copy.signIn.apiKey}</label>
<input id="apiKey" name="apiKey" type="password" autocomplete="off" required>
<label for="person">${frame.copy.signIn.person}</label>
<input id="person" name="person" type="text" autocomplete="name" maxlength="80" required value="${options.person ?? ''}">
<p class="hint">${frame.copy.signIn.personHint}</p>
<button type="submit">${frame.copy.signIn.submit}</button>
</form>`,
  });
