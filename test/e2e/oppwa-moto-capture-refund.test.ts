/**
 * An agent on the OPPWA sandbox profile, in browser mode with the real core, keychain, SQLite and
 * sandbox: key a MOTO authorisation, capture part of it (OPPWA captures once, so the rest is
 * released), refund part of the capture, then see that a reversal is no longer possible — neither
 * offered on screen nor accepted by the core. No PAN or CVV is left in the data folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestCore } from '../helpers/test-core.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { openOnProfile, keyMotoPayment } from '../helpers/browser.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';

const OPPWA_PROFILE_ID = 'sandbox-aci-oppwa';
const PAN = '4200000000000000';
const CVV = '123';

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

test('authorises a MOTO payment on OPPWA, captures part, refunds part, and cannot reverse it afterwards', async () => {
  await openOnProfile(page, server.url, OPPWA_PROFILE_ID);

  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '92.00', pan: PAN, cvv: CVV, holder: 'Jane Jones', kind: 'auth' });
  assert.equal(await outcome.getAttribute('data-status'), 'authorized');

  await page.getByTestId('moto-outcome-link').click();
  await page.locator('[data-testid="payment-status"][data-status="authorized"]').waitFor();
  const paymentId = decodeURIComponent(new URL(page.url()).hash.split('/').pop() ?? '');
  assert.ok(paymentId, 'the detail screen is addressed by the payment id');
  const authorised = await t.value('payments:get', { paymentId });
  assert.equal(authorised.payment.gatewayId, 'aci-oppwa');
  assert.equal(authorised.payment.profileId, OPPWA_PROFILE_ID);
  assert.equal(await page.getByTestId('void-button').textContent(), 'Reverse', 'OPPWA calls the void a reversal');

  assert.equal(await page.getByTestId('payment-capturable').textContent().then((text) => /92[.,]00/.test(text ?? '')), true, 'the authorisation can be captured in full');
  await page.getByTestId('capture-button').click();
  assert.match((await page.getByTestId('capture-single-note').textContent()) ?? '', /captures an authorisation once.*released/, 'a partial capture says the rest is released');
  await page.getByTestId('capture-amount').fill('60.00');
  await page.getByTestId('capture-submit').click();
  await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor();
  const captured = await t.value('payments:get', { paymentId });
  assert.equal(captured.payment.captured, '60.00');
  assert.equal(captured.payment.capturable, '0.00', 'a partial capture releases the rest of the authorisation');
  assert.equal(captured.actions.capture, false, 'OPPWA captures an authorisation once');
  // No "Capturable" line once nothing can be captured (it goes with the page's update after the capture).
  await page.getByTestId('payment-capturable').waitFor({ state: 'detached' });

  await page.getByTestId('refund-button').click();
  await page.getByTestId('refund-amount').fill('25.00');
  await page.getByTestId('refund-reason').fill('One item out of stock');
  await page.getByTestId('refund-submit').click();
  await page.locator('[data-testid="payment-status"][data-status="partially_refunded"]').waitFor();
  const refunded = await t.value('payments:get', { paymentId });
  assert.equal(refunded.payment.refunded, '25.00');
  assert.equal(refunded.payment.refundable, '35.00');

  assert.equal(await page.getByTestId('void-button').count(), 0, 'a reversal is not offered once refunded');
  assert.equal(refunded.actions.void, false);
  // Once with what the screen shows is left (nothing), once with the remainder the partial capture released.
  for (const expectedCapturable of [refunded.payment.capturable, '32.00']) {
    const reversal = await t.call('payments:void', { paymentId, expectedCapturable });
    assert.equal(reversal.ok, false, `the core refuses a reversal after a refund (expected capturable ${expectedCapturable})`);
    if (!reversal.ok) assert.ok(['conflict', 'validation'].includes(reversal.error.kind), `refused as ${reversal.error.kind}: ${reversal.error.message}`);
  }
  const afterRefusal = await t.value('payments:get', { paymentId });
  assert.equal(afterRefusal.payment.status, 'partially_refunded', 'the refused reversal changed nothing');
  assert.equal(afterRefusal.operations.filter((operation) => operation.kind === 'void').length, 0, 'no reversal reached the journal');

  const timeline = await page.getByTestId('timeline').innerText();
  assert.match(timeline, /Capture/);
  assert.match(timeline, /One item out of stock/);
  assert.deepEqual(pageErrors, []);
});

test('leaves no card number or CVV in the data folder', () => {
  assert.deepEqual(scanForCardData(t.dataDir, [PAN], [CVV]), []);
});
