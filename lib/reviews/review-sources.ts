import * as z from 'zod';
import { firstHeader, type Headers } from '../http/headers.ts';
import { parseJsonLosslessly } from '../json/parse-json-losslessly.ts';
import { hmacSha256Base64, signaturesMatch, verifyBodyHmac } from '../platforms/hmac.ts';
import { nonEmpty, normaliseEmail, PlatformIdSchema, toInstant } from '../platforms/normalise-helpers.ts';
import { parsePayload } from '../platforms/parse-payload.ts';
import type { TenantSettings } from '../tenants/settings.ts';

/** A new review as afterglow keeps it, whichever platform it came from. */
export interface IncomingReview {
  readonly reviewId: string;
  /** Stars, 1–5 (half steps allowed); null when the platform gave none. */
  readonly rating: number | null;
  readonly title: string | null;
  readonly text: string | null;
  readonly reviewerName: string | null;
  readonly reviewerEmail: string | null;
  /** The platform's reference for the purchase (Trustpilot `referenceId`: the order id afterglow invited with). */
  readonly referenceId: string | null;
  readonly url: string | null;
  readonly language: string | null;
  readonly postedAt: string | null;
}

export interface ReviewWebhookRequest {
  readonly headers: Headers;
  readonly body: Buffer;
}

export type ParsedReviews =
  | { readonly outcome: 'reviews'; readonly reviews: readonly IncomingReview[] }
  | { readonly outcome: 'ignored'; readonly reason: string };

export interface ReviewSource {
  /** False when the tenant has not set this source up (404, like an unknown platform). */
  isConfigured(settings: TenantSettings): boolean;
  /** null when the request is authentic, else the reason for the 401. */
  verify(request: ReviewWebhookRequest, settings: TenantSettings): string | null;
  /** The new reviews in the body (InvalidPayloadError → 400), or why none are. */
  parse(request: ReviewWebhookRequest): ParsedReviews;
}

