import type { TestimonialScope } from '../../events/feedback-event.ts';
import type { Outreach } from '../store/outreach-repository.ts';

/**
 * What an ask's message needs beyond the order, read at send time (the customer's words for a
 * testimonial request), or why it must not go any more. Null: the ask needs nothing more.
 */
export type AskContent =
  | {
      readonly action: 'send';
      /** The feedback the message is about (its consent link names it). */
      readonly feedbackId: string;
      readonly testimonial: {
        readonly quote: string;
        readonly scopes: readonly TestimonialScope[];
        readonly displayName: string | null;
        readonly linkExpires: boolean;
      };
    }
  | { readonly action: 'withdraw'; readonly reason: string };

export type AskContentSource = (ask: Outreach) => Promise<AskContent | null>;
