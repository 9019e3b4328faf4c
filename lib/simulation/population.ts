import type { Platform } from '../../events/order-event.ts';
import { seededRandom } from '../feedback/random.ts';

/**
 * The simulated shop's customers and what each will do, drawn from one seed (pure): the same seed
 * gives the same population on every machine. Orders spread over the simulated weeks across the
 * three platforms; each customer has one way of answering (or never), and some unsubscribe or
 * review. What they do in reply to a message is decided when the message reaches them.
 */
export type AnswerStyle = 'happy' | 'unhappy' | 'problem_under_high_score' | 'never';
export type OrderFate =
  | 'delivered'
  | 'late_delivery'
  | 'never_delivered'
  | 'merchant_cancel'
  | 'customer_cancel'
  | 'full_refund'
  | 'partial_refund';

/** One change of an order's state, as its platform reports it. */
export type OrderStep =
  | { readonly kind: 'placed' | 'paid' | 'fulfilled' | 'delivered'; readonly at: Date }
  | { readonly kind: 'cancelled'; readonly at: Date; readonly by: 'merchant' | 'customer' }
  | { readonly kind: 'refunded'; readonly at: Date; readonly amount: string; readonly full: boolean };

export interface SimOrder {
  /** The platform's order id (digits), unique across the population. */
  readonly id: string;
  readonly number: number;
  readonly fate: OrderFate;
  readonly total: string;
  readonly item: { readonly id: string; readonly productId: string; readonly title: string; readonly sku: string };
  readonly steps: readonly OrderStep[];
}

export interface SimCustomer {
  readonly index: number;
  readonly platform: Platform;
  /** The platform's customer id (digits). */
  readonly platformCustomerId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Shopify reports email marketing consent; the others report none. */
  readonly acceptsMarketing: boolean;
  readonly answers: AnswerStyle;
  /** Answers this long after the message arrives. */
  readonly answerDelayHours: number;
  /** Unsubscribes from the first message that reaches them (and answers nothing). */
  readonly unsubscribes: boolean;
  /** Reviews on the shop's own site after an invitation. */
  readonly reviews: boolean;
  /** Lets their words be quoted when they answer happily. */
  readonly grantsTestimonial: boolean;
  readonly orders: readonly SimOrder[];
}

export interface PopulationOptions {
  readonly customers: number;
  readonly weeks: number;
  readonly seed: number;
  /** The first moment of the simulation (orders are placed from here on). */
  readonly start: Date;
}

export const PLATFORM_ORDER: readonly Platform[] = ['shopify', 'woocommerce', 'bigcommerce'];
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Radia', 'Ken', 'Margaret', 'Tim'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Backus', 'Perlman', 'Thompson', 'Hamilton', 'Berners-Lee'];
const PRODUCTS = [
  { productId: '632910392', title: 'Stoneware mug', sku: 'MUG-01', price: 24 },
  { productId: '632910393', title: 'Glass carafe', sku: 'CAR-02', price: 38 },
  { productId: '632910394', title: 'Linen tea towel', sku: 'TOW-03', price: 16 },
  { productId: '632910395', title: 'Oak serving board', sku: 'BRD-04', price: 52 },
];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
/** A choice by weight: [[value, weight], …]. */
const weighted = <T>(random: Random, choices: readonly (readonly [T, number])[]): T => {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (choices.at(-1) as readonly [T, number])[0];
};
const between = (random: Random, low: number, high: number) => low + random() * (high - low);
const at = (base: Date, offsetMs: number) => new Date(Math.round((base.getTime() + offsetMs) / 60_000) * 60_000);

const ANSWER_STYLES: readonly (readonly [AnswerStyle, number])[] = [
  ['happy', 40],
  ['unhappy', 20],
  ['problem_under_high_score', 10],
  ['never', 30],
];
const FATES: readonly (readonly [OrderFate, number])[] = [
  ['delivered', 70],
  ['late_delivery', 7],
  ['never_delivered', 3],
  ['merchant_cancel', 5],
  ['customer_cancel', 4],
  ['full_refund', 5],
  ['partial_refund', 6],
];

