/**
 * Browser mode end to end: the real core and sandbox behind the browser-mode server, one Chromium
 * page on it, and the page errors it raised; opened on a sandbox profile.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer } from '../../electron/browser/server.ts';
import { launchChromium, openOnProfile } from './browser.ts';
import { quietLogger, removeDir, startTestCore, type TestCore } from './test-core.ts';

export interface BrowserSession {
  readonly t: TestCore;
  readonly server: Awaited<ReturnType<typeof startBrowserServer>>;
  readonly page: Page;
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** The browser's own language and time zone, when a test needs them to differ from the machine's. */
export interface BrowserSettings {
  readonly locale?: string;
  readonly timezoneId?: string;
}

export async function startBrowserSession(settings: BrowserSettings = {}): Promise<BrowserSession> {
  const t = await startTestCore();
  const server = await startBrowserServer({ door: t.core.door, operator: 'e2e-agent', staticDir: path.resolve('renderer/dist'), host: '127.0.0.1', logger: quietLogger });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ ...settings });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    t,
    server,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await server.close();
      await t.close();
      removeDir(t.dataDir);
    },
  };
}

/** Opens the console and makes `profileId` the active profile, as an agent would. */
export async function chooseProfile(session: BrowserSession, profileId: string): Promise<void> {
  await openOnProfile(session.page, session.server.url, profileId);
}
