/**
 * Two consoles on one SQLite ledger, in browser mode with the real core: the payment page and the
 * payments list open on console B show the partial refunds console A makes, without a reload —
 * B hears them from the ledger's change log and patches itself from the announced summary, also
 * when a second partial refund leaves the status as it was; the list's totals under a status
 * filter follow a row on screen that leaves the status.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer } from '../../electron/browser/server.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { launchChromium } from '../helpers/browser.ts';
import { quietLogger, removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let a: TestCore;
let b: TestCore;
let server: Awaited<ReturnType<typeof startBrowserServer>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  a = await startTestCore({ requestTimeoutMs: 3_000, notifications: { enabled: false } });
  b = await startTestCore({ dataDir: a.dataDir, keychainService: a.keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  server = await startBrowserServer({ door: b.core.door, operator: 'e2e-agent', staticDir: path.resolve('renderer/dist'), host: '127.0.0.1', logger: quietLogger });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await b?.core.close();
  await a?.close();
  removeDir(a.dataDir);
});

test("the payment page open on one console shows the other console's partial refund without a reload", async () => {
  const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Lena Berg' };
  const sale = await a.value('payments:createMoto', { profileId: sandboxProfileId('aci-oppwa'), kind: 'sale', money: { amount: '30.00', currency: 'EUR' }, card });

  await page.goto(server.url);
  await page.goto(`${server.origin}/#/payments/${sale.paymentId}`);
  await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor();
  assert.equal(await page.getByTestId('payment-refunded').getAttribute('data-amount'), '0.00');
  let reloads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) reloads += 1;
  });

  refunded(await a.value('payments:refund', { paymentId: sale.paymentId, amount: '7.50', expectedRefundable: '30.00', reason: 'Returned' }));

  await page.locator('[data-testid="payment-refunded"][data-amount="7.50"]').waitFor({ timeout: 5_000 });
  assert.equal(await page.getByTestId('payment-refundable').getAttribute('data-amount'), '22.50');
  await page.locator('[data-testid="payment-status"][data-status="partially_refunded"]').waitFor({ timeout: 5_000 });
  assert.equal(reloads, 0, 'the page was not reloaded');
  assert.deepEqual(pageErrors, []);
});

test("the list open on one console follows the other console's second partial refund, which leaves the status as it was", async () => {
  const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Rita Sousa' };
  const sale = await a.value('payments:createMoto', { profileId: sandboxProfileId('aci-oppwa'), kind: 'sale', money: { amount: '40.00', currency: 'EUR' }, card });
  refunded(await a.value('payments:refund', { paymentId: sale.paymentId, amount: '5.00', expectedRefundable: '40.00', reason: 'First part back' }));

  await page.goto(server.url);
  await page.goto(`${server.origin}/#/transactions`);
  const row = page.locator(`[data-testid="transaction-row"][data-payment-id="${sale.paymentId}"]`);
  await row.locator('[data-testid="row-refunded"][data-amount="5.00"]').waitFor();
  assert.equal(await row.locator('[data-status]').first().getAttribute('data-status'), 'partially_refunded');
  let reloads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) reloads += 1;
  });

  refunded(await a.value('payments:refund', { paymentId: sale.paymentId, amount: '12.50', expectedRefundable: '35.00', reason: 'Second part back' }));

  await row.locator('[data-testid="row-refunded"][data-amount="17.50"]').waitFor({ timeout: 5_000 });
  assert.equal(await row.locator('[data-status]').first().getAttribute('data-status'), 'partially_refunded', 'the status did not change, the amount did');
  assert.equal(reloads, 0, 'the page was not reloaded');
  assert.deepEqual(pageErrors, []);
});

test("the list's totals under a status filter drop a row on screen that the other console refunds in full", async () => {
  const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ines Duarte' };
  const sale = await a.value('payments:createMoto', { profileId: sandboxProfileId('aci-oppwa'), kind: 'sale', money: { amount: '25.00', currency: 'EUR' }, card });

  await page.goto(server.url);
  await page.goto(`${server.origin}/#/transactions?status=captured`);
  const row = page.locator(`[data-testid="transaction-row"][data-payment-id="${sale.paymentId}"]`);
  await row.locator('[data-status="captured"]').waitFor();
  const totals = page.getByTestId('list-totals');
  const before = Number(await totals.getAttribute('data-count'));
  assert.ok(before >= 1);

  refunded(await a.value('payments:refund', { paymentId: sale.paymentId, amount: '25.00', expectedRefundable: '25.00', reason: 'Whole order back' }));

  await page.locator(`[data-testid="list-totals"][data-count="${before - 1}"]`).waitFor({ timeout: 5_000 });
  // The row no longer matches the filter: it shows refunded until the list is read again, then it goes; either way it never reads captured again.
  await row.locator('[data-status="captured"]').waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(pageErrors, []);
});
