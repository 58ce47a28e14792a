/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Opens the console at `url` and makes `profileId` the active profile, as an agent would: which
 * sandbox profile is active on first start is not something a test should rely on.
 */
export async function openOnProfile(page: Page, url: string, profileId: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sandbox-banner').waitFor();
  const switcher = page.getByTestId('profile-switcher');
  await switcher.locator(`option[value="${profileId}"]`).waitFor({ state: 'attached' });
  await switcher.selectOption(profileId);
}
