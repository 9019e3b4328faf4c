import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { changeSettings, deliverAndDispatch, emailInOutbox, newCustomer, unsubscribeLinkOf } from '../support/feedback-journey.ts';
import { useFunctionContext } from '../support/function-context.ts';

/** What `npm start` prints while the outbox keeps messages: ids, never the address, the words or the link. */
describe('the log of a dispatch run', () => {
  let context: AppContext;
  const lines: string[] = [];
  useFunctionContext('outbox_log', {
    overrides: { logger: createLogger({ level: 'debug', write: (line) => void lines.push(line) }) },
    onReady: async (built) => {
      context = built;
      await changeSettings(context, 'acme', 'shopName=Acme', 'contact.quietHours=null');
    },
  });

  it('names the kept message by id, and holds no email address, first name or link handle', async () => {
    // Prepare
    const customer = newCustomer({ email: 'grace.hopper@example.com', firstName: 'Grace' });
    // Act
    const email = await emailInOutbox(context, await deliverAndDispatch(context, { orderId: '8000000000000000001', customer }));
    // Assess
    const log = lines.join('\n');
    const handles = [unsubscribeLinkOf(email), ...(email.text.match(/https?:\/\/\S+/g) ?? [])].map((url) => new URL(url).pathname.split('/')[2] as string);
    expect(log).toContain('outbox: message kept, not sent');
    expect(log).not.toContain('grace.hopper@example.com');
    expect(log).not.toContain('Grace');
    for (const handle of handles) expect(log).not.toContain(handle);
  });
});
