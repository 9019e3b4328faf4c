import { parse, type DefaultTreeAdapterMap, type ParserError } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { Brand } from '../../lib/brand/brand.ts';
import { MESSAGE_LANGUAGES } from '../../lib/i18n/locale.ts';
import { ASK_KINDS } from '../../lib/journey/ask-kinds.ts';
import { renderAsk, type AskRenderInput } from '../../lib/journey/render-ask.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const BRAND: Brand = {
  shopName: 'Acme "Outfitters" & Co',
  logo: { url: 'https://cdn.acme.example/logo.png', alt: 'Acme Outfitters' },
  accent: '#0f766e',
  postalAddress: '12 Harbour Street\nBristol BS1 4QA\nUnited Kingdom',
  contact: { href: 'mailto:help@acme.example', label: 'help@acme.example' },
  privacyPolicyUrl: 'https://acme.example/privacy',
};

const inputFor = (language: AskRenderInput['language'], brand: Brand | undefined): AskRenderInput => ({
  language,
  shopName: BRAND.shopName,
  firstName: 'Ada',
  orderNumber: '#1042',
  itemTitles: ['Linen apron', 'Blue <mug>'],
  scale: 'nps',
  pageUrl: 'https://ag.example.com/f/hguni2cliI2lMnggqLRctg',
  unsubscribeUrl: 'https://ag.example.com/u/hguni2cliI2lMnggqLRctg',
  reviewLinks: [{ name: 'Google', url: 'https://ag.example.com/go/hguni2cliI2lMnggqLRctg', incentive: null }],
  referral: { url: 'https://ag.example.com/r/ADA-7KQ2XM', code: 'ADA-7KQ2XM', friendReward: '15% off', advocateReward: '€10 store credit' },
  testimonial: { quote: 'Lovely apron.\n<b>Fast</b> too.', scopes: ['website'], displayName: 'Ada L.' },
  ...(brand ? { brand } : {}),
});

const elements = (node: Node): Element[] => {
  const own = 'tagName' in node ? [node] : [];
  const children = 'childNodes' in node ? node.childNodes : [];
  const template = 'content' in node ? [node.content] : [];
  return [...own, ...[...children, ...template].flatMap(elements)];
};
const attr = (element: Element, name: string) => element.attrs.find((attribute) => attribute.name === name)?.value;

/** What Gmail, Outlook and Apple Mail take: checked on the parsed tree, not on the text. */
const emailClientProblems = (html: string): string[] => {
  const parseErrors: ParserError[] = [];
  const document = parse(html, { onParseError: (error) => parseErrors.push(error) });
  const problems = parseErrors.map((error) => `parse error ${error.code} at line ${error.startLine}`);
  const all = elements(document);
  for (const element of all) {
    const where = `<${element.tagName}>`;
    if (['script', 'style', 'link', 'iframe', 'form', 'object', 'embed', 'video', 'audio', 'svg'].includes(element.tagName)) problems.push(`${where} is not for email`);
    for (const attribute of element.attrs) {
      if (/^on/i.test(attribute.name)) problems.push(`${where} has an event handler ${attribute.name}`);
      if (attribute.name === 'class' || attribute.name === 'id') problems.push(`${where} relies on ${attribute.name}: no stylesheet reaches it`);
    }
    if (['p', 'a', 'blockquote', 'table'].includes(element.tagName) && !attr(element, 'style')) problems.push(`${where} has no inline style`);
    if (element.tagName === 'a') {
      const href = attr(element, 'href') ?? '';
      if (!/^(https:\/\/|mailto:)/.test(href)) problems.push(`${where} links to ${href}`);
      if (!/color:/.test(attr(element, 'style') ?? '')) problems.push(`${where} has no colour of its own`);
    }
    if (element.tagName === 'img') {
      if (!attr(element, 'alt')) problems.push('an image without alt text');
      if (!(attr(element, 'src') ?? '').startsWith('https://')) problems.push('an image not on https');
      if (!attr(element, 'height')) problems.push('an image without a height attribute (Outlook)');
    }
    if (element.tagName === 'table' && attr(element, 'role') !== 'presentation') problems.push('a layout table without role="presentation"');
  }
  const tables = all.filter((element) => element.tagName === 'table');
  if (tables.length < 2) problems.push('no table layout (an outer full-width table and the 560 px column)');
  if (!all.some((element) => element.tagName === 'html' && attr(element, 'lang'))) problems.push('no lang on <html>');
  return problems;
};

describe('email HTML in the major clients\' constraints, for every kind of message in every language', () => {
  const cases = ASK_KINDS.flatMap((kind) => MESSAGE_LANGUAGES.flatMap((language) => [
    { kind, language, brand: BRAND, label: 'branded' },
    { kind, language, brand: undefined, label: 'plain' },
  ]));

  it.each(cases)('$kind in $language ($label): tables and inline styles, no script, no stylesheet, no class', ({ kind, language, brand }) => {
    // Act
    const { email } = renderAsk(kind, inputFor(language, brand));
    // Assess
    expect(emailClientProblems(email.html)).toEqual([]);
  });

  it.each(ASK_KINDS.flatMap((kind) => MESSAGE_LANGUAGES.map((language) => ({ kind, language }))))(
    '$kind in $language: the logo, the accent, the order named with what was bought, and the whole footer, in the HTML and in the text',
    ({ kind, language }) => {
      // Act
      const { email } = renderAsk(kind, inputFor(language, BRAND));
      // Assess: HTML (values escaped: the shop name's quotes and ampersand, an item's angle brackets)
      expect(email.html).toContain('<img src="https://cdn.acme.example/logo.png" alt="Acme Outfitters"');
      expect(email.html).toContain('#0f766e');
      expect(email.html).not.toContain('#1d4ed8');
      expect(email.html).toContain('#1042');
      expect(email.html).toContain('Blue &lt;mug&gt;');
      expect(email.html).toContain('Acme &quot;Outfitters&quot; &amp; Co');
      expect(email.html).toContain('12 Harbour Street<br>Bristol BS1 4QA<br>United Kingdom');
      for (const href of ['mailto:help@acme.example', 'https://acme.example/privacy', 'https://ag.example.com/u/hguni2cliI2lMnggqLRctg']) expect(email.html).toContain(`href="${href}"`);
      // … and the text part says the same
      for (const line of ['#1042', 'Linen apron, Blue <mug>', '12 Harbour Street', 'help@acme.example', 'https://acme.example/privacy', 'https://ag.example.com/u/hguni2cliI2lMnggqLRctg']) {
        expect(email.text).toContain(line);
      }
    },
  );

  it('without a brand: the shop name in place of a logo, afterglow\'s blue, no empty footer lines', () => {
    // Act
    const { email } = renderAsk('feedback_request', inputFor('en', undefined));
    // Assess
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('#1d4ed8');
    expect(email.text).not.toMatch(/Contact us|Privacy policy/);
    expect(email.text).toContain('Unsubscribe: https://ag.example.com/u/hguni2cliI2lMnggqLRctg');
  });
});
