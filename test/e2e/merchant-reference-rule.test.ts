/**
 * The merchant reference's rule on the MOTO form, in browser mode with the real core: for each
 * gateway's sandbox profile the hint under the field names that gateway and the rule the core
 * declares for it, and a reference that breaks Sayswitch's rule (letters, digits and - . _ = only)
 * is refused under the field with that rule, the form never calling the core and nothing recorded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { describeReference, referenceFieldOf } from '../../renderer/src/format/reference-input.ts';
import { translate } from '../../renderer/src/i18n/translate.ts';
import { openOnProfile, submitMotoPayment } from '../helpers/browser.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';

let session: BrowserSession;
let page: Page;
const invoked: string[] = [];

before(async () => {
  session = await startBrowserSession();
  page = session.page;
  page.on('request', (request) => {
    const channel = /\/api\/invoke\/([^/?]+)/.exec(request.url())?.[1];
    if (channel !== undefined) invoked.push(decodeURIComponent(channel));
  });
});

after(() => session?.close());

const english = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);

test('the hint under the reference shows the rule of the gateway whose profile is chosen', async () => {
  const gateways = await session.t.value('gateways:list', {});
  const profiles = await session.t.value('profiles:list', {});
  const maxLengths = new Set<number>();
  for (const gateway of gateways) {
    const profile = profiles.find((candidate) => candidate.id === sandboxProfileId(gateway.id));
    assert.ok(profile, `${gateway.displayName} has a sandbox profile`);
    await openOnProfile(page, session.server.url, profile.id);
    await page.goto(`${session.server.origin}/#/new`);
    const hint = await page.getByTestId('moto-reference-rule').innerText();
    const field = referenceFieldOf(gateway, profile);
    assert.equal(hint, describeReference(field, english), `${gateway.displayName}: the rule the core declares`);
    assert.ok(hint.startsWith(`${gateway.displayName} takes `), hint);
    assert.ok(hint.includes(`${field.rule.maxLength} characters`), hint);
    maxLengths.add(field.rule.maxLength);
  }
  assert.ok(maxLengths.size > 1, 'the gateways’ rules differ, so each hint is its own gateway’s');
});

test('a reference Sayswitch would refuse is refused under the field with its rule, before anything is sent', async () => {
  const profileId = sandboxProfileId('sayswitch');
  await openOnProfile(page, session.server.url, profileId);
  await page.goto(`${session.server.origin}/#/new`);
  const rule = await page.getByTestId('moto-reference-rule').innerText();
  assert.match(rule, /^Sayswitch takes letters without accents, digits and the signs - \. _ = only, without spaces, at most 64 characters\.$/);
  const before = (await session.t.value('payments:search', { limit: 100 })).rows.length;
  invoked.length = 0;

  await submitMotoPayment(page, { amount: '5000.00', currency: 'NGN', pan: '4111111111111111', cvv: '123', holder: 'Ada Obi', email: 'ada@example.com', reference: 'ORDER 12/34' });
  const field = page.getByTestId('moto-reference');
  await page.locator('#moto-reference-error').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const error = await page.locator('#moto-reference-error').innerText();
  assert.ok(error.startsWith('Not accepted here: spaces, «/»'), error);
  assert.ok(error.endsWith(rule), 'the refusal says the rule');
  const refused = await page.locator('.field-error').evaluateAll((errors) => errors.map((element) => element.id));
  assert.deepEqual(refused, ['moto-reference-error'], 'the reference is the only thing refused: the rest of the payment was fine');
  assert.equal(await page.getByTestId('moto-outcome').count(), 0);
  assert.deepEqual(invoked.filter((channel) => channel.startsWith('payments:')), [], 'the form never called the core');
  assert.equal((await session.t.value('payments:search', { limit: 100 })).rows.length, before, 'nothing was recorded');
  assert.deepEqual(session.pageErrors, []);
});
