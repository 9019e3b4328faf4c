import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium (`apt-get install chromium`), headless, driven by playwright-core; no browser
 * is ever downloaded. A fresh profile per launch, removed on close; nothing reaches the network
 * but the pages a test opens.
 */
export const launchChromium = async (): Promise<TestBrowser> => {
  const profile = mkdtempSync(join(tmpdir(), 'afterglow-chromium-'));
  // playwright-core passes the profile as --user-data-dir itself (it refuses one in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale: 'en-GB',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};
