import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeSettings, deliverAndDispatch, emailInOutbox, feedbackLinkIn, newCustomer } from '../support/feedback-journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The language a customer is written to, through the real dispatch and feedback page (embedded
 * default: the email waits in the outbox), against PostgreSQL: the order's locale when the tenant
 * offers its language, else the tenant's first language.
 */
describe('the customer\'s language through dispatch and the feedback page', () => {
  let database: TestDatabase;
  let app: TestApp;
  let orders = 0;

  const askedIn = async (locale: string) => {
    const orderId = `8${String((orders += 1)).padStart(18, '0')}`;
    const ask = await deliverAndDispatch(app.context, { orderId, customer: newCustomer({ locale }) });
    const email = await emailInOutbox(app.context, ask);
    // The browser prefers English: the order's locale still decides.
    const page = await (await fetch(feedbackLinkIn(email.html), { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
    return { email, page };
  };

  beforeAll(async () => {
    database = await createTestDatabase('languages');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' });
    await changeSettings(app.context, 'acme', 'shopName=Acme', 'contact.quietHours=null');
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('a customer in de-AT gets German where the tenant offers de', async () => {
    // Prepare
    await changeSettings(app.context, 'acme', 'feedback.locales=["en","de"]');
    // Act
    const { email, page } = await askedIn('de-AT');
    // Assess
    expect(email.subject).toBe('Wie war Ihre Bestellung bei Acme?');
    expect(email.text).toContain('Abmelden: ');
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Wie wahrscheinlich ist es, dass Sie Acme einem Freund oder einer Freundin weiterempfehlen?');
  });

  it('a customer in es-MX gets Spanish where the tenant offers es', async () => {
    // Prepare
    await changeSettings(app.context, 'acme', 'feedback.locales=["en","es"]');
    // Act
    const { email, page } = await askedIn('es-MX');
    // Assess
    expect(email.subject).toBe('¿Qué tal fue su pedido en Acme?');
    expect(page).toContain('<html lang="es">');
  });

  it('a customer in de-AT gets the tenant\'s first language, English, where the tenant does not offer de', async () => {
    // Prepare
    await changeSettings(app.context, 'acme', 'feedback.locales=["en","fr"]');
    // Act
    const { email, page } = await askedIn('de-AT');
    // Assess
    expect(email.subject).toBe('How was your order from Acme?');
    expect(page).toContain('<html lang="en">');
  });
});
