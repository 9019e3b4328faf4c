import { renderDisplayName } from '../advocacy/display-name.ts';
import { html } from '../pages/html.ts';
import type { StoredTestimonial, TestimonialState } from '../store/testimonial-repository.ts';
import { consolePage, csrfField, type ConsoleFrame } from './console-layout.ts';

export const MODERATION_FILTERS = ['pending', 'approved', 'rejected', 'revoked', 'all'] as const;
export type ModerationFilter = (typeof MODERATION_FILTERS)[number];
const FORMATS = ['csv', 'json', 'ndjson'] as const;

const isWithdrawn = (testimonial: StoredTestimonial) => testimonial.state === ('revoked' satisfies TestimonialState);

/** The moderation list: each quote with the permission the customer gave, approve or reject, and the export. */
export const testimonialsPage = (frame: ConsoleFrame, testimonials: readonly StoredTestimonial[], filter: ModerationFilter, notice?: string): string => {
  const { copy } = frame;
  return consolePage(frame, {
    title: copy.testimonials.heading,
    section: 'testimonials',
    body: html`<h1>${copy.testimonials.heading}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<form method="get" action="/console/testimonials"><label for="state">${copy.testimonials.filter}</label>
<select id="state" name="state">${MODERATION_FILTERS.map((state) => html`<option value="${state}"${state === filter ? html` selected` : ''}>${state}</option>`)}</select>
<button type="submit" class="secondary">${copy.testimonials.filter}</button></form>
<h2>${copy.testimonials.export}</h2>
<form method="post" action="/console/testimonials/export">${csrfField(frame)}${FORMATS.map(
      (format) => html`<button type="submit" name="format" value="${format}">${format.toUpperCase()}</button>`,
    )}</form>
${testimonials.length === 0
  ? html`<p>${copy.testimonials.none}</p>`
  : html`<ul class="testimonials">${testimonials.map(
      (testimonial) => html`<li data-testimonial="${testimonial.id}"><blockquote>${testimonial.quote ?? ''}</blockquote>
<p>— ${renderDisplayName(testimonial.consent.displayName, testimonial.firstName, testimonial.lastName)} · <span class="badge" data-state>${isWithdrawn(testimonial) ? copy.testimonials.withdrawn : testimonial.approval}</span>${
        testimonial.incentivised ? html` · <span class="badge">${copy.testimonials.incentive}</span>` : ''
      }</p>
<p class="hint">${copy.testimonials.scopes}: ${testimonial.consent.scopes.join(', ') || '–'} · ${copy.testimonials.nameForm}: ${testimonial.consent.displayName} · ${copy.testimonials.wording}: ${testimonial.consent.wordingVersion}</p>
${isWithdrawn(testimonial)
  ? ''
  : html`<form method="post" action="/console/testimonials/${testimonial.id}">${csrfField(frame)}<button type="submit" name="decision" value="approved">${copy.testimonials.approve}</button><button type="submit" class="secondary" name="decision" value="rejected">${copy.testimonials.reject}</button></form>`}</li>`,
    )}</ul>`}`,
  });
};

/** The export link, ready to follow: it lasts a few minutes and works without the API key. */
export const exportReadyPage = (frame: ConsoleFrame, href: string, format: string, minutes: number): string =>
  consolePage(frame, {
    title: frame.copy.testimonials.export,
    section: 'testimonials',
    body: html`<h1>${frame.copy.testimonials.export}</h1>
<p><a class="download" href="${href}" download>${frame.copy.testimonials.download(format.toUpperCase())}</a></p>
<p class="hint">${frame.copy.testimonials.linkLasts(minutes)}</p>
<p><a href="/console/testimonials">${frame.copy.nav.testimonials}</a></p>`,
  });
