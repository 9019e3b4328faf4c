import { html, type SafeHtml } from '../pages/html.ts';
import type { CaseSignal, RecoveryCase } from '../recovery/recovery-case.ts';
import { consolePage, csrfField, type ConsoleFrame } from './console-layout.ts';

const RESOLUTIONS = ['put_right', 'nothing_wrong', 'no_response', 'duplicate'] as const;

const timeLeft = (frame: ConsoleFrame, due: Date, now: Date): SafeHtml => {
  const minutes = Math.round((due.getTime() - now.getTime()) / 60_000);
  if (minutes < 0) return html`<span class="badge overdue">${frame.copy.cases.overdue}</span>`;
  const text = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return html`${frame.copy.cases.left(text)}`;
};

/** The customer's own words in a signal (a comment, a review), or the platform's (a cancel reason). */
export const wordsOf = (signal: CaseSignal): string | null => {
  const origin = signal.signal.origin as { comment?: string | null; text?: string | null; title?: string | null; detail?: string | null };
  return origin.comment ?? origin.text ?? origin.title ?? origin.detail ?? null;
};

/** Open and acknowledged cases, by priority then SLA (the repository's order). */
export const casesPage = (frame: ConsoleFrame, cases: readonly RecoveryCase[], now: Date, words: ReadonlyMap<string, string | null>): string => {
  const { copy } = frame;
  return consolePage(frame, {
    title: copy.cases.heading,
    section: 'cases',
    body: html`<h1>${copy.cases.heading}</h1>
${cases.length === 0
  ? html`<p>${copy.cases.none}</p>`
  : html`<div class="table"><table><thead><tr><th>${copy.cases.priority}</th><th>${copy.cases.severity}</th><th>${copy.cases.sla}</th><th>${copy.cases.summary}</th><th>${copy.cases.issues}</th><th>${copy.cases.remedy}</th></tr></thead><tbody>${cases.map(
      (found) => html`<tr data-case="${found.id}"><td>${found.priority}</td><td><span class="badge ${found.severity}">${found.severity}</span></td><td>${timeLeft(frame, found.slaDueAt, now)}</td><td><a href="/console/cases/${found.id}">${found.summary}</a>${
        words.get(found.id) ? html`<blockquote>${words.get(found.id) ?? ''}</blockquote>` : ''
      }</td><td>${found.categories.join(', ')}</td><td>${found.remedies.join(', ')}</td></tr>`,
    )}</tbody></table></div>`}`,
  });
};

/** One case with its whole history, and the same transitions as `PATCH /api/cases/{id}`. */
export const casePage = (frame: ConsoleFrame, found: RecoveryCase, signals: readonly CaseSignal[], now: Date, notice?: string): string => {
  const { copy } = frame;
  const open = found.state !== 'resolved';
  return consolePage(frame, {
    title: found.summary,
    section: 'cases',
    body: html`<h1>${found.summary}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p><span class="badge ${found.severity}">${found.severity}</span> · ${copy.cases.priority} ${found.priority} · ${copy.cases.state}: <strong data-state>${found.state}</strong> · ${copy.cases.sla}: ${timeLeft(frame, found.slaDueAt, now)}</p>
<p>${copy.cases.issues}: ${found.categories.join(', ') || '–'} · ${copy.cases.remedy}: ${found.remedies.join(', ') || '–'}</p>
${found.ticketId ? html`<p>${copy.cases.ticket}: ${found.ticketUrl ? html`<a href="${found.ticketUrl}" rel="noreferrer">${found.ticketId}</a>` : found.ticketId}</p>` : ''}
<h2>${copy.cases.history}</h2>
<ol>${signals.map(
      (signal) => html`<li><time datetime="${signal.receivedAt.toISOString()}">${signal.receivedAt.toISOString().slice(0, 16).replace('T', ' ')}</time> · ${signal.signal.summary}${
        wordsOf(signal) ? html`<blockquote>${wordsOf(signal) ?? ''}</blockquote>` : ''
      }</li>`,
    )}
<li>${found.openedAt.toISOString().slice(0, 16).replace('T', ' ')} · open${found.acknowledgedAt ? ` → acknowledged ${found.acknowledgedAt.toISOString().slice(0, 16).replace('T', ' ')}` : ''}${
      found.resolvedAt ? ` → resolved ${found.resolvedAt.toISOString().slice(0, 16).replace('T', ' ')} (${found.outcome?.resolution ?? ''})` : ''
    }${found.outcome?.note ? html`<blockquote>${found.outcome.note}</blockquote>` : ''}</li></ol>
${open
  ? html`<h2>${copy.cases.resolve}</h2>
<form method="post" action="/console/cases/${found.id}">
${csrfField(frame)}
<label for="resolution">${copy.cases.resolution}</label>
<select id="resolution" name="resolution">${RESOLUTIONS.map((resolution) => html`<option value="${resolution}">${copy.resolutions[resolution] ?? resolution}</option>`)}</select>
<label for="note">${copy.cases.note}</label>
<textarea id="note" name="note" maxlength="1800"></textarea>
<div><button type="submit" name="action" value="resolve">${copy.cases.resolve}</button>${
      found.state === 'open' ? html`<button type="submit" class="secondary" name="action" value="acknowledge">${copy.cases.acknowledge}</button>` : ''
    }</div>
</form>`
  : ''}`,
  });
};
