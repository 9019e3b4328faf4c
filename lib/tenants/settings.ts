import * as z from 'zod';
import type { Platform } from '../../events/order-event.ts';
import { accentProblem, normaliseHex } from '../brand/contrast.ts';
import { COPY_FIELDS, copyProblems, type CopyField } from '../brand/copy-template.ts';
import { isMessageLanguage, MESSAGE_LANGUAGES, type MessageLanguage } from '../i18n/locale.ts';
import { ASK_KINDS, type AskKind } from '../journey/ask-kinds.ts';
import { outbound, secret, withVariants } from './setting-marks.ts';
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type CopyOverride = Partial<Record<CopyField, string | null>>;

/**
 * The settings' schemas, built on first use (a tenant read, a settings change), not when a handler's
 * bundle is imported: zod builds every schema node eagerly, and these are the largest afterglow has.
 */
const buildSettingsSchemas = () => {
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
  /** A URL the server itself calls (a provider's API): checked by the outbound guard when set and when called. */
  const OutboundUrlSchema = () => outbound(z.url({ protocol: /^https?$/ }));
  /** A credential: masked in every output (tenant show, settings history, logs). */
  const SecretSchema = (min = 1) => secret(z.string().min(min));

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

  /**
   * One contact budget per person across every kind of ask. The defaults hold the journey: the
   * feedback request and the review invitation (and its reminder) fit in one week and one month,
   * with room for one sentiment-driven ask, and never two messages within two days.
   */
  const ContactSchema = z
    .strictObject({
      maxPer7Days: z.number().int().min(1).max(7).default(3),
      maxPer30Days: z.number().int().min(1).max(30).default(8),
      /** Hours between any two messages to one customer (transactional confirmations aside). */
      minGapHours: z.number().int().min(0).max(24 * 14).default(48),
      /** No message in this window of the customer's local time (null: none). */
      quietHours: z.strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema }).nullable().default({ start: '21:00', end: '08:00' }),
      /** Used for quiet hours when the customer's own time zone is unknown. */
      timeZone: TimeZoneSchema.default('UTC'),
    })
    .prefault({});

  /**
   * What consent each kind of ask needs. `service`: a message about an order the customer made,
   * sent to everyone who has not opted out (unsubscribe, SMS STOP); `marketing`: only with the
   * platform's marketing consent for that channel where the platform reports it, else as
   * `unreportedMarketing` says. SMS always needs the customer's SMS consent.
   */
  const ConsentClassSchema = z.enum(['service', 'marketing']);
  const marketingOnly = (kind: string) =>
    z.literal('marketing', { error: `${kind} asks are marketing: they need marketing consent` }).default('marketing');

  /** The single `consent.mode` of earlier versions, read as the per-kind settings it meant. */
  const fromConsentMode = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || !('mode' in value)) return value;
    const { mode, ...rest } = value as { mode: unknown } & Record<string, unknown>;
    // The old mode names one rule for every ask: it wins over the per-kind values it sits beside.
    if (mode === 'all_customers') return { ...rest, feedbackRequest: 'service', reviewInvitation: 'service', unreportedMarketing: 'send' };
    if (mode === 'accepted_marketing') return { ...rest, feedbackRequest: 'marketing', reviewInvitation: 'marketing', unreportedMarketing: 'skip' };
    return value; // anything else is refused by the strict schema, in its own words
  };

  const ConsentSchema = z.preprocess(
    fromConsentMode,
    z
      .strictObject({
        /** The private feedback request: a service message about the order, by default. */
        feedbackRequest: ConsentClassSchema.default('service'),
        /** The public review invitation and its reminder: the tenant's explicit choice (see README). */
        reviewInvitation: ConsentClassSchema.default('service'),
        referralInvitation: marketingOnly('referral'),
        testimonialRequest: marketingOnly('testimonial'),
        /** "Did we put it right?" answers the customer's own complaint: a service message. */
        recoveryFollowUp: z.literal('service', { error: 'a recovery follow-up answers the customer: a service message' }).default('service'),
        /**
         * Marketing asks to customers whose platform reports no marketing consent either way
         * (WooCommerce, BigCommerce, Shopify guests): `skip` (the safe default) or `send`.
         */
        unreportedMarketing: z.enum(['send', 'skip']).default('skip'),
      })
      .prefault({}),
  );

  const FeedbackSchema = z
    .strictObject({
      scale: z.enum(['nps', 'csat', 'stars']).default('nps'),
      linkTtlDays: z.number().int().min(1).max(365).default(60),
      locales: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).default(['en']),
    })
    .prefault({});

  /** Yelp forbids asking for reviews at all: it is never a destination, in any setting. */
  const NOT_YELP = (url: string) => !/(^|\.)yelp\.[a-z.]+$/i.test(new URL(url).hostname);
  const NOT_YELP_MESSAGE = 'Yelp is never a destination: Yelp does not allow businesses to ask for reviews';
  const ReviewUrlSchema = HttpsUrlSchema.refine(NOT_YELP, NOT_YELP_MESSAGE);

  const ReviewLinkSchema = z.strictObject({ name: z.string().min(1).max(80), url: ReviewUrlSchema });

  /** Google and Trustpilot forbid incentivised reviews: an incentive there is refused by name. */
  const withoutIncentive = <Schema extends z.ZodType>(platform: string, schema: Schema) =>
    z.preprocess((value, context) => {
      if (typeof value === 'object' && value !== null && 'incentive' in value) {
        context.issues.push({ code: 'custom', path: ['incentive'], input: value, message: `${platform} does not allow incentives for reviews; only a first-party review may offer one` });
      }
      return value;
    }, schema);

  /** A Google review link from the business's Place ID. Incentives are not allowed by Google. */
  const GoogleDestinationSchema = z.strictObject({
    type: z.literal('google'),
    placeId: z.string().regex(/^[\w-]{10,300}$/, 'a Google Place ID such as ChIJN1t_tDeuEmsRUsoyG83frY4'),
  });

  /** Trustpilot's Invitations API (Trustpilot sends its own invitation email). Incentives are not allowed by Trustpilot. */
  const TrustpilotDestinationSchema = z.strictObject({
    type: z.literal('trustpilot'),
    businessUnitId: z.string().min(1),
    /** API key and secret of the Trustpilot application (client credentials). */
    apiKey: SecretSchema(),
    apiSecret: SecretSchema(),
    /** The business user invitations are created on behalf of (needed with client credentials). */
    businessUserId: z.string().min(1).nullable().default(null),
    templateId: z.string().min(1).nullable().default(null),
    senderEmail: z.email().nullable().default(null),
    replyTo: z.email().nullable().default(null),
    /** The public review page, for reminders and links: https://www.trustpilot.com/evaluate/<domain>. */
    reviewUrl: ReviewUrlSchema.nullable().default(null),
    apiBaseUrl: OutboundUrlSchema().default('https://invitations-api.trustpilot.com'),
    authBaseUrl: OutboundUrlSchema().default('https://api.trustpilot.com'),
  });

  /** The shop's own review page. An incentive, if offered, is for every reviewer whatever they say. */
  const FirstPartyDestinationSchema = z.strictObject({
    type: z.literal('first_party'),
    name: z.string().min(1).max(80).default('our website'),
    url: ReviewUrlSchema,
    incentive: z.string().min(1).max(200).nullable().default(null),
  });

  const DESTINATION_TYPES = { google: withoutIncentive('Google', GoogleDestinationSchema), trustpilot: withoutIncentive('Trustpilot', TrustpilotDestinationSchema), first_party: FirstPartyDestinationSchema };


  type Destination =
    | z.infer<typeof GoogleDestinationSchema>
    | z.infer<typeof TrustpilotDestinationSchema>
    | z.infer<typeof FirstPartyDestinationSchema>;

  /** Chooses the destination's schema by its type, so every problem is reported in its own words. */
  const ReviewDestinationSchema = withVariants(z.unknown().transform((value, context): Destination => {
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !(type in DESTINATION_TYPES)) {
      const yelp = JSON.stringify(value ?? '').toLowerCase().includes('yelp');
      context.addIssue({
        code: 'custom',
        path: ['type'],
        message: yelp ? NOT_YELP_MESSAGE : 'a destination is {"type":"google","placeId"}, {"type":"trustpilot",…} or {"type":"first_party","url"}',
      });
      return z.NEVER;
    }
    const parsed = DESTINATION_TYPES[type as keyof typeof DESTINATION_TYPES].safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message });
      return z.NEVER;
    }
    return parsed.data as Destination;
  }), Object.values(DESTINATION_TYPES));


  /**
   * Public review invitations: the same for every eligible customer, at the same point of the
   * journey. Nothing here can make them depend on feedback; settings that would are refused by name.
   */
  const GATING_KEY = /score|sentiment|happy|unhappy|rating|nps|csat|stars|feedback|promoter|detractor|gate|filter/i;
  const ReviewsSchema = z.preprocess(
    (value, context) => {
      if (typeof value === 'object' && value !== null) {
        for (const key of Object.keys(value).filter((name) => GATING_KEY.test(name))) {
          context.issues.push({
            code: 'custom',
            path: [key],
            input: value,
            message: 'review invitations are sentiment-blind (no review gating): they cannot depend on scores or feedback',
          });
        }
      }
      return value;
    },
    z
      .strictObject({
        /** Days after the journey trigger (the same trigger as the feedback request) to invite. */
        delayDays: z.number().int().min(0).max(90).default(7),
        /** One reminder this many days after the invitation (null: none); it stops once they clicked, reviewed or unsubscribed. */
        reminderAfterDays: z.number().int().min(1).max(60).nullable().default(7),
        /** At most one invitation per customer in this many days. */
        frequencyDays: z.number().int().min(1).max(365).default(90),
        destinations: z.array(ReviewDestinationSchema).max(5).default([]),
      })
      .prefault({}),
  );

  /** Referral invitations for happy customers: a code and link each, a reward for both sides. */
  const ReferralsSchema = z
    .strictObject({
      enabled: z.boolean().default(false),
      advocateReward: z.string().min(1).max(200).nullable().default(null),
      friendReward: z.string().min(1).max(200).nullable().default(null),
      /** A referred order below this total earns nothing. */
      minimumOrderValue: z.string().regex(/^\d+(\.\d+)?$/, 'an amount such as "30.00"').default('0'),
      /** The reward is granted only after the referred order's return window has passed without a refund. */
      returnWindowDays: z.number().int().min(0).max(365).default(30),
      /** Where the referral link lands (the shop); the code is added as `?ref=CODE`. */
      landingUrl: HttpsUrlSchema.nullable().default(null),
    })
    .prefault({})
    .superRefine((referrals, context) => {
      if (referrals.enabled && (!referrals.advocateReward || !referrals.friendReward)) {
        context.addIssue({ code: 'custom', path: ['enabled'], message: 'referrals need advocateReward and friendReward (double-sided) before they can be enabled' });
      }
    });

  const EmailSchema = z
    .strictObject({
      /** `outbox`: stored and shown, nothing sent (the embedded default). */
      provider: z.enum(['outbox', 'postmark', 'sendgrid']).default('outbox'),
      baseUrl: OutboundUrlSchema().nullable().default(null),
      apiKey: SecretSchema().nullable().default(null),
      from: z.string().min(3).nullable().default(null),
    })
    .prefault({});

  const SmsSchema = z
    .strictObject({
      provider: z.enum(['outbox', 'twilio']).default('outbox'),
      baseUrl: OutboundUrlSchema().nullable().default(null),
      accountSid: z.string().min(1).nullable().default(null),
      authToken: SecretSchema().nullable().default(null),
      from: z.string().min(3).nullable().default(null),
    })
    .prefault({});

  /** HH:MM, or 24:00 for a day that closes at midnight. */
  const ClosingTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day as HH:MM (24:00 for midnight)');


  /** When the service team works: SLA clocks run only inside these hours, in the tenant's time zone. */
  const BusinessHoursSchema = z
    .strictObject({
      timeZone: TimeZoneSchema.default('UTC'),
      weekdays: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
      open: TimeOfDaySchema.default('09:00'),
      close: ClosingTimeSchema.default('17:00'),
    })
    .refine((hours) => hours.open < hours.close, { message: 'open must be before close', path: ['close'] })
    .prefault({});

  /** Service recovery: where cases go (helpdesk, chat), how fast they are due, and fairness between customers. */
  const RecoverySchema = z
    .strictObject({
      /** Zendesk Tickets API: `https://{subdomain}.zendesk.com`, an agent's email and an API token. */
      zendesk: z
        .strictObject({
          baseUrl: OutboundUrlSchema().nullable().default(null),
          email: z.string().min(3).nullable().default(null),
          apiToken: SecretSchema().nullable().default(null),
          /**
           * The signing secret of the Zendesk webhook a "ticket solved" trigger calls
           * (`POST /webhooks/helpdesk/zendesk/{tenantId}`): base64(HMAC-SHA256(secret, timestamp + body)).
           */
          webhookSecret: SecretSchema(16).nullable().default(null),
        })
        .refine(
          (zendesk) => [zendesk.baseUrl, zendesk.email, zendesk.apiToken].every((value) => value === null) ||
            [zendesk.baseUrl, zendesk.email, zendesk.apiToken].every((value) => value !== null),
          { message: 'set baseUrl, email and apiToken together (one `tenant set` command), or none' },
        )
        .prefault({}),
      /** A Slack incoming webhook (`https://hooks.slack.com/services/…`) for case alerts. */
      slack: z.strictObject({ webhookUrl: secret(OutboundUrlSchema()).nullable().default(null) }).prefault({}),
      businessHours: BusinessHoursSchema,
      /** Business hours from a case's first signal to its SLA due time, per severity. */
      slaHours: z
        .strictObject({
          urgent: z.number().positive().max(2000).default(2),
          high: z.number().positive().max(2000).default(8),
          normal: z.number().positive().max(2000).default(24),
          low: z.number().positive().max(2000).default(40),
        })
        .prefault({}),
      /**
       * Fairness: once one customer has sent this many signals within the window, further ones
       * still join their case but no longer raise its priority or send alerts.
       */
      perCustomerCap: z
        .strictObject({
          signals: z.number().int().min(1).max(1000).default(3),
          windowHours: z.number().positive().max(24 * 90).default(24),
        })
        .prefault({}),
      /** A week's satisfaction falling by more than this many points raises an alert. */
      satisfactionDropPoints: z.number().positive().max(100).default(10),
      /**
       * The reply time the thank-you page promises an unhappy customer, in business hours
       * (`businessHours`); null: the page says a person will reply, and not by when.
       */
      replyWithinBusinessHours: z.number().positive().max(2000).nullable().default(null),
      /** A partial refund below this share of the order total is small: a low-severity case, no alert. */
      smallRefundShare: z.number().min(0).max(1).default(0.2),
    })
    .prefault({});

  /** Review platforms that post new reviews to `POST /webhooks/reviews/{source}/{tenantId}`. */
  const ReviewWebhooksSchema = z
    .strictObject({
      /** First-party reviews: base64 HMAC-SHA256 of the raw body with this secret. */
      firstPartySecret: SecretSchema(16).nullable().default(null),
      /** Trustpilot: HTTP Basic credentials put in the subscription URL (`https://user:pass@…`). */
      trustpilotUsername: z.string().min(1).nullable().default(null),
      trustpilotPassword: SecretSchema(8).nullable().default(null),
      /** A review at or below this many stars raises a recovery signal. */
      negativeAtOrBelow: z.number().min(1).max(4).default(2),
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

  /** Only https: a logo is loaded by mail clients and by the customer's browser under the pages' CSP. */
  const HttpsOnlyUrlSchema = z.url({ protocol: /^https$/, error: 'an https:// URL' });
  const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

  /**
   * How the shop looks and signs its messages: the logo and accent colour of every email and page,
   * the sender's name and reply-to address, and the footer the law asks for (the postal address:
   * CAN-SPAM wants it in every commercial email), with a contact and the privacy policy.
   */
  const BrandSchema = z
    .strictObject({
      logo: z
        .strictObject({
          url: HttpsOnlyUrlSchema,
          /** What the logo says, for screen readers and mail clients that block images. */
          alt: z.string().trim().min(1, 'the alt text says what the logo shows (usually the shop name)').max(120),
        })
        .nullable()
        .default(null),
      /** Buttons (white text on it) and links (on white): refused below WCAG AA's 4.5:1, naming a shade that passes. */
      accentColor: z
        .string()
        .transform((colour, context) => {
          const hex = normaliseHex(colour);
          if (!hex) {
            context.addIssue({ code: 'custom', message: 'a colour as #RRGGBB, such as #1d4ed8' });
            return z.NEVER;
          }
          const problem = accentProblem(hex);
          if (problem) {
            context.addIssue({ code: 'custom', message: problem });
            return z.NEVER;
          }
          return hex;
        })
        .nullable()
        .default(null),
      /** The From name ("Acme Outfitters"); the address stays email.from. */
      senderName: z.string().trim().min(1).max(80).regex(NO_CONTROL, 'one line of text').nullable().default(null),
      replyTo: z.email().nullable().default(null),
      /** The shop's postal address, printed in every email's footer; marketing email waits for it (CAN-SPAM). */
      postalAddress: z.string().trim().min(8, 'a full postal address').max(300).nullable().default(null),
      /** Where customers reach the shop: an https URL or an email address. */
      contact: z.union([HttpsOnlyUrlSchema, z.email()], { error: 'an https:// URL or an email address' }).nullable().default(null),
      privacyPolicyUrl: HttpsOnlyUrlSchema.nullable().default(null),
    })
    .prefault({});

  /** One language's override of one kind of message: each field optional, null to go back to afterglow's words. */
  const copyEntryFor = (kind: AskKind) =>
    z.strictObject(
      Object.fromEntries(
        COPY_FIELDS.map((field) => [
          field,
          z
            .string()
            .superRefine((text, context) => {
              for (const problem of copyProblems(kind, field, text)) context.addIssue({ code: 'custom', message: problem });
            })
            .nullable()
            .optional(),
        ]),
      ) as Record<CopyField, z.ZodOptional<z.ZodNullable<z.ZodString>>>,
    );

  /** `copy.<kind>.<language>.{subject,opening,cta}`: the merchant's words, validated when set (see README). */
  const CopySchema = z
    .strictObject(
      Object.fromEntries(
        ASK_KINDS.map((kind) => [
          kind,
          z.strictObject(Object.fromEntries(MESSAGE_LANGUAGES.map((language) => [language, copyEntryFor(kind).optional()])) as Record<MessageLanguage, z.ZodOptional<ReturnType<typeof copyEntryFor>>>).optional(),
        ]),
      ) as Record<AskKind, z.ZodOptional<z.ZodObject<Record<MessageLanguage, z.ZodOptional<ReturnType<typeof copyEntryFor>>>>>>,
    )
    .prefault({});

  const TenantSettingsSchema = z
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
      reviews: ReviewsSchema,
      referrals: ReferralsSchema,
      recovery: RecoverySchema,
      reviewWebhooks: ReviewWebhooksSchema,
      testimonials: TestimonialsSchema,
      brand: BrandSchema,
      copy: CopySchema,
    });
  return { ConsentSchema, ReviewDestinationSchema, BusinessHoursSchema, RecoverySchema, BrandSchema, TenantSettingsSchema };
};

