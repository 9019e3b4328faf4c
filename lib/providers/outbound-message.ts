/** A message ready for a provider: who to, what, and on which channel. */
export interface OutboundEmail {
  readonly channel: 'email';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  readonly headers: Readonly<Record<string, string>>;
  /** What kind of ask it is, for the provider's own reporting (tag / category). */
  readonly tag: string;
  /** afterglow's id for it, carried as provider metadata so a provider event can be traced back. */
  readonly reference: string;
}

export interface OutboundSms {
  readonly channel: 'sms';
  readonly to: string;
  readonly text: string;
  readonly tag: string;
  readonly reference: string;
}

export type OutboundMessage = OutboundEmail | OutboundSms;

export interface SentMessage {
  readonly provider: string;
  readonly providerMessageId: string | null;
}
