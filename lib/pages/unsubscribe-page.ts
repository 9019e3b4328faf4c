import type { Brand } from '../brand/brand.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { html } from './html.ts';
import { pageLayout, type CustomerPage } from './layout.ts';

/** GET shows this and changes nothing; the button POSTs, which unsubscribes (as RFC 8058's one-click POST does). */
type UnsubscribeView = { language: MessageLanguage; shopName: string; orderName: string | null; address: string; brand: Brand };

/** The order the message was about, above the headline, when the link still names one. */
const kickerOf = (view: UnsubscribeView) => (view.orderName ? MESSAGES[view.language].order.heading(view.orderName, view.shopName) : null);

export const renderUnsubscribeConfirm = (view: UnsubscribeView): CustomerPage => {
  const text = MESSAGES[view.language].unsubscribe;
  return pageLayout({
    language: view.language,
    title: text.title,
    body: html`<h1>${text.title}</h1><p>${text.confirm(view.shopName, view.address)}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${text.button}</button></form>`,
    brand: view.brand,
    kicker: kickerOf(view),
  });
};

export const renderUnsubscribed = (view: UnsubscribeView): CustomerPage => {
  const text = MESSAGES[view.language].unsubscribe;
  return pageLayout({ language: view.language, title: text.doneTitle, body: html`<h1>${text.doneTitle}</h1><p>${text.done(view.shopName, view.address)}</p>`, brand: view.brand, kicker: kickerOf(view) });
};
