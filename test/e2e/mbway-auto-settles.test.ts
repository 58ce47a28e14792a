/**
 * Issue 7's promise, as the operator sees it: an MB WAY request the customer approves in their app
 * turns to Captured in the transaction list while nobody touches the console.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestCore } from '../helpers/test-core.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { openOnProfile } from '../helpers/browser.ts';

/** The sandbox's MB WAY customer who approves by themself (phone ending 11, see the SIBS emulator's scenarios). */
const APPROVING_PHONE = '912 000 011';
/** Long enough for the list to show the payment as pending first, so the change is seen happening. */
const APPROVAL_DELAY_MS = 6_000;

const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
let session: BrowserSession;
let t: TestCore;
let server: BrowserSession['server'];
let page: Page;
let pageErrors: string[];

before(async () => {
  session = await startBrowserSession();
  ({ t, server, page, pageErrors } = session);
  const sandbox = t.core.info.sandboxBaseUrl;
  assert.ok(sandbox, 'the test core runs the sandbox');
  const response = await fetch(`${sandbox}/control/sibs-spg/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mbwayScenarioDelayMs: APPROVAL_DELAY_MS }),
  });
  assert.equal(response.status, 200, await response.text());
});

after(() => session?.close());

test('an MB WAY payment the customer approves turns captured in the list without anyone pressing anything', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.getByTestId('nav-new-payment').click();
  await page.getByTestId('method-mbway').click();
  await page.getByTestId('mbway-amount').fill('19.20');
  await page.getByTestId('mbway-phone').fill(APPROVING_PHONE);
  await page.getByTestId('mbway-submit').click();
  const outcome = page.getByTestId('moto-outcome');
  await outcome.waitFor();
  assert.equal(await outcome.getAttribute('data-status'), 'pending');
  const href = await page.getByTestId('moto-outcome-link').getAttribute('href');
  const paymentId = decodeURIComponent(href?.split('/').pop() ?? '');
  assert.ok(paymentId, 'the outcome links to the new payment');

  await page.getByTestId('nav-transactions').click();
  const row = page.locator(`[data-testid="transaction-row"][data-payment-id="${paymentId}"]`);
  await row.waitFor();
  assert.equal(await row.locator('[data-status]').first().getAttribute('data-status'), 'pending', 'the list first shows the request still waiting on the customer');

  // From here on nobody touches the page: the list must follow the payment by itself.
  await row.locator('[data-status="captured"]').waitFor({ timeout: 30_000 });

  // Headless Chromium grants no desktop notifications, so the news arrives as the in-app notice.
  const notice = page.locator(`[data-testid="settlement-toast"][data-payment-id="${paymentId}"]`);
  await notice.waitFor();
  const noticeText = await notice.innerText();
  assert.match(noticeText, /Payment captured/);
  assert.match(noticeText, /€19\.20 · MBW-/);

  const stored = await t.value('payments:get', { paymentId });
  assert.equal(stored.payment.status, 'captured');
  assert.equal(stored.payment.amount, '19.20');

  // The payment's page reads its wire log only when that section is opened.
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, href?.slice(href.indexOf('#')) ?? '');
  const wireLog = page.locator('details.wire-log');
  await wireLog.waitFor();
  assert.equal(await page.getByTestId('wire-entry').count(), 0, 'nothing is read while the section is closed');
  await wireLog.locator('summary').first().click();
  await page.getByTestId('wire-entry').first().waitFor();
  assert.ok(stored.wireEntries > 0);
  assert.equal(await page.getByTestId('wire-entry').count(), Math.min(stored.wireEntries, 20));
  assert.match(await wireLog.locator('summary h2').innerText(), new RegExp(`\\(${stored.wireEntries}\\)`));
  assert.deepEqual(pageErrors, []);
});

test('the status queue shows what waits on the customer and checks the selection on demand', async () => {
  const paymentIds: string[] = [];
  for (const phone of ['912 345 678', '913 456 789']) {
    await page.getByTestId('nav-new-payment').click();
    // The screen keeps the last outcome on show until the agent starts another payment.
    await page.locator('[data-testid="method-mbway"], [data-testid="moto-new"]').first().waitFor();
    if (await page.getByTestId('moto-new').isVisible()) await page.getByTestId('moto-new').click();
    await page.getByTestId('method-mbway').click();
    await page.getByTestId('mbway-amount').fill('7.50');
    await page.getByTestId('mbway-phone').fill(phone);
    await page.getByTestId('mbway-submit').click();
    await page.getByTestId('moto-outcome').waitFor();
    const href = await page.getByTestId('moto-outcome-link').getAttribute('href');
    paymentIds.push(decodeURIComponent(href?.split('/').pop() ?? ''));
  }

  await page.getByTestId('nav-queue').click();
  await page.getByTestId('status-queue').waitFor();
  for (const paymentId of paymentIds) await page.locator(`[data-testid="queue-row"][data-subject-id="${paymentId}"]`).waitFor();
  const badge = page.getByTestId('queue-badge');
  await badge.waitFor();
  assert.ok(Number(await badge.getAttribute('data-count')) >= 2);

  const [first, second] = paymentIds.map((paymentId) => page.locator(`[data-testid="queue-row"][data-subject-id="${paymentId}"]`));
  await first!.getByTestId('queue-select').check();
  // Keyboard: focus the second row and press Space to add it to the selection.
  await second!.focus();
  await page.keyboard.press('Space');
  assert.equal(await second!.getAttribute('aria-selected'), 'true');
  const syncSelected = page.getByTestId('queue-sync-selected');
  assert.match(await syncSelected.innerText(), /\(2\)/);
  await syncSelected.click();

  const results = page.getByTestId('queue-sync-results');
  await results.waitFor();
  for (const paymentId of paymentIds) {
    const result = results.locator(`[data-testid="queue-sync-result"][data-payment-id="${paymentId}"]`);
    assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
  }
  // Still waiting on the customer, so both stay queued and show what their gateway answered.
  await first!.getByTestId('queue-row-result').waitFor();
  assert.equal(await first!.getByTestId('queue-row-result').getAttribute('data-status'), 'pending');

  await first!.getByTestId('queue-sync-row').click();
  await first!.getByTestId('queue-row-result').waitFor();
  await page.getByTestId('queue-filter-state').selectOption('backing_off');
  await page.getByTestId('queue-empty').waitFor();
  await page.getByTestId('queue-filter-state').selectOption('');

  await first!.click();
  await page.locator(`[data-testid="payment-status"]`).waitFor();
  assert.equal(new URL(page.url()).hash, `#/payments/${paymentIds[0]}`);
  assert.deepEqual(pageErrors, []);
});

test('the needs-review link opens the transaction list filtered to that status, and again after the filter was changed', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  const followNeedsReviewLink = () =>
    page.evaluate(() => {
      window.location.hash = '#/transactions?status=needs_review';
    });
  await followNeedsReviewLink();
  // The filter is applied once and the address returns to the plain list; it shows as a chip in the folded filters.
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  const needsReview = page.locator('[data-testid="filter-chip"][data-field="statuses"][data-value="needs_review"]');
  await needsReview.waitFor();
  assert.equal(await page.locator('[data-testid="filter-chip"]').count(), 1);

  await needsReview.getByRole('button').click();
  await needsReview.waitFor({ state: 'detached' });
  await followNeedsReviewLink();
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  await needsReview.waitFor();
  assert.deepEqual(pageErrors, []);
});

test('an MB WAY request nobody answered reads as not answered in time, not as a failure to retry', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.getByTestId('nav-new-payment').click();
  await page.getByTestId('method-mbway').click();
  await page.getByTestId('mbway-amount').fill('5.50');
  // Seed 001's phone: SIBS answers Timeout with 999 "Please try again.".
  await page.getByTestId('mbway-phone').fill('919 999 999');
  await page.getByTestId('mbway-submit').click();
  const outcome = page.getByTestId('moto-outcome');
  await outcome.waitFor();
  assert.equal(await outcome.getAttribute('data-status'), 'expired');
  assert.match((await outcome.locator('h2').textContent()) ?? '', /Not answered in time/);
  const text = (await outcome.textContent()) ?? '';
  assert.doesNotMatch(text, /try again/i);
  assert.match(text, /Expired/);
  assert.deepEqual(pageErrors, []);
});
