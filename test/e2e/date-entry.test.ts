/**
 * Dates as a Portuguese finance user types and reads them, in browser mode with the real core:
 * the browser itself is set to American English (month first) and Lisbon time, the console to
 * Portuguese. A day typed day-first in the list's filter selects that day's payments, cut at
 * Lisbon midnight, not the day with month and day swapped; the rows show their times with the zone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { chooseLanguage } from '../helpers/browser.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';

const SIBS = sandboxProfileId('sibs-spg');

let session: BrowserSession;
let page: Page;

before(async () => {
  session = await startBrowserSession({ locale: 'en-US', timezoneId: 'Europe/Lisbon' });
  page = session.page;
  const seed = [
    ['pay_4_march', '2026-03-04T12:00:00.000Z'],
    // 3 April 12:00 UTC: the day "04/03/2026" would be read as month first.
    ['pay_3_april', '2026-04-03T12:00:00.000Z'],
    // 23:30 UTC on 2 April is 00:30 on 3 April in Lisbon (summer time).
    ['pay_3_april_lisbon', '2026-04-02T23:30:00.000Z'],
  ] as const;
  for (const [id, at] of seed) await session.t.core.internals.ledger.payments.insert(newPayment({ id, profileId: SIBS, profileName: 'SIBS sandbox', status: 'captured', createdAt: new Date(at) }));
  await page.goto(session.server.url);
  await page.getByTestId('sandbox-banner').waitFor();
  await chooseLanguage(page, session.server.origin, 'pt-PT');
});

after(() => session?.close());

async function rowIds(count: number): Promise<string[]> {
  await page.waitForFunction((expected) => document.querySelectorAll('[data-testid="transaction-row"]').length === expected, count, { timeout: 5_000 });
  return (await page.getByTestId('transaction-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payment-id') ?? ''))).sort();
}

async function typeDays(from: string, to: string): Promise<void> {
  await page.getByTestId('filter-from').fill(from);
  await page.getByTestId('filter-to').fill(to);
}

test('a day typed day/month/year in Portuguese filters the list to that day in Lisbon, whatever the browser’s own language', async () => {
  await page.goto(`${session.server.origin}/#/transactions`);
  assert.deepEqual(await rowIds(3), ['pay_3_april', 'pay_3_april_lisbon', 'pay_4_march']);
  await page.getByTestId('filters-toggle').click();
  assert.equal(await page.getByTestId('filter-from').getAttribute('placeholder'), 'dd/mm/aaaa');

  await typeDays('04/03/2026', '04/03/2026');
  assert.deepEqual(await rowIds(1), ['pay_4_march'], '04/03/2026 is the fourth of March');
  assert.match(await page.locator('[data-testid="filter-chip"][data-field="fromDate"]').innerText(), /04\/03\/2026/);

  await typeDays('3-4-26', '03/04/2026');
  assert.deepEqual(await rowIds(2), ['pay_3_april', 'pay_3_april_lisbon'], 'the third of April, from Lisbon midnight');

  await page.getByTestId('filter-to').fill('31/02/2026');
  assert.equal(await page.getByTestId('filter-to').getAttribute('aria-invalid'), 'true', 'a day that does not exist is marked, not taken');
  assert.deepEqual(await rowIds(2), ['pay_3_april', 'pay_3_april_lisbon'], 'the last day read stays in force');
  assert.deepEqual(session.pageErrors, []);
});

test('every time in the list carries its zone', async () => {
  await page.getByTestId('filter-from').fill('');
  await page.getByTestId('filter-to').fill('');
  await rowIds(3);
  const march = await page.locator('[data-testid="transaction-row"][data-payment-id="pay_4_march"] time').first().innerText();
  assert.equal(march, '04/03/2026, 12:00 WET');
  const april = await page.locator('[data-testid="transaction-row"][data-payment-id="pay_3_april_lisbon"] time').first().innerText();
  assert.equal(april, '03/04/2026, 00:30 WEST');
});
