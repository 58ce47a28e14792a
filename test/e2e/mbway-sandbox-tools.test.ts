/**
 * The MB WAY flow as a new user sees it: request from the New payment screen, play the customer in
 * the sandbox tools, and watch the payment turn successful without pressing anything else.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { openOnProfile } from '../helpers/browser.ts';

const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
let session: BrowserSession;
let server: BrowserSession['server'];
let page: Page;
let pageErrors: string[];

before(async () => {
  session = await startBrowserSession();
  ({ server, page, pageErrors } = session);
});

after(() => session?.close());

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

  await page.getByTestId('nav-more').click();
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

test('a Multibanco reference goes to the customer by e-mail (the operator’s mail client) or on a slip printed alone', async () => {
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  await page.getByTestId('method-multibanco').click();
  await page.getByTestId('multibanco-amount').fill('24.90');
  await page.getByTestId('multibanco-submit').click();
  await page.getByTestId('multibanco-instructions').waitFor();
  const entity = (await page.getByTestId('multibanco-entity').textContent()) ?? '';
  const reference = (await page.getByTestId('multibanco-reference').textContent()) ?? '';
  assert.ok(/\d/.test(entity) && /\d/.test(reference));

  const mailto = (await page.getByTestId('multibanco-email').getAttribute('href')) ?? '';
  assert.match(mailto, /^mailto:\?subject=/);
  const body = decodeURIComponent(new URL(mailto).searchParams.get('body') ?? '');
  for (const value of [entity, reference, '24.90']) assert.ok(body.includes(value) || body.includes(value.replace('.', ',')), `the e-mail carries ${value}: ${body}`);

  // The print dialog is the browser's; what matters here is that the slip, and only it, is what prints.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByTestId('multibanco-print').click();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('multibanco-instructions').isVisible(), true, 'the slip prints');
  assert.equal(await page.getByTestId('nav-new-payment').isVisible(), false, 'the rest of the screen does not');
  assert.equal(await page.getByTestId('multibanco-print').isVisible(), false, 'nor the slip’s own buttons');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(pageErrors, []);
});
