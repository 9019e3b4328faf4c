/**
 * The languages afterglow writes to customers in, and how one is chosen: the customer's own
 * (from the order, or the browser) when afterglow and the tenant both speak it, else the
 * tenant's first language, else English.
 */
export const MESSAGE_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

export const isMessageLanguage = (language: string): language is MessageLanguage =>
  (MESSAGE_LANGUAGES as readonly string[]).includes(language);

/** "fr-CA" → "fr"; "pt_BR" → "pt". */
export const languageOf = (locale: string | null | undefined): string | null => {
  const match = /^([A-Za-z]{2,3})(?:[-_]|$)/.exec(locale?.trim() ?? '');
  return match?.[1] ? match[1].toLowerCase() : null;
};

/** The languages of an Accept-Language header, most preferred first. */
export const acceptedLanguages = (header: string | null | undefined): string[] =>
  (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const quality = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { language: languageOf(tag), quality: Number.isFinite(quality) ? quality : 0 };
    })
    .filter((entry): entry is { language: string; quality: number } => entry.language !== null && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality)
    .map((entry) => entry.language);

export const chooseLanguage = (preferences: readonly (string | null | undefined)[], tenantLocales: readonly string[]): MessageLanguage => {
  const offered = tenantLocales.filter(isMessageLanguage);
  for (const preference of preferences) {
    const language = languageOf(preference);
    if (language && offered.includes(language as MessageLanguage)) return language as MessageLanguage;
  }
  return offered[0] ?? 'en';
};
