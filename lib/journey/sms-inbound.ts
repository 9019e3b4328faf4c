import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpApiResult } from '../../events/http-api-event.ts';
import { NotFoundError, UnauthorizedError, InvalidPayloadError } from '../errors.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import type { SuppressionRepository } from '../store/suppression-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { storableText } from '../text/storable-text.ts';

/**
 * `POST /webhooks/sms/{tenantId}`: an inbound SMS from Twilio (form-encoded `From`, `Body`, …,
 * signed with `X-Twilio-Signature`). STOP and its synonyms suppress SMS to that number; START
 * lifts it. Twilio's own opt-out handling replies to the customer; afterglow answers empty TwiML.
 */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);

/**
 * Twilio's request signature: HMAC-SHA1 with the auth token over the full URL it requested followed
 * by every POST parameter, sorted by name, as name + value without separators; base64.
 */
export const twilioSignature = (authToken: string, url: string, params: URLSearchParams): string => {
  const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = url + sorted.map(([name, value]) => name + value).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
};

const sameSignature = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export type SmsKeyword = 'stop' | 'start' | null;

export const smsKeywordOf = (body: string): SmsKeyword => {
  const word = body.trim().toUpperCase().replace(/[.!]+$/, '');
  return STOP_WORDS.has(word) ? 'stop' : START_WORDS.has(word) ? 'start' : null;
};

export interface SmsInboundDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly suppressions: Pick<SuppressionRepository, 'suppress' | 'lift'>;
  readonly clock: () => Date;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export const receiveInboundSms = async (
  deps: SmsInboundDeps,
  request: { tenantId: string; url: string; headers: Headers; body: Buffer },
): Promise<HttpApiResult> => {
  const tenant = await deps.tenants.findById(request.tenantId);
  if (!tenant) throw new NotFoundError(`no tenant ${request.tenantId}`);
  const authToken = tenant.settings.sms.authToken;
  const signature = firstHeader(request.headers, 'x-twilio-signature');
  if (!authToken) throw new UnauthorizedError('this tenant has no Twilio auth token (sms.authToken) to check the signature with');
  const params = new URLSearchParams(request.body.toString('utf8'));
  if (!signature || !sameSignature(signature, twilioSignature(authToken, request.url, params))) {
    throw new UnauthorizedError('the X-Twilio-Signature does not match');
  }
  // After the signature check: what is kept must be storable.
  const from = storableText(params.get('From') ?? '');
  if (!from) throw new InvalidPayloadError('an inbound SMS needs From');
  const keyword = smsKeywordOf(storableText(params.get('Body') ?? ''));
  const at = deps.clock();
  if (keyword === 'stop') {
    await deps.suppressions.suppress({ tenantId: tenant.id, channel: 'sms', address: from, customerKey: null, reason: 'SMS STOP', at });
  } else if (keyword === 'start') {
    await deps.suppressions.lift({ tenantId: tenant.id, channel: 'sms', address: from, reason: 'SMS START', at });
  }
  return { statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML };
};
