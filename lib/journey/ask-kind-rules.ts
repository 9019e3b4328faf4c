import type { ProviderAttempt } from '../providers/call-provider.ts';
import type { SqlExecutor } from '../store/database.ts';
import type { StoredOrder } from '../store/order-repository.ts';
import type { Outreach } from '../store/outreach-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { AskKind } from './ask-kinds.ts';
import type { AskRenderInput } from './render-ask.ts';
import type { Channel, SkipCause } from './send-eligibility.ts';

/** What a rule knows about the ask being dispatched. */
export interface AskContext {
  readonly ask: Outreach;
  readonly tenant: Tenant;
  readonly order: StoredOrder;
  readonly now: Date;
  readonly channel: Channel;
  readonly address: string;
}

/**
 * What one kind of ask adds to dispatch, on top of what every ask gets (eligibility, budget, quiet
 * hours, rendering, sending). Every rule here decides on objective facts only.
 */
export interface AskKindRules {
  /**
   * An objective reason not to send this ask now, or null: a reason to skip it (already invited
   * lately, already clicked), or `{ withdraw }` when what it was about is gone (the comment a
   * testimonial request would quote was deleted).
   */
  gate?(context: Omit<AskContext, 'channel' | 'address'>): Promise<string | { readonly skip: string; readonly cause: SkipCause } | { readonly withdraw: string } | null>;
  /**
   * An objective reason to skip the ask that depends on the customer's other asks (sent, approved
   * or pending, other than this one), decided under the customer's lock so that concurrent runs
   * see each other: one review invitation per frequency window. `blockedBy` names the other ask.
   */
  gateUnderLock?(
    context: Omit<AskContext, 'channel' | 'address'>,
    customerAsks: readonly Outreach[],
  ): { readonly reason: string; readonly blockedBy: string; readonly cause?: SkipCause } | null;
  /** What the message needs beyond the common fields (review links, a referral code). */
  renderExtras?(context: AskContext): Promise<Partial<AskRenderInput>>;
  /**
   * Deliveries by someone else (Trustpilot emails its own invitation), made before afterglow's own
   * message; says whether afterglow's own message is still needed and what carried the ask.
   */
  deliverElsewhere?(
    context: AskContext,
    onAttempt: (provider: string, attempt: ProviderAttempt) => Promise<void>,
  ): Promise<{ ownMessage: boolean; provider: string | null }>;
  /** In the transaction that records the ask as sent (the review invitation schedules its one reminder). */
  afterSent?(context: AskContext, tx: SqlExecutor): Promise<void>;
}

export type AskRules = Partial<Record<AskKind, AskKindRules>>;
