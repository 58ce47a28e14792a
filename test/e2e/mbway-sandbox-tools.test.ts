/**
 * The MB WAY flow as a new user sees it: request from the New payment screen, play the customer in
 * the sandbox tools, and watch the payment turn successful without pressing anything else.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer } from '../../electron/browser/server.ts';
import { startTestCore, removeDir, type TestCore, quietLogger } from '../helpers/test-core.ts';
import { launchChromium, openOnProfile } from '../helpers/browser.ts';

const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
let t: TestCore;
let server: Awaited<ReturnType<typeof startBrowserServer>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  t = await startTestCore();
  server = await startBrowserServer({ door: t.core.door, operator: 'e2e-agent', staticDir: path.resolve('renderer/dist'), host: '127.0.0.1', logger: quietLogger });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
  removeDir(t.dataDir);
});

test('an MB WAY request approved in the sandbox tools shows as paid', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  await page.getByTestId('method-mbway').click();
  await page.getByTestId('mbway-amount').fill('19.20');
  await page.getByTestId('mbway-phone').fill('912 345 678');
  await page.getByTestId('mbway-submit').click();
  const outcome = page.getByTestId('moto-outcome');
  await outcome.waitFor();
  assert.equal(await outcome.getAttribute('data-status'), 'pending');

  await page.getByTestId('nav-sandbox').click();
  await page.getByTestId('sandbox-tools').waitFor();
  const row = page.getByTestId('sandbox-payment-row').first();
  await row.waitFor();
  const paymentId = await row.getAttribute('data-payment-id');
  assert.ok(paymentId);
  await row.getByTestId('sandbox-action-mbway-approve').click();

  await page.goto(`${server.origin}/#/payments/${paymentId}`);
  await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor({ timeout: 20_000 });
  assert.deepEqual(pageErrors, []);
});
