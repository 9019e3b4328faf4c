import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeSettings,
  deliverAndDispatch,
  emailInOutbox,
  feedbackEventsOnLocalLog,
  feedbackLinkIn,
  newCustomer,
  postForm,
  storedRevisions,
} from '../support/feedback-journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { addBusinessHours } from '../../lib/recovery/business-hours.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/**
 * `GET /f/{token}` and `POST /f/{token}` over real HTTP, with the link each test's customer was
 * emailed (embedded default: the message waits in the outbox), against PostgreSQL and the
 * store-backed event log.
 */
describe('feedback page over HTTP', () => {
  let database: TestDatabase;
  let app: TestApp;
  let orders = 0;
  const REVIEW_LINKS = [
    { name: 'Google', url: 'https://search.google.com/local/writereview?placeid=acme' },
    { name: 'Trustpilot', url: 'https://www.trustpilot.com/evaluate/acme.example' },
  ];

  /** A new order of a new customer, asked for feedback: the link in their email. */
  const emailedLink = async (customer = newCustomer()) => {
    const orderId = `7${String((orders += 1)).padStart(18, '0')}`;
    const ask = await deliverAndDispatch(app.context, { orderId, customer });
    const email = await emailInOutbox(app.context, ask);
    return { orderId, link: feedbackLinkIn(email.html), email };
  };
  const getPage = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { headers });
    return { status: response.status, headers: response.headers, html: await response.text() };
  };
  const consentVersionIn = (html: string) => /name="consentVersion" value="([^"]+)"/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    database = await createTestDatabase('pages');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' });
    await changeSettings(app.context, 'acme', 'shopName=Acme', 'contact.quietHours=null', 'feedback.locales=["en","fr"]', `reviewLinks=${JSON.stringify(REVIEW_LINKS)}`);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('GET shows the form and changes nothing', async () => {
    // Prepare
    const { orderId, link } = await emailedLink();
    const logBefore = (await feedbackEventsOnLocalLog(app.context)).length;
    // Act
    const first = await getPage(link);
    const second = await getPage(link);
    // Assess
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.html).toContain('How likely are you to recommend Acme to a friend?');
    expect(second.status).toBe(200);
    expect(await storedRevisions(app.context, orderId)).toEqual([]);
    expect(await feedbackEventsOnLocalLog(app.context)).toHaveLength(logBefore);
  });

  it('?score=N pre-selects that score (and only a score the scale has)', async () => {
    const { orderId, link } = await emailedLink();
    const seven = await getPage(`${link}?score=7`);
    const eleven = await getPage(`${link}?score=11`);
    expect(seven.html.match(/ checked/g)).toHaveLength(1);
    expect(seven.html).toContain('<input type="radio" name="score" value="7" checked>');
    expect(eleven.status).toBe(200);
    expect(eleven.html).not.toMatch(/name="score" value="\d+" checked/);
    expect(await storedRevisions(app.context, orderId)).toEqual([]);
  });

  it('submitting again revises the same feedback (revision 2), and an identical resubmission stores nothing', async () => {
    // Prepare
    const { orderId, link } = await emailedLink();
    // Act
    const first = await postForm(link, { score: '8', comment: 'Good, but slow.' });
    const revised = await postForm(link, { score: '6', comment: 'Good, but slow. Support never answered.' });
    const repeated = await postForm(link, { score: '6', comment: 'Good, but slow. Support never answered.' });
    // Assess
    expect([first.status, revised.status, repeated.status]).toEqual([200, 200, 200]);
    // 6 of 10 is a detractor: the page apologises, and a case opens
    expect(repeated.html).toContain('We are sorry');
    const revisions = await storedRevisions(app.context, orderId);
    expect(revisions.map((row) => [row.revision, row.event.score?.value, row.event.comment])).toEqual([
      [1, 8, 'Good, but slow.'],
      [2, 6, 'Good, but slow. Support never answered.'],
    ]);
    expect(new Set(revisions.map((row) => row.feedbackId)).size).toBe(1);
    expect(revisions[1]?.event.firstSubmittedAt).toBe(revisions[0]?.event.submittedAt);
    const logged = (await feedbackEventsOnLocalLog(app.context)).filter((event) => event.orderId === orderId);
    expect(logged.map((event) => [event.feedbackId, event.revision])).toEqual(revisions.map((row) => [row.feedbackId, row.revision]));
  });

  it('a double-clicked Send (two identical submissions at once) stores one revision', async () => {
    const { orderId, link } = await emailedLink();
    const replies = await Promise.all([postForm(link, { score: '10' }), postForm(link, { score: '10' })]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect((await storedRevisions(app.context, orderId)).map((row) => row.revision)).toEqual([1]);
  });

  it('an over-long comment is refused with a page that says so and keeps every character typed', async () => {
    // Prepare
    const { orderId, link } = await emailedLink();
    const comment = `${'Far too long. '.repeat(357)}abc`; // 5001 characters
    expect(comment).toHaveLength(5001);
    // Act
    const reply = await postForm(link, { score: '3', comment });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.html).toContain('Your comment is 5,001 characters long; please shorten it to 5,000.');
    expect(reply.html).toContain(`>${comment}</textarea>`);
    expect(reply.html).toContain('<input type="radio" name="score" value="3" checked>');
    expect(await storedRevisions(app.context, orderId)).toEqual([]);
  });

  it('HTML and script in a comment are stored as text and shown escaped', async () => {
    // Prepare
    const { orderId, link } = await emailedLink();
    const comment = `<script>alert("owned")</script><img src=x onerror=alert(1)> & "quotes" 'too'`;
    // Act
    await postForm(link, { score: '5', comment });
    const reopened = await getPage(link);
    // Assess
    expect((await storedRevisions(app.context, orderId))[0]?.event.comment).toBe(comment);
    expect(reopened.html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;</textarea>');
    expect(reopened.html).not.toContain('<script>alert');
    expect(reopened.html).not.toContain('<img src=x');
  });

  it.each([['11'], ['-1'], ['7.5'], ['seven']])('a score of %s is refused with a page that says which scores there are', async (score) => {
    const { orderId, link } = await emailedLink();
    const reply = await postForm(link, { score, comment: 'Fine.' });
    expect(reply.status).toBe(400);
    expect(reply.html).toContain('Choose a score from 0 to 10.');
    expect(reply.html).toContain('>Fine.</textarea>');
    expect(await storedRevisions(app.context, orderId)).toEqual([]);
  });

  it('the page script\'s score with a score out of range is refused (400) and stores nothing', async () => {
    const { orderId, link } = await emailedLink();
    const reply = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ score: 42 }) });
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as { error: string }).error).toMatch(/outside the NPS scale/);
    expect(await storedRevisions(app.context, orderId)).toEqual([]);
  });

  it('the thank-you page invites a score of 0 to leave a public review exactly as it invites a 10 (no gating)', async () => {
    // Prepare
    const unhappy = await emailedLink();
    const delighted = await emailedLink();
    // Act
    const afterZero = await postForm(unhappy.link, { score: '0', comment: 'Never again.' });
    const afterTen = await postForm(delighted.link, { score: '10' });
    // Assess: the words differ (an apology, thanks), the invitation to review does not
    const invitation = (html: string) => /<p>Would you also share[\s\S]*<\/p><p class="reviews">[\s\S]*?<\/p>/.exec(html)?.[0];
    expect(afterZero.status).toBe(200);
    expect(invitation(afterZero.html)).toBeDefined();
    expect(invitation(afterZero.html)).toBe(invitation(afterTen.html));
    for (const { name, url } of REVIEW_LINKS) expect(afterZero.html).toContain(`<a href="${url}" rel="noopener">${name}</a>`);
  });

  /** What the feedback function decided about the revision an order's customer just gave. */
  const caseOpenedFor = async (orderId: string) => {
    const [stored] = await storedRevisions(app.context, orderId);
    const classified = await waitFor(() => app.context.classifications.find('acme', stored?.event.feedbackId ?? ''), { what: 'the feedback function’s decision' });
    return classified.routing.recovery;
  };

  it('an unhappy rating or a named problem is met with an apology and a person’s reply; a happy one with thanks — as the back end will act', async () => {
    // Prepare: answers on either side of the recovery predicate, including a problem under a high score and problems named without a rating
    const answers: Record<string, string>[] = [
      { score: '2', comment: '' },
      { score: '9', comment: 'Love it, but the glass arrived cracked.' },
      { score: '10', comment: 'Perfect, thank you!' },
      { score: '8', comment: '' },
      { comment: 'The glass arrived cracked.' },
      { comment: 'Where is my refund?' },
      { comment: 'Lovely mug, thank you!' },
    ];
    const links = [];
    for (const _answer of answers) links.push(await emailedLink());
    // Act
    const replies = [];
    for (const [index, answer] of answers.entries()) replies.push(await postForm(links[index]?.link ?? '', answer));
    // Assess: the page's words, and what the feedback function decided about the same revision
    const apologised = replies.map((reply) => reply.html.includes('We are sorry'));
    expect(apologised).toEqual([true, true, false, false, true, true, false]);
    expect(replies[0]?.html).toContain('A person from Acme will read your answer and get back to you.');
    expect(replies[2]?.html).toContain('Your feedback has reached Acme.');
    expect(await Promise.all(links.map(({ orderId }) => caseOpenedFor(orderId)))).toEqual(apologised);
  });

  it('a comment alone that is only unhappy in its mood gets a plain thanks, not an apology or praise, and the back end still opens its case', async () => {
    // Prepare: the page decides without the model, the feedback function reads the mood with it
    const { orderId, link } = await emailedLink();
    // Act
    const reply = await postForm(link, { comment: 'Terrible, very disappointed.' });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.html).toContain('Thank you!');
    expect(reply.html).toContain('Your feedback has reached Acme.');
    expect(reply.html).not.toContain('We are sorry');
    expect(reply.html).not.toContain('will read your answer and get back to you');
    expect(await caseOpenedFor(orderId)).toBe(true);
  });

  it.each([
    ['csat', ['1', '2', '3', '5']],
    ['stars', ['1', '2', '3', '5']],
  ])('on the %s scale, a rating of 1 or 2 is met with an apology, 3 or more with thanks — as the back end will act', async (scale, scores) => {
    // Prepare
    await changeSettings(app.context, 'acme', `feedback.scale=${scale}`);
    try {
      const links = [];
      for (const _score of scores) links.push(await emailedLink());
      // Act
      const replies = [];
      for (const [index, score] of scores.entries()) replies.push(await postForm(links[index]?.link ?? '', { score }));
      // Assess
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200]);
      const apologised = replies.map((reply) => reply.html.includes('We are sorry'));
      expect(apologised).toEqual([true, true, false, false]);
      expect(await Promise.all(links.map(({ orderId }) => caseOpenedFor(orderId)))).toEqual(apologised);
    } finally {
      await changeSettings(app.context, 'acme', 'feedback.scale=nps');
    }
  });

  it('the apology says by when a person replies only where the tenant set a response time, counted in business hours', async () => {
    // Prepare: 8 business hours, Paris hours 09:00–17:00 Monday–Friday
    await changeSettings(app.context, 'acme', 'recovery.replyWithinBusinessHours=8', 'recovery.businessHours.timeZone=Europe/Paris');
    try {
      const english = await emailedLink();
      const french = await emailedLink(newCustomer({ locale: 'fr-FR' }));
      // Act
      const reply = await postForm(english.link, { score: '1', comment: 'It never arrived.' });
      const réponse = await postForm(french.link, { score: '1', comment: 'Jamais reçu.' });
      // Assess
      const due = addBusinessHours(new Date(), 8, { timeZone: 'Europe/Paris', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '17:00' });
      const weekday = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', weekday: 'long' }).format(due);
      expect(reply.html).toMatch(new RegExp(`get back to you by ${weekday}, `));
      expect(réponse.html).toContain('Nous sommes désolés');
      expect(réponse.html).toContain(`vous recontacter d’ici le ${new Intl.DateTimeFormat('fr', { timeZone: 'Europe/Paris', weekday: 'long' }).format(due)}`);
    } finally {
      await changeSettings(app.context, 'acme', 'recovery.replyWithinBusinessHours=null', 'recovery.businessHours.timeZone=UTC');
    }
  });

  it('a customer whose order is in French gets the email and the page in French, and their answer is recorded in French', async () => {
    // Prepare
    const { orderId, link, email } = await emailedLink(newCustomer({ locale: 'fr-CA' }));
    // Act
    const page = await getPage(link, { 'accept-language': 'en-US,en;q=0.9' });
    const reply = await postForm(link, { score: '9', consent: 'yes', scope: ['website', 'social'], displayName: 'anonymous', consentVersion: consentVersionIn(page.html) });
    // Assess
    expect(email.subject).toBe('Comment s’est passée votre commande chez Acme ?');
    expect(page.html).toContain('<html lang="fr">');
    expect(page.html).toContain('Quelle est la probabilité que vous recommandiez Acme à un ami ?');
    expect(reply.html).toContain('Merci !');
    const [stored] = await storedRevisions(app.context, orderId);
    expect(stored?.event).toMatchObject({ locale: 'fr', testimonialConsent: { granted: true, locale: 'fr', scopes: ['website', 'social'], displayName: 'anonymous' } });
    expect(stored?.event.testimonialConsent?.wording).toMatch(/^J’accepte que Acme publie mon commentaire/);
    expect(page.html).toContain(`<label for="consent">${stored?.event.testimonialConsent?.wording ?? '(none recorded)'}</label>`);
  });

  it('has the accessibility basics: page language, viewport, a label for every field, fieldsets with legends', async () => {
    // Prepare
    const { link } = await emailedLink();
    // Act
    const { html } = await getPage(link);
    // Assess
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    const fieldsets = html.match(/<fieldset[\s>]/g) ?? [];
    const legends = html.match(/<legend[\s>]/g) ?? [];
    expect(fieldsets.length).toBeGreaterThanOrEqual(2);
    expect(legends).toHaveLength(fieldsets.length);
    const fields = [...html.matchAll(/<(input|textarea|select)\b[^>]*>/g)].filter((match) => !/type="hidden"/.test(match[0]));
    expect(fields.length).toBeGreaterThan(11); // 11 scores, the comment, consent, scopes, name form
    for (const field of fields) {
      const id = /\bid="([^"]+)"/.exec(field[0])?.[1];
      const before = html.slice(0, field.index);
      const insideLabel = before.lastIndexOf('<label') > before.lastIndexOf('</label>');
      const labelledById = id !== undefined && new RegExp(`<label [^>]*for="${id}"`).test(html);
      expect(insideLabel || labelledById, `a label for ${field[0]}`).toBe(true);
    }
  });
});
