import { z } from 'zod';
import type { Platform } from '../../events/order-event.ts';

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const TimeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/Paris');
const HttpsUrlSchema = z.url({ protocol: /^https?$/ });

/** Where afterglow asks for feedback in the order's life, and how long after. */
const JourneySchema = z
  .strictObject({
    /** null = the platform's default: `delivered` where it reports delivery (Shopify), else `completed`. */
    trigger: z.enum(['fulfilled', 'delivered', 'completed']).nullable().default(null),
    feedbackDelayDays: z.number().int().min(0).max(90).default(3),
    /** When the trigger never comes, ask this many days after `fulfilled` anyway. */
    fallbackDaysAfterFulfilled: z.number().int().min(1).max(120).default(14),
  })
  .prefault({});

/** One contact budget per person across every kind of ask. */
const ContactSchema = z
  .strictObject({
    maxPer7Days: z.number().int().min(1).max(7).default(1),
    maxPer30Days: z.number().int().min(1).max(30).default(4),
    /** No message in this window of the customer's local time (null: none). */
    quietHours: z.strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema }).nullable().default({ start: '21:00', end: '08:00' }),
    /** Used for quiet hours when the customer's own time zone is unknown. */
    timeZone: TimeZoneSchema.default('UTC'),
  })
  .prefault({});

const ConsentSchema = z
  .strictObject({
    /**
     * `accepted_marketing`: only customers who accepted marketing; `all_customers`: everyone not
     * suppressed. The safe default; the tenant's choice is recorded with who and when.
     */
    mode: z.enum(['accepted_marketing', 'all_customers']).default('accepted_marketing'),
  })
  .prefault({});

const FeedbackSchema = z
  .strictObject({
    scale: z.enum(['nps', 'csat', 'stars']).default('nps'),
    linkTtlDays: z.number().int().min(1).max(365).default(60),
    locales: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).default(['en']),
  })
  .prefault({});

const ReviewLinkSchema = z.strictObject({ name: z.string().min(1).max(80), url: HttpsUrlSchema });

const EmailSchema = z
  .strictObject({
    /** `outbox`: stored and shown, nothing sent (the embedded default). */
    provider: z.enum(['outbox', 'postmark', 'sendgrid']).default('outbox'),
    baseUrl: HttpsUrlSchema.nullable().default(null),
    apiKey: z.string().min(1).nullable().default(null),
    from: z.string().min(3).nullable().default(null),
  })
  .prefault({});

const SmsSchema = z
  .strictObject({
    provider: z.enum(['outbox', 'twilio']).default('outbox'),
    baseUrl: HttpsUrlSchema.nullable().default(null),
    accountSid: z.string().min(1).nullable().default(null),
    authToken: z.string().min(1).nullable().default(null),
    from: z.string().min(3).nullable().default(null),
  })
  .prefault({});

const TestimonialsSchema = z
  .strictObject({
    /**
     * The shop rewards customers who let their words be quoted (a discount, a gift). Recorded on
     * each testimonial given meanwhile and exported with it: a rewarded endorsement must say so.
     */
    incentivised: z.boolean().default(false),
  })
  .prefault({});

export const TenantSettingsSchema = z
  .strictObject({
    shopName: z.string().min(1).max(120).nullable().default(null),
    shopUrl: HttpsUrlSchema.nullable().default(null),
    journey: JourneySchema,
    contact: ContactSchema,
    consent: ConsentSchema,
    feedback: FeedbackSchema,
    reviewLinks: z.array(ReviewLinkSchema).max(10).default([]),
    email: EmailSchema,
    sms: SmsSchema,
    testimonials: TestimonialsSchema,
  });
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;
export type ConsentMode = TenantSettings['consent']['mode'];

/** Setting paths whose values are secrets: masked by `tenant show`. */
export const SECRET_SETTINGS = ['email.apiKey', 'sms.authToken'] as const;

export const journeyTriggerOf = (settings: TenantSettings, platform: Platform): 'fulfilled' | 'delivered' | 'completed' =>
  settings.journey.trigger ?? (platform === 'shopify' ? 'delivered' : 'completed');