const basicCredentials = (headers: Headers): { username: string; password: string } | null => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(firstHeader(headers, 'authorization') ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

/**
 * Trustpilot service-review webhooks (Integrations → Developers → Webhooks): a POST of
 * `{"events":[{"eventName":"service-review-created","version":"1","eventData":{id, stars, title,
 * text, referenceId, createdAt, language, link, consumer:{id,name,link}, …}}]}`. The body is not
 * signed; the subscription URL carries HTTP Basic credentials (`https://user:pass@host/…`), which
 * arrive as `Authorization: Basic …` and are checked against the tenant's settings. For privacy
 * the payload carries no email: `referenceId` (the order id afterglow invited with) links the
 * review to its order. Updated and deleted reviews are acknowledged and ignored.
 */
const TrustpilotEventSchema = z.object({
  eventName: z.string(),
  version: z.union([z.string(), z.number()]).optional(),
  eventData: z.unknown(),
});
const TrustpilotWebhookSchema = z.object({ events: z.array(TrustpilotEventSchema) });
const TrustpilotReviewSchema = z.object({
  id: PlatformIdSchema,
  stars: z.number().min(1).max(5).nullish(),
  title: z.string().nullish(),
  text: z.string().nullish(),
  referenceId: z.string().nullish(),
  createdAt: z.string().nullish(),
  language: z.string().nullish(),
  link: z.string().nullish(),
  consumer: z.object({ id: z.string().nullish(), name: z.string().nullish() }).loose().nullish(),
});

const trustpilot: ReviewSource = {
  isConfigured: (settings) =>
    settings.reviewWebhooks.trustpilotUsername !== null && settings.reviewWebhooks.trustpilotPassword !== null,
  verify(request, settings) {
    const given = basicCredentials(request.headers);
    if (!given) return 'Authorization: Basic credentials are missing (put them in the Trustpilot subscription URL)';
    // Both compared in full whatever the first says, so the time taken tells nothing.
    const user = signaturesMatch(settings.reviewWebhooks.trustpilotUsername ?? '', given.username);
    const password = signaturesMatch(settings.reviewWebhooks.trustpilotPassword ?? '', given.password);
    return user && password ? null : 'the Basic credentials do not match';
  },
  parse(request) {
    const webhook = parsePayload(TrustpilotWebhookSchema, parseJsonLosslessly(request.body.toString('utf8')), 'Trustpilot webhook');
    const created = webhook.events.filter((event) => event.eventName === 'service-review-created');
    if (created.length === 0) {
      return { outcome: 'ignored', reason: `events ${webhook.events.map((event) => event.eventName).join(', ') || '(none)'} are not new reviews` };
    }
    return {
      outcome: 'reviews',
      reviews: created.map((event) => {
        const review = parsePayload(TrustpilotReviewSchema, event.eventData, 'Trustpilot service review');
        return {
          reviewId: review.id,
          rating: review.stars ?? null,
          title: nonEmpty(review.title),
          text: nonEmpty(review.text),
          reviewerName: nonEmpty(review.consumer?.name),
          reviewerEmail: null,
          referenceId: nonEmpty(review.referenceId),
          url: nonEmpty(review.link),
          language: nonEmpty(review.language),
          postedAt: toInstant(review.createdAt),
        };
      }),
    };
  },
};

/**
 * First-party reviews (the shop's own review form or widget): one review per POST,
 * `{reviewId, rating, title?, text?, orderId?, reviewer?: {name?, email?}, createdAt?, url?, language?}`,
 * signed with `X-Afterglow-Hmac-Sha256: base64(HMAC-SHA256(secret, raw body))`.
 */
export const FirstPartyReviewSchema = z.object({
  reviewId: PlatformIdSchema,
  rating: z.number().min(1).max(5),
  title: z.string().max(500).nullish(),
  text: z.string().max(20_000).nullish(),
  orderId: PlatformIdSchema.nullish(),
  reviewer: z.object({ name: z.string().nullish(), email: z.string().nullish() }).nullish(),
  createdAt: z.string().nullish(),
  url: z.string().nullish(),
  language: z.string().nullish(),
});

export const FIRST_PARTY_SIGNATURE_HEADER = 'x-afterglow-hmac-sha256';

export const signFirstPartyReview = (secret: string, body: string | Buffer): string => hmacSha256Base64(secret, body);

const firstParty: ReviewSource = {
  isConfigured: (settings) => settings.reviewWebhooks.firstPartySecret !== null,
  verify: (request, settings) =>
    verifyBodyHmac({
      rawBody: request.body,
      signature: firstHeader(request.headers, FIRST_PARTY_SIGNATURE_HEADER),
      secrets: [settings.reviewWebhooks.firstPartySecret],
    })
      ? null
      : 'X-Afterglow-Hmac-Sha256 is missing or does not match',
  parse(request) {
    const review = parsePayload(FirstPartyReviewSchema, parseJsonLosslessly(request.body.toString('utf8')), 'first-party review');
    return {
      outcome: 'reviews',
      reviews: [
        {
          reviewId: review.reviewId,
          rating: review.rating,
          title: nonEmpty(review.title),
          text: nonEmpty(review.text),
          reviewerName: nonEmpty(review.reviewer?.name),
          reviewerEmail: normaliseEmail(review.reviewer?.email),
          referenceId: review.orderId ?? null,
          url: nonEmpty(review.url),
          language: nonEmpty(review.language),
          postedAt: toInstant(review.createdAt),
        },
      ],
    };
  },
};

export const REVIEW_SOURCES = { trustpilot, first_party: firstParty } as const satisfies Record<string, ReviewSource>;
export type ReviewSourceName = keyof typeof REVIEW_SOURCES;
export const isReviewSource = (name: string): name is ReviewSourceName => Object.hasOwn(REVIEW_SOURCES, name);
