/**
 * An agent on the phone keys a card whose bank asks for 3-D Secure (OPPWA sandbox): the outcome
 * says what the agent can do now — another card, or the customer paying online — instead of
 * showing the issuer's PaReq and MD form fields, which stay folded away for support; the payment
 * page says the same while the payment waits.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { keyMotoPayment, openOnProfile } from '../helpers/browser.ts';

let session: BrowserSession;
let page: Page;

before(async () => {
  session = await startBrowserSession();
  page = session.page;
});

after(() => session?.close());

test('a card that needs 3-D Secure tells the agent what to do, with the form fields folded away', async () => {
  await openOnProfile(page, session.server.url, 'sandbox-aci-oppwa');
  await page.goto(`${session.server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '41.00', pan: '4711100000000000', cvv: '123', holder: 'Rui Costa' });
  assert.equal(await outcome.getAttribute('data-status'), 'requires_action');

  const step = outcome.getByTestId('cardholder-step');
  await step.waitFor();
  assert.equal(await step.getAttribute('data-shareable'), 'no', 'a form to post is not a link to send');
  const options = (await step.getByTestId('cardholder-step-options').textContent()) ?? '';
  assert.match(options, /another card/);
  assert.match(options, /pay on your website/);
  const details = step.getByTestId('cardholder-step-details');
  assert.equal(await details.getByText('PaReq', { exact: true }).isVisible(), false, 'the form fields are not in the agent’s way');
  await details.locator('summary').click();
  assert.equal(await details.getByText('PaReq', { exact: true }).isVisible(), true, 'support can still read them');

  await page.getByTestId('moto-outcome-link').click();
  await page.locator('[data-testid="payment-status"][data-status="requires_action"]').waitFor();
  const waiting = page.getByTestId('awaiting-gateway-action').getByTestId('cardholder-step');
  await waiting.waitFor();
  assert.match((await waiting.textContent()) ?? '', /another card/);
  assert.deepEqual(session.pageErrors, []);
});
