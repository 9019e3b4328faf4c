import { html, SafeHtml } from '../pages/html.ts';
import type { ConsoleCopy, ConsoleLanguage } from './console-copy.ts';

/**
 * The console's page shell: server-rendered, no script, no third-party request (the CSP forbids
 * both), keyboard-usable (visible focus, a skip link, real links and buttons), readable at 375 px
 * (navigation wraps; wide tables scroll inside their own box, never the page).
 */
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f5f5f4; }
header { background: #1c1917; color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
header a { color: #fff; }
header nav { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; }
header nav a { padding: 0.375rem 0.25rem; text-decoration: none; border-bottom: 2px solid transparent; }
header nav a[aria-current="page"] { border-bottom-color: #fbbf24; }
header .who { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; font-size: 0.875rem; }
header form { margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; background: #fff; min-height: calc(100vh - 3rem); overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0.25rem 0 1rem; }
h2 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
.table { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid #e7e5e4; vertical-align: top; }
th { font-weight: 600; background: #fafaf9; }
.chart { width: 100%; height: auto; max-width: 44rem; display: block; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; }
.card { border: 1px solid #d6d3d1; border-radius: 0.5rem; padding: 0.5rem 0.75rem; }
.card b { display: block; font-size: 1.375rem; }
label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
input[type=text], input[type=password], input[type=number], select, textarea { font: inherit; padding: 0.5rem; border: 2px solid #57534e; border-radius: 0.375rem; width: 100%; max-width: 28rem; }
textarea { min-height: 5rem; }
button { font: inherit; font-weight: 600; color: #fff; background: #1d4ed8; border: 0; border-radius: 0.375rem; padding: 0.5rem 1rem; min-height: 2.5rem; cursor: pointer; margin: 0.25rem 0.25rem 0.25rem 0; }
button.secondary { background: #fff; color: #1d4ed8; border: 2px solid #1d4ed8; }
header button { background: transparent; border: 1px solid #fff; min-height: 2rem; padding: 0.25rem 0.5rem; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
.hint { color: #44403c; font-size: 0.875rem; margin: 0.25rem 0; }
.notice { border-left: 4px solid #15803d; padding: 0.5rem 0.75rem; background: #f0fdf4; }
.error { border-left: 4px solid #b91c1c; padding: 0.5rem 0.75rem; background: #fef2f2; }
.badge { display: inline-block; padding: 0 0.375rem; border-radius: 0.25rem; font-size: 0.8125rem; font-weight: 600; background: #e7e5e4; }
.badge.urgent, .badge.overdue { background: #b91c1c; color: #fff; } .badge.high { background: #c2410c; color: #fff; }
pre { white-space: pre-wrap; background: #fafaf9; border: 1px solid #e7e5e4; padding: 0.5rem; font-size: 0.875rem; max-width: 100%; overflow-x: auto; }
iframe.email { display: block; width: 100%; height: 30rem; border: 1px solid #e7e5e4; background: #fff; }
blockquote { margin: 0.25rem 0; padding-left: 0.75rem; border-left: 3px solid #d6d3d1; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 0.5rem; top: 0.5rem; background: #fff; color: #1a1a1a; padding: 0.25rem 0.5rem; z-index: 1; }
`;

export type ConsoleSection = 'overview' | 'cases' | 'testimonials' | 'customers' | 'settings';

export interface ConsoleFrame {
  readonly language: ConsoleLanguage;
  readonly copy: ConsoleCopy;
  /** The signed-in person and tenant, with the CSRF token every form carries; null on the sign-in page. */
  readonly signedIn: { readonly person: string; readonly tenantId: string; readonly csrfToken: string } | null;
}

export const csrfField = (frame: ConsoleFrame): SafeHtml => html`<input type="hidden" name="csrf" value="${frame.signedIn?.csrfToken ?? ''}">`;

const SECTIONS: readonly ConsoleSection[] = ['overview', 'cases', 'testimonials', 'customers', 'settings'];
const hrefOf = (section: ConsoleSection) => (section === 'overview' ? '/console' : `/console/${section}`);

export const consolePage = (frame: ConsoleFrame, options: { title: string; section: ConsoleSection | null; body: SafeHtml }): string => {
  const { copy, signedIn } = frame;
  const header = signedIn
    ? html`<header><a class="skip" href="#main">${copy.title}</a><strong>afterglow</strong><nav aria-label="${copy.title}">${SECTIONS.map(
        (section) => html`<a href="${hrefOf(section)}"${section === options.section ? new SafeHtml(' aria-current="page"') : ''}>${copy.nav[section]}</a>`,
      )}</nav><div class="who"><span>${copy.signedInAs(signedIn.person, signedIn.tenantId)}</span><form method="post" action="/console/sign-out">${csrfField(frame)}<button type="submit">${copy.signOut}</button></form></div></header>`
    : html`<header><strong>afterglow</strong></header>`;
  return `<!doctype html>\n${html`<html lang="${frame.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${options.title} · ${copy.title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
${header}
<main id="main">
${options.body}
</main>
</body>
</html>`.value}`;
};
