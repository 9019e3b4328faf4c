import {
  FEEDBACK_EVENT_CONTENT_TYPE,
  feedbackEventKey,
  type FeedbackCustomer,
  type FeedbackEvent,
  type FeedbackSource,
  type TestimonialConsent,
} from '../../events/feedback-event.ts';
import type { Score } from '../../events/feedback-scale.ts';
import type { Logger } from '../logger.ts';
import type { FeedbackRepository, PriorFeedback } from '../store/feedback-repository.ts';
import type { EventLog } from '../transport/event-log.ts';

/**
 * Every accepted answer, from the page or the API, becomes the next revision of one feedback and
 * a FeedbackEvent on `afterglow.feedback`. The revision is stored first; publishing follows at
 * once, and a revision the log did not take is published by the relay on the next dispatch run.
 */

/** An answer; a field left undefined keeps what the previous revision said (a score sent alone by the page script). */
export interface FeedbackAnswer {
  readonly score?: Score | null;
  readonly comment?: string | null;
  readonly locale?: string | null;
  readonly testimonialConsent?: TestimonialConsent | null;
}

export interface FeedbackSubmission {
  readonly tenantId: string;
  readonly source: FeedbackSource;
  readonly sourceDetail: string | null;
  readonly sourceKey: string;
  readonly orderId: string | null;
  readonly customer: FeedbackCustomer;
  readonly stage: string | null;
  readonly answer: FeedbackAnswer;
}

export interface SubmitFeedbackDeps {
  readonly feedback: FeedbackRepository;
  readonly eventLog: Pick<EventLog, 'publish'>;
  readonly feedbackTopic: string;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export interface SubmittedFeedback {
  readonly event: FeedbackEvent;
  /** False when the submission repeated the latest revision exactly (nothing new stored or sent). */
  readonly changed: boolean;
  readonly published: boolean;
}

const sameConsent = (a: TestimonialConsent | null, b: TestimonialConsent | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.granted === b.granted &&
    a.wording === b.wording &&
    a.wordingVersion === b.wordingVersion &&
    a.displayName === b.displayName &&
    a.scopes.join() === b.scopes.join());

const nextRevision = (submission: FeedbackSubmission, prior: PriorFeedback, now: Date): FeedbackEvent | null => {
  const latest = prior.latest;
  const { answer } = submission;
  const score = answer.score !== undefined ? answer.score : (latest?.score ?? null);
  const comment = answer.comment !== undefined ? answer.comment : (latest?.comment ?? null);
  const locale = answer.locale !== undefined ? answer.locale : (latest?.locale ?? null);
  let consent = answer.testimonialConsent !== undefined ? answer.testimonialConsent : (latest?.testimonialConsent ?? null);
  // The same permission given again keeps the time it was first given.
  if (latest?.testimonialConsent && consent && sameConsent(consent, latest.testimonialConsent)) consent = latest.testimonialConsent;
  if (
    latest &&
    latest.score?.value === score?.value &&
    latest.score?.scale === score?.scale &&
    latest.comment === comment &&
    sameConsent(latest.testimonialConsent, consent)
  ) {
    return null;
  }
  const submittedAt = now.toISOString();
  return {
    schema: 'afterglow.FeedbackEvent',
    version: 1,
    feedbackId: prior.feedbackId,
    revision: prior.revision + 1,
    tenantId: submission.tenantId,
    source: submission.source,
    sourceDetail: submission.sourceDetail,
    orderId: submission.orderId,
    customer: submission.customer,
    stage: submission.stage,
    score,
    comment,
    locale,
    testimonialConsent: consent,
    submittedAt,
    firstSubmittedAt: latest?.firstSubmittedAt ?? submittedAt,
  };
};

export const publishFeedbackEvents = async (
  deps: Pick<SubmitFeedbackDeps, 'eventLog' | 'feedbackTopic' | 'feedback' | 'clock'>,
  events: readonly FeedbackEvent[],
): Promise<void> => {
  if (events.length === 0) return;
  await deps.eventLog.publish(
    deps.feedbackTopic,
    events.map((event) => ({ key: feedbackEventKey(event), value: JSON.stringify(event), headers: { 'content-type': FEEDBACK_EVENT_CONTENT_TYPE } })),
  );
  const at = deps.clock();
  for (const event of events) await deps.feedback.markPublished(event.feedbackId, event.revision, at);
};

export const submitFeedback = async (deps: SubmitFeedbackDeps, submission: FeedbackSubmission): Promise<SubmittedFeedback | null> => {
  const now = deps.clock();
  const stored = await deps.feedback.submit({
    tenantId: submission.tenantId,
    source: submission.source,
    sourceKey: submission.sourceKey,
    orderId: submission.orderId,
    customerKey: submission.customer.key,
    build: (prior) => nextRevision(submission, prior, now),
  });
  if (!stored) return null;
  if (!stored.changed) return { ...stored, published: true };
  try {
    await publishFeedbackEvents(deps, [stored.event]);
    return { ...stored, published: true };
  } catch (error) {
    // Stored, so not lost: the relay publishes it on the next dispatch run.
    deps.logger.warn('feedback stored but not yet published; the relay will publish it', {
      feedbackId: stored.event.feedbackId,
      revision: stored.event.revision,
      error,
    });
    return { ...stored, published: false };
  }
};

/** The relay: publishes revisions that were stored but never reached the log. Returns how many. */
export const publishPendingFeedback = async (
  deps: Pick<SubmitFeedbackDeps, 'eventLog' | 'feedbackTopic' | 'feedback' | 'clock'>,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<number> => {
  const pending = await deps.feedback.unpublished(new Date(deps.clock().getTime() - (options.olderThanMs ?? 30_000)), options.limit ?? 500);
  await publishFeedbackEvents(deps, pending);
  return pending.length;
};