type SettingsSchemas = ReturnType<typeof buildSettingsSchemas>;
let built: SettingsSchemas | undefined;
const settingsSchemas = (): SettingsSchemas => (built ??= buildSettingsSchemas());

export type ConsentSettings = z.infer<SettingsSchemas['ConsentSchema']>;
export type ReviewDestination = z.infer<SettingsSchemas['ReviewDestinationSchema']>;
export type BusinessHours = z.infer<SettingsSchemas['BusinessHoursSchema']>;
export type RecoverySettings = z.infer<SettingsSchemas['RecoverySchema']>;
export type BrandSettings = z.infer<SettingsSchemas['BrandSchema']>;

/** A tenant's settings: zod's own lazy schema, whose inner schema is built at the first parse (or walk). */
export const TenantSettingsSchema = z.lazy(() => settingsSchemas().TenantSettingsSchema);
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const journeyTriggerOf = (settings: TenantSettings, platform: Platform): 'fulfilled' | 'delivered' | 'completed' =>
  settings.journey.trigger ?? (platform === 'shopify' ? 'delivered' : 'completed');

/**
 * Languages offered that afterglow has no messages for: refused when `feedback.locales` is set;
 * a tenant stored before this rule keeps working, its customers getting the first offered
 * language afterglow writes (else English), and `tenant show` names the problem.
 */
