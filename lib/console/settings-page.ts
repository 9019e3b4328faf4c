import { html } from '../pages/html.ts';
import { consolePage, csrfField, type ConsoleFrame } from './console-layout.ts';

/** The settings a merchant changes often; every other one is shown (secrets masked) and changed with `tenant set`. */
export const EDITABLE_SETTINGS = [
  'journey.feedbackDelayDays',
  'reviews.frequencyDays',
  'contact.quietHours',
  'reviewLinks',
  'consent',
  // The shop's look and footer, and its own words per kind and language (JSON, validated as `tenant set` does).
  'brand',
  'copy',
] as const;

const valueAt = (settings: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), settings);

export const settingsPage = (frame: ConsoleFrame, maskedSettings: unknown, message?: { kind: 'notice' | 'error'; text: string }): string => {
  const { copy } = frame;
  const editable = EDITABLE_SETTINGS.filter((path) => valueAt(maskedSettings, path) !== undefined);
  return consolePage(frame, {
    title: copy.settings.heading,
    section: 'settings',
    body: html`<h1>${copy.settings.heading}</h1>
${message ? html`<p class="${message.kind}" role="status">${message.text}</p>` : ''}
<form method="post" action="/console/settings">${csrfField(frame)}
${editable.map((path) => {
      const id = `setting-${path.replace(/\W/g, '-')}`;
      return html`<label for="${id}">${path}</label><input id="${id}" type="text" name="${path}" value="${JSON.stringify(valueAt(maskedSettings, path))}">`;
    })}
<p class="hint">${copy.settings.history}</p>
<button type="submit">${copy.settings.save}</button></form>
<h2>${copy.settings.all}</h2>
<pre>${JSON.stringify(maskedSettings, null, 2)}</pre>`,
  });
};
