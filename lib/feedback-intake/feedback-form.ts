import {
  DisplayNameFormSchema,
  MAX_COMMENT_LENGTH,
  TestimonialScopeSchema,
  type DisplayNameForm,
  type TestimonialConsent,
  type TestimonialScope,
} from '../../events/feedback-event.ts';
import { SCALE_RANGES, scoreProblem, type FeedbackScale, type Score } from '../../events/feedback-scale.ts';
import type { MessageLanguage } from '../i18n/locale.ts';
import { CONSENT_WORDING_VERSION, MESSAGES } from '../i18n/messages.ts';
import { storableText } from '../text/storable-text.ts';

/**
 * Reads a submitted feedback form (pure): the score on the tenant's scale, the comment (capped,
 * and the customer told so rather than their words cut), and the testimonial permission with the
 * exact wording shown, its version, the scopes and the name form.
 */
export interface FeedbackFormFields {
  readonly score: string | null;
  readonly comment: string | null;
  readonly consent: boolean;
  readonly scopes: readonly string[];
  readonly displayName: string | null;
  readonly consentVersion: string | null;
}

export interface ReadFeedbackForm {
  readonly score: Score | null;
  readonly comment: string | null;
  /** Null when the customer neither gave nor withdrew permission. */
  readonly consent: { readonly scopes: TestimonialScope[]; readonly displayName: DisplayNameForm; readonly given: boolean } | null;
  readonly errors: string[];
}

/** The form's fields; the comment made storable (NUL and unpaired surrogates become U+FFFD). */
export const fieldsFromForm = (body: string): FeedbackFormFields => {
  const form = new URLSearchParams(body);
  const comment = form.get('comment');
  return {
    score: form.get('score'),
    comment: comment === null ? null : storableText(comment),
    consent: form.get('consent') === 'yes',
    scopes: form.getAll('scope'),
    displayName: form.get('displayName'),
    consentVersion: form.get('consentVersion'),
  };
};

export const readFeedbackForm = (
  fields: FeedbackFormFields,
  scale: FeedbackScale,
  language: MessageLanguage,
  hadConsent: boolean,
): ReadFeedbackForm => {
  const text = MESSAGES[language].page;
  const errors: string[] = [];
  let score: Score | null = null;
  if (fields.score !== null && fields.score.trim() !== '') {
    const value = Number(fields.score);
    if (!/^\d+$/.test(fields.score.trim()) || scoreProblem(value, scale)) {
      errors.push(text.scoreOutOfRange(SCALE_RANGES[scale].min, SCALE_RANGES[scale].max));
    } else {
      score = { value, scale };
    }
  }
  // Line endings arrive as CRLF from forms; count and keep them as the customer sees them.
  const comment = fields.comment?.replace(/\r\n/g, '\n').trim() || null;
  if (comment && comment.length > MAX_COMMENT_LENGTH) errors.push(text.commentTooLong(comment.length, MAX_COMMENT_LENGTH));
  if (!score && !comment && errors.length === 0) errors.push(text.needScoreOrComment);

  const scopes = [...new Set(fields.scopes)].filter((scope): scope is TestimonialScope => TestimonialScopeSchema.safeParse(scope).success);
  const displayName = DisplayNameFormSchema.safeParse(fields.displayName).data ?? 'first_name_last_initial';
  let consent: ReadFeedbackForm['consent'] = null;
  if (fields.consent) {
    if (fields.consentVersion !== CONSENT_WORDING_VERSION) errors.push(text.consentChanged);
    else if (scopes.length === 0) errors.push(text.consentNeedsScope);
    consent = { scopes, displayName, given: true };
  } else if (hadConsent) {
    consent = { scopes: [], displayName, given: false }; // unticked: permission withdrawn
  }
  return { score, comment, consent, errors };
};

/** The permission as recorded: the exact words shown, in the language shown, with their version. */
export const testimonialConsentOf = (
  consent: NonNullable<ReadFeedbackForm['consent']>,
  shopName: string,
  language: MessageLanguage,
  at: Date,
): TestimonialConsent => ({
  granted: consent.given,
  wording: MESSAGES[language].page.consentWording(shopName),
  wordingVersion: CONSENT_WORDING_VERSION,
  locale: language,
  scopes: consent.given ? consent.scopes : [],
  displayName: consent.displayName,
  recordedAt: at.toISOString(),
});
