/**
 * The key of one order's journey facts (`JourneyFacts`, as the store reports them): the tenant
 * and the order, joined by a character neither can hold. The store keys what it reports by it and
 * the journey looks facts up by it, so it is the domain's, not the store's.
 */
export const journeyFactKey = (tenantId: string, orderId: string): string => `${tenantId}\u0000${orderId}`;
