import type { HttpApiResult } from '../../events/http-api-event.ts';
import { acceptedLanguages, chooseLanguage, MESSAGE_LANGUAGES, type MessageLanguage } from '../i18n/locale.ts';
import { MESSAGES } from '../i18n/messages.ts';
import type { Logger } from '../logger.ts';
import { renderMessagePage } from '../pages/feedback-page.ts';
import { firstHeader, type Headers } from './headers.ts';
import { pageResult } from './html-reply.ts';
import { plainBrand } from '../brand/brand.ts';

/** The customer's language as their browser states it, among the languages offered. */
export const browserLanguage = (headers: Headers, offered: readonly string[] = MESSAGE_LANGUAGES): MessageLanguage =>
  chooseLanguage(acceptedLanguages(firstHeader(headers, 'accept-language')), offered);

/** A link afterglow did not make, or that leads nowhere now: a plain page saying so, never a stack trace. */
export const invalidLinkPage = (headers: Headers, statusCode: 400 | 404): HttpApiResult => {
  const language = browserLanguage(headers);
  const page = MESSAGES[language].page;
  return pageResult(statusCode, renderMessagePage({ language, title: page.linkInvalidTitle, message: page.linkInvalid, brand: plainBrand(null) }));
};

/** What a customer sees when afterglow itself is failing: a plain apology, never a stack trace. */
export const unavailablePage = (request: { readonly headers: Headers }, logger: Logger, error: unknown): HttpApiResult => {
  logger.error('customer page failed', { error });
  const language = browserLanguage(request.headers);
  const page = MESSAGES[language].page;
  return pageResult(503, renderMessagePage({ language, title: page.unavailableTitle, message: page.unavailable, brand: plainBrand(null) }), { 'retry-after': '30' });
};
