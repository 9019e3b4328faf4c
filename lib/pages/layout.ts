import { html, SafeHtml } from './html.ts';

/**
 * One page shell for everything a customer opens: readable on a phone (viewport, 1rem+ text,
 * large targets), high contrast (text #1a1a1a on white, 16:1; buttons white on #1d4ed8, 6.7:1),
 * a visible keyboard focus, and the page's language declared for screen readers. Fieldsets are
 * as wide as their content by default (min-width: min-content): `min-width: 0` keeps a long
 * option or label from pushing the page sideways on a 320 px screen, and long words (an email
 * address on the unsubscribe page) wrap rather than overflow.
 */
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f5f5f4; }
main { max-width: 40rem; margin: 0 auto; padding: 1.25rem; background: #fff; min-height: 100vh; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
p, li { max-width: 36rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; min-width: 0; }
legend { font-weight: 600; margin-bottom: 0.5rem; padding: 0; }
.scale { display: flex; flex-wrap: wrap; gap: 0.375rem; }
.scale label { position: relative; }
.scale input { position: absolute; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
.scale span { display: inline-flex; align-items: center; justify-content: center; min-width: 2.75rem; min-height: 2.75rem;
  border: 2px solid #57534e; border-radius: 0.5rem; font-weight: 600; background: #fff; }
.scale input:checked + span { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
.scale input:focus-visible + span, a:focus-visible, button:focus-visible, textarea:focus-visible, select:focus-visible,
.choice input:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
.ends { display: flex; justify-content: space-between; font-size: 0.9375rem; color: #44403c; margin-top: 0.375rem; }
label.block { display: block; font-weight: 600; margin-bottom: 0.375rem; }
textarea { width: 100%; min-height: 8rem; font: inherit; padding: 0.625rem; border: 2px solid #57534e; border-radius: 0.5rem; }
select { font: inherit; padding: 0.5rem; border: 2px solid #57534e; border-radius: 0.5rem; min-height: 2.75rem; max-width: 100%; }
.hint { font-size: 0.9375rem; color: #44403c; margin: 0.25rem 0 0; }
.choice { display: flex; gap: 0.625rem; align-items: flex-start; margin: 0.5rem 0; }
.choice input { width: 1.375rem; height: 1.375rem; margin-top: 0.125rem; flex: none; }
button { font: inherit; font-weight: 600; color: #fff; background: #1d4ed8; border: 0; border-radius: 0.5rem; padding: 0.75rem 1.5rem; min-height: 2.75rem; cursor: pointer; }
.errors { border: 2px solid #b91c1c; border-radius: 0.5rem; padding: 0.75rem 1rem; margin-bottom: 1.25rem; }
.errors h2 { font-size: 1.0625rem; margin: 0 0 0.25rem; color: #b91c1c; }
.notice { border-left: 4px solid #15803d; padding: 0.5rem 0.75rem; background: #f0fdf4; }
.reviews a { display: inline-block; margin: 0.25rem 0.5rem 0.25rem 0; padding: 0.625rem 1rem; border: 2px solid #1d4ed8; border-radius: 0.5rem; color: #1d4ed8; font-weight: 600; text-decoration: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export const pageLayout = (options: { language: string; title: string; body: SafeHtml; script?: SafeHtml }): string =>
  `<!doctype html>\n${html`<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${options.body}
</main>
${options.script ?? ''}
</body>
</html>`.value}`;