export const localeProblems = (settings: TenantSettings): string[] => {
  const unwritten = settings.feedback.locales.filter((language) => !isMessageLanguage(language));
  return unwritten.length === 0
    ? []
    : [
        `feedback.locales: afterglow has no messages in ${unwritten.map((language) => JSON.stringify(language)).join(', ')}; ` +
          `it writes ${MESSAGE_LANGUAGES.join(', ')}`,
      ];
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Journey timings a change may not make (checked when settings change, not when they are read,
 * so a tenant stored before a rule existed keeps working): the review invitation must come at
 * least the minimum gap after the feedback request, on another day.
 */
export const journeyTimingProblems = (settings: TenantSettings): string[] => {
  const apart = (settings.reviews.delayDays - settings.journey.feedbackDelayDays) * DAY_MS;
  const needed = Math.max(settings.contact.minGapHours * HOUR_MS, DAY_MS);
  if (settings.reviews.destinations.length === 0) return []; // no invitation to space out
  return apart >= needed
    ? []
    : [
        `reviews.delayDays: the review invitation (day ${settings.reviews.delayDays}) must come at least ${settings.contact.minGapHours} hours ` +
          `(contact.minGapHours) and one day after the feedback request (journey.feedbackDelayDays=${settings.journey.feedbackDelayDays})`,
      ];
};

/** The merchant's override of one kind of message in one language, if any. */
export const copyOverrideOf = (settings: TenantSettings, kind: AskKind, language: MessageLanguage): CopyOverride =>
  (settings.copy[kind] as Partial<Record<MessageLanguage, CopyOverride>> | undefined)?.[language] ?? {};
