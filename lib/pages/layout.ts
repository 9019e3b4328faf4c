import { randomBytes } from 'node:crypto';
import { cssAccent, type Brand } from '../brand/brand.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { html, SafeHtml } from './html.ts';

/**
 * One page shell for everything a customer opens: readable on a phone (viewport, 1rem+ text,
 * large targets), high contrast (text #1a1a1a on white, 16:1; buttons white on #1d4ed8, 6.7:1),
 * a visible keyboard focus, and the page's language declared for screen readers. Fieldsets are
 * as wide as their content by default (min-width: min-content): `min-width: 0` keeps a long
 * option or label from pushing the page sideways on a 320 px screen, and long words (an email
 * address on the unsubscribe page) wrap rather than overflow.
 *
 * The shop's accent colour (checked for WCAG AA against white when set) comes in as a CSS variable
 * in the same style element, which carries the page's nonce: the CSP allows that element and
 * nothing else (no inline style attributes, no 'unsafe-inline').
 */
const STYLE = `
:root { color-scheme: light; --accent: #1d4ed8; }
a { color: var(--accent); }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f5f5f4; }
main { max-width: 40rem; margin: 0 auto; padding: 1.25rem; background: #fff; min-height: 100vh; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
p, li { max-width: 36rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; min-width: 0; }
legend { font-weight: 600; margin-bottom: 0.5rem; padding: 0; }
.scale-frame { display: grid; grid-template-columns: 1fr 1fr; gap: 0.375rem; grid-template-areas: "scale scale" "low high"; }
.scale { grid-area: scale; display: grid; gap: 0.375rem; grid-template-columns: repeat(5, minmax(2.5rem, 1fr)); }
.end { font-size: 0.9375rem; color: #44403c; }
.end-low { grid-area: low; }
.end-high { grid-area: high; text-align: right; }
/* 0–10 on a phone: two rows that read 0–5 then 6–10, the 10 at the right edge, each end's label beside it. */
.scale-frame-11 { grid-template-areas: "low low" "scale scale" "high high"; }
.scale-11 { grid-template-columns: repeat(6, minmax(2.5rem, 1fr)); }
.scale-11 label:nth-child(7) { grid-column-start: 2; }
@media (min-width: 34rem) {
  .scale-frame-11 { grid-template-areas: "scale scale" "low high"; }
  .scale-11 { grid-template-columns: repeat(11, minmax(2.5rem, 1fr)); }
  .scale-11 label:nth-child(7) { grid-column-start: auto; }
}
.scale label { position: relative; display: flex; }
.scale input { position: absolute; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
.scale span { display: flex; flex: 1; align-items: center; justify-content: center; min-height: 2.75rem;
  border: 2px solid #57534e; border-radius: 0.5rem; font-weight: 600; background: #fff; }
.scale input:checked + span { background: var(--accent); border-color: var(--accent); color: #fff; }
.scale input:focus-visible + span, a:focus-visible, button:focus-visible, textarea:focus-visible, select:focus-visible,
.choice input:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
label.block { display: block; font-weight: 600; margin-bottom: 0.375rem; }
textarea { width: 100%; min-height: 8rem; font: inherit; padding: 0.625rem; border: 2px solid #57534e; border-radius: 0.5rem; }
select { font: inherit; padding: 0.5rem; border: 2px solid #57534e; border-radius: 0.5rem; min-height: 2.75rem; max-width: 100%; }
.hint { font-size: 0.9375rem; color: #44403c; margin: 0.25rem 0 0; }
.choice { display: flex; gap: 0.625rem; align-items: flex-start; margin: 0.5rem 0; }
.choice input { width: 1.375rem; height: 1.375rem; margin-top: 0.125rem; flex: none; }
button { font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 0.5rem; padding: 0.75rem 1.5rem; min-height: 2.75rem; cursor: pointer; }
.errors { border: 2px solid #b91c1c; border-radius: 0.5rem; padding: 0.75rem 1rem; margin-bottom: 1.25rem; }
.errors h2 { font-size: 1.0625rem; margin: 0 0 0.25rem; color: #b91c1c; }
.notice { border-left: 4px solid #15803d; padding: 0.5rem 0.75rem; background: #f0fdf4; }
.reviews a { display: inline-block; margin: 0.25rem 0.5rem 0.25rem 0; padding: 0.625rem 1rem; border: 2px solid var(--accent); border-radius: 0.5rem; color: var(--accent); font-weight: 600; text-decoration: none; }
.brand { display: flex; align-items: center; gap: 0.75rem; padding-bottom: 0.75rem; margin-bottom: 0.75rem; border-bottom: 4px solid var(--accent); }
.brand img { display: block; height: 3rem; width: auto; max-width: 100%; }
.brand .shop { font-weight: 700; font-size: 1.125rem; margin: 0; }
.kicker { font-size: 0.9375rem; font-weight: 600; color: #44403c; margin: 0.75rem 0 0; }
.gap-after { margin-bottom: 1.5rem; }
.nested { margin: 0.75rem 0 0; }
.nested-indent { margin: 0.75rem 0 0 2rem; }
legend.plain, label.plain { font-weight: 400; }
label.spaced { margin-top: 0.75rem; }
.later { margin-top: 2rem; }
h2.small { font-size: 1.125rem; }
blockquote { margin: 0 0 1.5rem; padding: 0.5rem 1rem; border-left: 4px solid var(--accent); white-space: pre-wrap; }
footer.shop-footer { margin-top: 2.5rem; padding-top: 0.75rem; border-top: 1px solid #e7e5e4; font-size: 0.9375rem; color: #44403c; }
footer.shop-footer p { margin: 0.25rem 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** A page ready to serve: its HTML and what its Content-Security-Policy must allow (see pageResult). */
export interface CustomerPage {
  readonly html: string;
  /** The one nonce of the page's style element and, when it has one, its script. */
  readonly nonce: string;
  readonly scripted: boolean;
  /** The shop logo's origin, for img-src. */
  readonly imageOrigin: string | null;
}

const masthead = (brand: Brand, kicker: string | null): SafeHtml => {
  if (!brand.logo && !brand.shopName) return html``;
  const mark = brand.logo ? html`<img src="${brand.logo.url}" alt="${brand.logo.alt}">` : html`<p class="shop">${brand.shopName}</p>`;
  return html`<header class="brand">${mark}</header>${kicker ? html`<p class="kicker">${kicker}</p>` : ''}`;
};

const shopFooter = (brand: Brand, language: MessageLanguage): SafeHtml => {
  const words = MESSAGES[language].footer;
  const links = [
    brand.contact ? html`<a href="${brand.contact.href}">${words.contact}</a>` : null,
    brand.privacyPolicyUrl ? html`<a href="${brand.privacyPolicyUrl}">${words.privacy}</a>` : null,
  ].filter((link): link is SafeHtml => link !== null);
  if (links.length === 0 && !brand.postalAddress) return html``;
  return html`<footer class="shop-footer">${brand.postalAddress ? html`<p>${brand.shopName}, ${brand.postalAddress.replace(/\s*\r?\n\s*/g, ', ')}</p>` : ''}${
    links.length > 0 ? html`<p>${links.map((link, index) => (index === 0 ? link : html` · ${link}`))}</p>` : ''
  }</footer>`;
};

export const pageLayout = (options: {
  language: MessageLanguage;
  title: string;
  body: SafeHtml;
  brand: Brand;
  /** A line above the headline naming the order ("Order #1042 from Acme"). */
  kicker?: string | null;
  script?: (nonce: string) => SafeHtml;
}): CustomerPage => {
  const nonce = randomBytes(16).toString('base64');
  const { brand } = options;
  const style = `${STYLE}:root { --accent: ${cssAccent(brand)}; }\n`;
  const page = html`<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<style nonce="${nonce}">${new SafeHtml(style)}</style>
</head>
<body>
<main>
${masthead(brand, options.kicker ?? null)}
${options.body}
${shopFooter(brand, options.language)}
</main>
${options.script ? options.script(nonce) : ''}
</body>
</html>`;
  return { html: `<!doctype html>\n${page.value}`, nonce, scripted: options.script !== undefined, imageOrigin: brand.logo ? new URL(brand.logo.url).origin : null };
};
