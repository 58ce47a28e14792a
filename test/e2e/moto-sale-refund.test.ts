/**
 * A new user's first session, in browser mode with the real core, keychain, SQLite and sandbox:
 * key a MOTO sale on SIBS, find it by last 4, refund part of it, read the timeline; then no PAN
 * or CVV anywhere in the data folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TestCore } from '../helpers/test-core.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { openOnProfile, keyMotoPayment, submitMotoPayment } from '../helpers/browser.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';

const PAN = '4761340000000035';
const CVV = '536';

const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
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

test('keys a MOTO sale, finds it by last 4, refunds part of it and shows the timeline', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);

  await page.goto(`${server.origin}/#/new`);
  await page.getByTestId('sandbox-scenarios').waitFor();
  assert.match((await page.getByTestId('sandbox-scenarios').textContent()) ?? '', /4761340000000035/, 'the sandbox lists its test cards');
  const outcome = await keyMotoPayment(page, { amount: '42.50', pan: PAN, cvv: CVV, holder: 'Maria Costa', email: 'maria@example.pt', kind: 'sale' });
  assert.equal(await outcome.getAttribute('data-status'), 'captured');
  await page.getByTestId('moto-new').click();
  assert.equal(await page.getByTestId('moto-card-number').inputValue(), '', 'the card number is cleared after submit');
  assert.equal(await page.getByTestId('moto-cvv').inputValue(), '', 'the CVV is cleared after submit');

  await page.goto(`${server.origin}/#/transactions`);
  await page.getByTestId('transactions-search').fill('last4:0035');
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
  await page.screenshot({ path: path.join(t.dataDir, '..', `e2e-refund-${process.pid}.png`) }).catch(() => undefined);

  const detail = (await t.value('payments:search', { text: '0035' })).rows[0];
  assert.equal(detail?.refunded, '12.50');
  assert.equal(detail?.refundable, '30.00');
  assert.deepEqual(pageErrors, []);
});

test('an outcome stays with the profile it was taken on: after switching profile it says so, and opens its own payment', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '9.90', pan: PAN, cvv: CVV, holder: 'Rui Lopes', kind: 'sale' });
  const sibsName = (await page.getByTestId('profile-switcher').locator(`option[value="${SIBS_PROFILE_ID}"]`).textContent())?.split(' — ')[0] ?? '';
  assert.ok(sibsName !== '');
  assert.equal(await outcome.getAttribute('data-profile'), SIBS_PROFILE_ID);
  assert.match((await page.getByTestId('outcome-profile').textContent()) ?? '', new RegExp(sibsName));
  assert.equal(await page.getByTestId('outcome-other-profile').count(), 0, 'no warning while the profile is the one the payment was taken on');
  const paymentLink = await page.getByTestId('moto-outcome-link').getAttribute('href');

  await page.getByTestId('profile-switcher').selectOption('sandbox-be2bill');
  await page.getByTestId('outcome-other-profile').waitFor();
  assert.match((await page.getByTestId('outcome-other-profile').textContent()) ?? '', new RegExp(sibsName));
  assert.equal(await outcome.getAttribute('data-profile'), SIBS_PROFILE_ID, 'the outcome is still the SIBS one');
  assert.equal(await page.getByTestId('moto-outcome-link').getAttribute('href'), paymentLink, 'and opens the SIBS payment');
  const paymentId = decodeURIComponent(paymentLink?.split('/').at(-1) ?? '');
  const { payment } = await t.value('payments:get', { paymentId });
  assert.equal(payment.profileId, SIBS_PROFILE_ID, 'the link opens the payment taken on SIBS');
  assert.equal(payment.amount, '9.90');

  await page.getByTestId('moto-new').click();
  await page.getByTestId('moto-amount').waitFor();
  assert.deepEqual(pageErrors, []);
});

test('a void asks first on a sandbox profile too, with the amount it releases; cancelling changes nothing', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '18.40', pan: PAN, cvv: CVV, holder: 'Ana Reis', kind: 'auth' });
  assert.equal(await outcome.getAttribute('data-status'), 'authorized');
  await page.getByTestId('moto-outcome-link').click();
  await page.locator('[data-testid="payment-status"][data-status="authorized"]').waitFor();

  await page.getByTestId('void-button').click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  const asked = await dialog.innerText();
  assert.match(asked, /this authorisation\?/);
  assert.match(asked, /18[.,]40/, 'the dialog names the amount released');
  assert.match(asked, /cannot be undone/);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('payment-status').getAttribute('data-status'), 'authorized', 'cancelling the dialog voids nothing');

  await page.getByTestId('void-button').click();
  await page.getByTestId('confirm-submit').click();
  await page.locator('[data-testid="payment-status"][data-status="voided"]').waitFor();
  assert.deepEqual(pageErrors, []);
});

test('a slow gateway: after a second the agent sees how long the call has taken and not to retry; the notice goes with the answer', async () => {
  const { sandbox } = await t.value('app:info', {});
  assert.ok(sandbox.baseUrl !== null);
  const plan = (latency: unknown[]) =>
    fetch(`${sandbox.baseUrl}/control/sibs-spg/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults: [], latency }) });
  assert.equal((await plan([{ ms: 2_500, method: 'POST' }])).status, 200);
  try {
    await openOnProfile(page, server.url, SIBS_PROFILE_ID);
    await page.goto(`${server.origin}/#/new`);
    const answered = keyMotoPayment(page, { amount: '5.25', pan: PAN, cvv: CVV, holder: 'Ines Faria', kind: 'sale' });
    const notice = page.getByTestId('slow-call-notice');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /Waiting for the gateway: \d+ s\. Do not retry/);
    const outcome = await answered;
    assert.equal(await outcome.getAttribute('data-status'), 'captured');
    assert.equal(await notice.count(), 0, 'the notice goes once the gateway has answered');
  } finally {
    await plan([]);
  }
  assert.deepEqual(pageErrors, []);
});

test('a refusal decided before any card processing (a merchant reference used before) leaves the card in the form; a charge clears it', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  const reference = `DUP-${process.pid}`;
  await keyMotoPayment(page, { amount: '3.10', pan: PAN, cvv: CVV, holder: 'Rita Sousa', kind: 'sale', reference });
  await page.getByTestId('moto-new').click();

  // Another amount: the same card and amount again would ask about a repeat charge first (the next test).
  await submitMotoPayment(page, { amount: '3.20', pan: PAN, cvv: CVV, holder: 'Rita Sousa', kind: 'sale', reference });
  await page.getByTestId('moto-error').waitFor();
  assert.equal(await page.getByTestId('moto-outcome').count(), 0, 'nothing was charged');
  assert.equal((await page.getByTestId('moto-card-number').inputValue()).replace(/\s/g, ''), PAN, 'the card stays for the agent to send again');
  assert.equal(await page.getByTestId('moto-cvv').inputValue(), CVV);

  await page.getByTestId('moto-reference').fill(`${reference}-2`);
  await page.getByTestId('moto-submit').click();
  await page.getByTestId('moto-outcome').waitFor();
  await page.getByTestId('moto-new').click();
  assert.equal(await page.getByTestId('moto-card-number').inputValue(), '', 'a charge clears the card');
  assert.equal(await page.getByTestId('moto-cvv').inputValue(), '');
  assert.deepEqual(pageErrors, []);
});

test('the same card charged the same amount again within minutes asks first, on a sandbox profile too; another amount does not', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  await keyMotoPayment(page, { amount: '7.77', pan: PAN, cvv: CVV, holder: 'Joana Alves', kind: 'sale' });
  await page.getByTestId('moto-new').click();

  await submitMotoPayment(page, { amount: '7.77', pan: PAN, cvv: CVV, holder: 'Joana Alves', kind: 'sale' });
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Charge this card again\?[\s\S]*0 min ago/);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('moto-outcome').count(), 0, 'nothing is sent while the agent has not confirmed');

  await page.getByTestId('moto-submit').click();
  await dialog.waitFor();
  await page.getByTestId('confirm-submit').click();
  await page.getByTestId('moto-outcome').waitFor();
  await page.getByTestId('moto-new').click();

  await keyMotoPayment(page, { amount: '7.78', pan: PAN, cvv: CVV, holder: 'Joana Alves', kind: 'sale' });
  await page.getByTestId('moto-new').click();
  assert.deepEqual(pageErrors, []);
});

test('leaves no card number or CVV in the data folder', () => {
  assert.deepEqual(scanForCardData(t.dataDir, [PAN], [CVV]), []);
});
