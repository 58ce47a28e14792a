/**
 * A USSD payment on Sayswitch in browser mode with the real core and sandbox: the agent picks the
 * customer's bank from the gateway's list, reads out the code to dial, and the payment is followed
 * to captured once the customer approves on their phone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProfile, startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';

const PROFILE = 'sandbox-sayswitch';

let session: BrowserSession;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

test('takes a USSD payment: bank from the list, code read out, captured once the customer approves', async () => {
  const { t, server, page, pageErrors } = session;
  await chooseProfile(session, PROFILE);

  await page.goto(`${server.origin}/#/new`);
  await page.getByTestId('method-ussd').check();
  await page.getByTestId('ussd-amount').fill('7500.00');
  const bank = page.getByTestId('ussd-bankCode');
  await bank.locator('option[value="GTB"]').waitFor({ state: 'attached' });
  await bank.selectOption('GTB');
  await page.getByTestId('ussd-email').fill('ngozi@example.ng');
  await page.getByTestId('ussd-submit').click();

  const code = page.getByTestId('ussd-code');
  await code.waitFor();
  assert.match((await code.textContent()) ?? '', /^\*737\*000\*\d{4}#$/);
  assert.equal(await page.getByTestId('ussd-bank').textContent(), 'Guaranty Trust Bank');
  assert.equal(await page.getByTestId('outcome-status').getAttribute('data-status'), 'pending');

  const link = await page.getByTestId('moto-outcome-link').getAttribute('href');
  const paymentId = decodeURIComponent(/([^/]+)$/.exec(link ?? '')?.[1] ?? '');
  await t.value('sandbox:act', { action: 'ussd.pay', targetId: paymentId });
  // What the poller does on its own: ask the gateway until the payment is final.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await page.getByTestId('outcome-status').getAttribute('data-status')) !== 'captured') {
    await t.call('payments:sync', { paymentId });
    await page.waitForTimeout(300);
  }
  assert.equal(await page.getByTestId('outcome-status').getAttribute('data-status'), 'captured');
  assert.deepEqual(pageErrors, []);
});
