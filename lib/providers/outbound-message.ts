/** A message ready for a provider: who to, what, and on which channel. */
export interface OutboundEmail {
  readonly channel: 'email';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The sender's display name (brand.senderName); the address is the provider's `from`. */
  readonly fromName?: string | null;
  /** Where replies go (brand.replyTo). */
  readonly replyTo?: string | null;
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

/**
 * `"Acme Outfitters" <feedback@acme.example>` (RFC 5322: the name quoted, `"` and `\\` escaped);
 * the address alone when there is no name, or when `from` already carries one.
 */
export const displayFrom = (name: string | null | undefined, from: string): string => {
  if (!name || from.includes('<')) return from;
  return `"${name.replace(/["\\]/g, (character) => `\\${character}`)}" <${from}>`;
};
