/**
 * A MOTO sale on Be2bill in browser mode with the real core and sandbox, then a partial refund;
 * no PAN or CVV anywhere in the data folder afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestCore } from '../helpers/test-core.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { openOnProfile, keyMotoPayment } from '../helpers/browser.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';

const PAN = '5555556778250000';
const CVV = '123';
const BE2BILL_PROFILE_ID = 'sandbox-be2bill';

let session: BrowserSession;
let t: TestCore;
let server: BrowserSession['server'];
let page: Page;
let pageErrors: string[];

before(async () => {
  session = await startBrowserSession();
  ({ t, server, page, pageErrors } = session);
});

after(() => session?.close());

test('keys a MOTO sale on Be2bill, finds it by last 4 and refunds part of it', async () => {
  await openOnProfile(page, server.url, BE2BILL_PROFILE_ID);

  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '42.50', pan: PAN, cvv: CVV, holder: 'Maria Costa', email: 'maria@example.pt', kind: 'sale' });
  assert.equal(await outcome.getAttribute('data-status'), 'captured');
  await page.getByTestId('moto-new').click();
  assert.equal(await page.getByTestId('moto-card-number').inputValue(), '', 'the card number is cleared after submit');
  assert.equal(await page.getByTestId('moto-cvv').inputValue(), '', 'the CVV is cleared after submit');

  await page.goto(`${server.origin}/#/transactions`);
  await page.getByTestId('transactions-search').fill('last4:0000');
  const row = page.getByTestId('transaction-row').first();
  await row.waitFor();
  assert.equal(await page.getByTestId('transaction-row').count(), 1);
  await row.click();

  await page.getByTestId('payment-status').waitFor();
  assert.equal(await page.getByTestId('payment-status').getAttribute('data-status'), 'captured');
  await page.getByTestId('refund-button').click();
  await page.getByTestId('refund-amount').fill('12.50');
  await page.getByTestId('refund-reason').fill('Damaged on arrival');
  await page.getByTestId('refund-submit').click();
  await page.locator('[data-testid="payment-status"][data-status="partially_refunded"]').waitFor();
  // The status follows the change event; the timeline comes with the page's reload right after it.
  await page.getByTestId('timeline').getByText(/Damaged on arrival/).waitFor();

  const timeline = await page.getByTestId('timeline').innerText();
  assert.match(timeline, /refund/i);
  assert.match(timeline, /12[.,]50/);
  assert.match(timeline, /Damaged on arrival/);

  const detail = (await t.value('payments:search', { text: '0000', gatewayId: 'be2bill' })).rows[0];
  assert.equal(detail?.refunded, '12.50');
  assert.equal(detail?.refundable, '30.00');
  assert.deepEqual(pageErrors, []);
});

test('leaves no card number or CVV in the data folder', () => {
  assert.deepEqual(scanForCardData(t.dataDir, [PAN], [CVV]), []);
});
