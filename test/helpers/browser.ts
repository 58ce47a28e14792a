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

/** Switches the screen's language in Settings, as an operator does; the choice is remembered by the browser. */
export async function chooseLanguage(page: Page, origin: string, locale: 'en' | 'pt-PT'): Promise<void> {
  await page.goto(`${origin}/#/settings`);
  await page.locator('#settings-language').selectOption(locale);
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}

export interface MotoEntry {
  readonly amount: string;
  readonly currency?: string;
  readonly pan: string;
  readonly cvv: string;
  readonly holder: string;
  readonly email?: string;
  /** Left out: the console assigns one. */
  readonly reference?: string;
  /** Left out: the form's default. */
  readonly kind?: 'sale' | 'auth';
}

/** Types a MOTO payment as an agent does (the card number key by key, an expiry three years ahead) and submits it. */
export async function submitMotoPayment(page: Page, entry: MotoEntry): Promise<void> {
  await page.getByTestId('moto-amount').fill(entry.amount);
  if (entry.currency !== undefined) await page.getByTestId('moto-currency').selectOption(entry.currency);
  await page.getByTestId('moto-card-number').pressSequentially(entry.pan);
  await page.getByTestId('moto-expiry').pressSequentially(`12${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0')}`);
  await page.getByTestId('moto-cvv').fill(entry.cvv);
  await page.getByTestId('moto-holder').fill(entry.holder);
  if (entry.email !== undefined) await page.getByTestId('moto-email').fill(entry.email);
  if (entry.reference !== undefined) await page.getByTestId('moto-reference').fill(entry.reference);
  if (entry.kind !== undefined) await page.getByTestId(`moto-kind-${entry.kind}`).check();
  await page.getByTestId('moto-submit').click();
}

/** submitMotoPayment, then waits for the outcome panel, which it answers. */
export async function keyMotoPayment(page: Page, entry: MotoEntry) {
  await submitMotoPayment(page, entry);
  const outcome = page.getByTestId('moto-outcome');
  await outcome.waitFor();
  return outcome;
}
