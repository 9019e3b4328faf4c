import { createAxios, deferredHttp, type ProviderHttp } from './provider-http.ts';
import { callProvider, ProviderError, type ProviderAttempt, type RetryPolicy } from './call-provider.ts';

/**
 * Trustpilot's Invitations API: Trustpilot emails the customer its own service-review invitation.
 * Authentication is a business-user OAuth token from client credentials (the application's API
 * key and secret), kept until shortly before it expires.
 */
export interface TrustpilotAccount {
  readonly businessUnitId: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly businessUserId: string | null;
  readonly templateId: string | null;
  readonly senderEmail: string | null;
  readonly replyTo: string | null;
  readonly apiBaseUrl: string;
  readonly authBaseUrl: string;
}

export interface TrustpilotInvitation {
  /** The order, as the merchant knows it (Trustpilot shows it and uses it to tell invitations apart). */
  readonly referenceNumber: string;
  readonly consumerName: string;
  readonly consumerEmail: string;
  /** BCP-47, e.g. en-US. */
  readonly locale: string;
  readonly senderName: string;
}

export interface TrustpilotInvitations {
  invite(account: TrustpilotAccount, invitation: TrustpilotInvitation, onAttempt: (attempt: ProviderAttempt) => Promise<void>): Promise<void>;
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

export const createTrustpilotInvitations = (
  options: { http?: ProviderHttp; policy?: RetryPolicy; clock?: () => Date } = {},
): TrustpilotInvitations => {
  const http = options.http ?? deferredHttp(() => createAxios({ timeout: 10_000 }));
  const clock = options.clock ?? (() => new Date());
  const tokens = new Map<string, { token: string; until: number }>();

  const accessToken = async (account: TrustpilotAccount, onAttempt: (attempt: ProviderAttempt) => Promise<void>): Promise<string> => {
    const cached = tokens.get(account.apiKey);
    if (cached && cached.until > Date.now()) return cached.token;
    const { response } = await callProvider<{ access_token?: string; expires_in?: string | number }>(
      http,
      {
        method: 'POST',
        url: `${trimmed(account.authBaseUrl)}/v1/oauth/oauth-business-users-for-applications/accesstoken`,
        auth: { username: account.apiKey, password: account.apiSecret },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        data: 'grant_type=client_credentials',
      },
      { provider: 'Trustpilot OAuth', onAttempt, clock, ...(options.policy ? { policy: options.policy } : {}) },
    );
    const token = response.data?.access_token;
    if (!token) throw new ProviderError('Trustpilot OAuth answered without an access_token', false, response.status, []);
    const seconds = Number(response.data?.expires_in ?? 3600);
    tokens.set(account.apiKey, { token, until: Date.now() + Math.max(60, seconds - 60) * 1000 });
    return token;
  };

  return {
    async invite(account, invitation, onAttempt) {
      const token = await accessToken(account, onAttempt);
      await callProvider(
        http,
        {
          method: 'POST',
          url: `${trimmed(account.apiBaseUrl)}/v1/private/business-units/${encodeURIComponent(account.businessUnitId)}/email-invitations`,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            ...(account.businessUserId ? { 'x-business-user-id': account.businessUserId } : {}),
          },
          data: {
            referenceNumber: invitation.referenceNumber,
            consumerName: invitation.consumerName,
            consumerEmail: invitation.consumerEmail,
            locale: invitation.locale,
            senderName: invitation.senderName,
            ...(account.senderEmail ? { senderEmail: account.senderEmail } : {}),
            ...(account.replyTo ? { replyTo: account.replyTo } : {}),
            type: 'email',
            serviceReviewInvitation: {
              ...(account.templateId ? { templateId: account.templateId } : {}),
              tags: ['afterglow'],
            },
          },
        },
        { provider: 'Trustpilot', onAttempt, clock, ...(options.policy ? { policy: options.policy } : {}) },
      );
    },
  };
};
