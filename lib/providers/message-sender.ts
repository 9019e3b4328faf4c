import { createAxios, deferredHttp, type ProviderHttp } from './provider-http.ts';
import { ProviderError, type ProviderAttempt, type RetryPolicy } from './call-provider.ts';
import type { OutboundMessage, SentMessage } from './outbound-message.ts';
import { sendWithPostmark } from './postmark.ts';
import { sendWithSendGrid } from './sendgrid.ts';
import { sendWithTwilio } from './twilio.ts';
import type { TenantSettings } from '../tenants/settings.ts';
import type { OutboxRepository } from '../store/outbox-repository.ts';
import type { Logger } from '../logger.ts';
import { METRIC, type Metrics } from '../metrics.ts';

/**
 * Sends one message through the provider the tenant chose for its channel: Postmark or SendGrid
 * for email, Twilio for SMS, or the outbox (stored, shown, not sent: the embedded default).
 */
export interface MessageSender {
  send(
    tenant: { readonly id: string; readonly settings: TenantSettings },
    message: OutboundMessage,
    onAttempt: (provider: string, attempt: ProviderAttempt) => Promise<void>,
    /** When it goes by the clock of the run sending it (the outbox records this, not its insert time). */
    at?: Date,
  ): Promise<SentMessage>;
  /** The provider that would carry a channel for this tenant (for the record, before sending). */
  providerFor(settings: TenantSettings, channel: OutboundMessage['channel']): string;
}

/** A provider that cannot be used as set up: not retryable until someone changes the settings. */
const misconfigured = (reason: string) => new ProviderError(reason, false, null, []);

const required = (value: string | null, setting: string): string => {
  if (!value) throw misconfigured(`${setting} is not set (npx afterglow tenant set …)`);
  return value;
};

export const createMessageSender = (deps: {
  outbox: OutboxRepository;
  /** The outbox also shows each message it keeps on the console (`npm start`). */
  logger?: Logger;
  /** MessagesSent / MessagesFailed by provider (the outbox included). */
  metrics?: Metrics;
  http?: ProviderHttp;
  policy?: RetryPolicy;
  clock?: () => Date;
}): MessageSender => {
  const http = deps.http ?? deferredHttp(() => createAxios({ timeout: 10_000 }));
  const providerFor: MessageSender['providerFor'] = (settings, channel) =>
    channel === 'email' ? settings.email.provider : settings.sms.provider;
  const sendThrough = async (
    provider: string,
    ...[tenant, message, onAttempt, at]: Parameters<MessageSender['send']>
  ): Promise<SentMessage> => {
    const options = {
      ...(deps.policy ? { policy: deps.policy } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
      onAttempt: (attempt: ProviderAttempt) => onAttempt(provider, attempt),
    };
    if (provider === 'outbox') {
      const kept = await deps.outbox.keep(tenant.id, message, at ?? deps.clock?.() ?? new Date());
      // Ids only: the address, the words (a first name) and the link (whoever holds it acts as the customer) stay out of logs; GET /api/outbox shows the message.
      deps.logger?.info('outbox: message kept, not sent', {
        tenantId: tenant.id,
        channel: message.channel,
        outboxId: kept.providerMessageId,
        reference: message.reference,
      });
      return kept;
    }
    const { email, sms } = tenant.settings;
    if (message.channel === 'email') {
      const from = required(email.from, 'email.from');
      const key = required(email.apiKey, 'email.apiKey');
      return provider === 'postmark'
        ? sendWithPostmark(http, { baseUrl: email.baseUrl, serverToken: key, from }, message, options)
        : sendWithSendGrid(http, { baseUrl: email.baseUrl, apiKey: key, from }, message, options);
    }
    return sendWithTwilio(
      http,
      {
        baseUrl: sms.baseUrl,
        accountSid: required(sms.accountSid, 'sms.accountSid'),
        authToken: required(sms.authToken, 'sms.authToken'),
        from: required(sms.from, 'sms.from'),
      },
      message,
      options,
    );
  };
  return {
    providerFor,
    async send(tenant, message, onAttempt, at) {
      const provider = providerFor(tenant.settings, message.channel);
      try {
        const sent = await sendThrough(provider, tenant, message, onAttempt, at);
        deps.metrics?.count(METRIC.messagesSent, { provider });
        return sent;
      } catch (error) {
        deps.metrics?.count(METRIC.messagesFailed, { provider });
        throw error;
      }
    },
  };
};
