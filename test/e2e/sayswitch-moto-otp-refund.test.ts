/**
 * A MOTO card charge on Sayswitch in browser mode with the real core and sandbox: the customer
 * reads out the OTP, the agent verifies with the gateway, then refunds (in full: Sayswitch refunds
 * only in full); no card data at rest afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { keyMotoPayment } from '../helpers/browser.ts';
import { chooseProfile, startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';

const PAN = '4111111111111111'; // Sayswitch sandbox scenario: the older OTP flow
const CVV = '123';
const PROFILE = 'sandbox-sayswitch';

let session: BrowserSession;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

test('keys a MOTO charge on Sayswitch, completes it with the OTP, verifies it and refunds it', async () => {
  const { server, page, pageErrors } = session;
  await chooseProfile(session, PROFILE);

  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '7500.00', currency: 'NGN', pan: PAN, cvv: CVV, holder: 'Ngozi Bello', email: 'ngozi@example.ng' });
  assert.equal(await outcome.getAttribute('data-status'), 'requires_action');
  await page.getByTestId('moto-outcome-link').click();
  // The outcome screen has an OTP field too: the payment's page must be the one on show.
  await page.getByTestId('payment-status').waitFor();

  await page.getByTestId('otp-input').fill('123456');
  await page.getByTestId('otp-submit').click();
  await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor();

  await page.getByTestId('sync-button').click();
  await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor();

  await page.getByTestId('refund-button').click();
  await page.getByTestId('refund-policy-note').waitFor();
  assert.equal(await page.getByTestId('refund-amount').inputValue(), '7500.00');
  await page.getByTestId('refund-reason').fill('Customer cancelled the order');
  await page.getByTestId('refund-submit').click();
  // The refund starts pending at Sayswitch; its webhook or a sync settles it.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await page.getByTestId('payment-status').getAttribute('data-status')) !== 'refunded') {
    await page.getByTestId('sync-button').click().catch(() => undefined);
    await page.waitForTimeout(500);
  }
  assert.equal(await page.getByTestId('payment-status').getAttribute('data-status'), 'refunded');
  assert.deepEqual(pageErrors, []);
});

test('the OTP the customer reads out is entered on the outcome screen, and the outcome follows', async () => {
  const { server, page, pageErrors } = session;
  await chooseProfile(session, PROFILE);
  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '1200.00', currency: 'NGN', pan: PAN, cvv: CVV, holder: 'Chidi Okafor', email: 'chidi@example.ng' });
  assert.equal(await outcome.getAttribute('data-status'), 'requires_action');
  await page.getByTestId('outcome-otp').waitFor();
  await page.getByTestId('otp-input').fill('123456');
  await page.getByTestId('otp-submit').click();
  await page.locator('[data-testid="moto-outcome"][data-status="captured"]').waitFor();
  assert.equal(await page.getByTestId('outcome-otp').count(), 0, 'the code field goes once the payment went through');
  assert.deepEqual(pageErrors, []);
});

test('leaves no card number or CVV in the data folder', () => {
  assert.deepEqual(scanForCardData(session.t.dataDir, [PAN], [CVV]), []);
});