/** An order's steps from its placement, by its fate. `deliveredAt` forces the delivery moment (one parcel for orders of one day). */
const stepsOf = (random: Random, placedAt: Date, fate: OrderFate, total: number, deliveredAt: Date | null): OrderStep[] => {
  const steps: OrderStep[] = [{ kind: 'placed', at: placedAt }, { kind: 'paid', at: at(placedAt, 5 * 60_000) }];
  if (fate === 'merchant_cancel' || fate === 'customer_cancel') {
    steps.push({ kind: 'cancelled', at: at(placedAt, between(random, 2, 30) * HOUR_MS), by: fate === 'merchant_cancel' ? 'merchant' : 'customer' });
    return steps;
  }
  const fulfilledAt = deliveredAt ? at(deliveredAt, -between(random, 1, 3) * DAY_MS) : at(placedAt, between(random, 0.5, 2.5) * DAY_MS);
  steps.push({ kind: 'fulfilled', at: fulfilledAt > placedAt ? fulfilledAt : at(placedAt, HOUR_MS) });
  if (fate === 'never_delivered') return steps;
  // Couriers deliver at any hour here, so some journeys start inside quiet hours.
  const delivered =
    deliveredAt ?? at(fulfilledAt, (fate === 'late_delivery' ? between(random, 10, 20) : between(random, 1, 4)) * DAY_MS);
  steps.push({ kind: 'delivered', at: delivered });
  if (fate === 'full_refund') {
    steps.push({ kind: 'refunded', at: at(delivered, between(random, 1, 9) * DAY_MS), amount: total.toFixed(2), full: true });
  } else if (fate === 'partial_refund') {
    const share = between(random, 0.1, 0.4);
    steps.push({ kind: 'refunded', at: at(delivered, between(random, 1, 9) * DAY_MS), amount: (total * share).toFixed(2), full: false });
  }
  return steps;
};

export const buildPopulation = (options: PopulationOptions): SimCustomer[] => {
  const random = seededRandom(options.seed);
  const spanMs = Math.max(1, options.weeks * 7 - 5) * DAY_MS;
  let orderNumber = 1000;
  const customers: SimCustomer[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    const platform = PLATFORM_ORDER[index % PLATFORM_ORDER.length] as Platform;
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const answers = weighted(random, ANSWER_STYLES);
    const pattern = weighted(random, [
      ['one', 62],
      ['repeat', 20],
      ['same_day', 12],
      ['same_day_and_repeat', 6],
    ] as const);
    const firstAt = at(options.start, random() * spanMs);
    const placements: { placedAt: Date; sameParcelAs: number | null }[] = [{ placedAt: firstAt, sameParcelAs: null }];
    if (pattern === 'same_day' || pattern === 'same_day_and_repeat') {
      // Several orders on one day: most travel in one parcel (due together), some apart.
      placements.push({ placedAt: at(firstAt, between(random, 0.5, 6) * HOUR_MS), sameParcelAs: random() < 0.7 ? 0 : null });
    }
    if (pattern === 'repeat' || pattern === 'same_day_and_repeat') {
      placements.push({ placedAt: at(firstAt, between(random, 5, 40) * DAY_MS), sameParcelAs: null });
    }
    const orders: SimOrder[] = [];
    for (const placement of placements) {
      orderNumber += 1;
      const product = pick(random, PRODUCTS);
      const quantity = 1 + Math.floor(random() * 2);
      const total = product.price * quantity + 4.95;
      const parcel = placement.sameParcelAs === null ? null : orders[placement.sameParcelAs];
      const parcelDelivery = parcel?.steps.find((step) => step.kind === 'delivered')?.at ?? null;
      // In one parcel with an earlier order of the day: delivered with it, so both are due together.
      const together = parcelDelivery && parcelDelivery.getTime() > placement.placedAt.getTime() + 2 * HOUR_MS ? parcelDelivery : null;
      const fate = together ? 'delivered' : weighted(random, FATES);
      const steps = stepsOf(random, placement.placedAt, fate, total, together);
      orders.push({
        id: String(450789000 + orderNumber * 7),
        number: orderNumber,
        fate,
        total: total.toFixed(2),
        item: { id: String(466157000 + orderNumber * 3), productId: product.productId, title: product.title, sku: product.sku },
        steps: steps.sort((a, b) => a.at.getTime() - b.at.getTime()),
      });
    }
    customers.push({
      index,
      platform,
      platformCustomerId: String(207119000 + index),
      email: `customer${index}@sim.afterglow.test`,
      firstName,
      lastName,
      acceptsMarketing: random() < 0.5,
      answers,
      answerDelayHours: weighted(random, [
        [between(random, 0.5, 24), 70],
        [between(random, 24, 72), 20],
        [between(random, 96, 216), 10],
      ] as const),
      unsubscribes: random() < 0.05,
      reviews: random() < 0.3,
      grantsTestimonial: answers === 'happy' && random() < 0.3,
      orders,
    });
  }
  return customers;
};
