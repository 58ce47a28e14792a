/**
 * The payments list as finance staff use it, in browser mode with the real core, SQLite and
 * sandbox: twenty and more dense rows at 1440×900, every payment marked with its environment
 * (a production profile shows production payments until asked for all), filters folded to one
 * line with chips that remove them, payment methods in words and as a filter and a query key,
 * names searchable, totals per currency over the whole result; then saved views, saved, pinned,
 * opened again by a reloaded console, renamed and deleted. Screenshots of the list at 1440×900
 * and 1280×720 go to test-results/; at both sizes (and in Portuguese) every screen of the top bar
 * is reachable without scrolling.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatDecimal, parseDecimal } from '../../shared/money/money.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { chooseLanguage } from '../helpers/browser.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';

const SCREENSHOTS = path.resolve('test-results');
const SIBS = sandboxProfileId('sibs-spg');
const SAYSWITCH = sandboxProfileId('sayswitch');
const CARD_SALES = 22;

let session: BrowserSession;
let page: Page;
let productionProfileId: string;
/** What the seed put in the ledger per currency: count and minor units. */
const seeded = new Map<string, { count: number; minor: bigint }>();

function remember(currency: string, amount: string): void {
  const entry = seeded.get(currency) ?? { count: 0, minor: 0n };
  seeded.set(currency, { count: entry.count + 1, minor: entry.minor + parseDecimal(amount, currency) });
}

before(async () => {
  session = await startBrowserSession();
  page = session.page;
  const { t } = session;
  const card = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2 };
  for (let i = 0; i < CARD_SALES; i += 1) {
    const amount = `${10 + i}.${String(i * 7 % 100).padStart(2, '0')}`;
    await t.value('payments:createMoto', { profileId: SIBS, kind: 'sale', money: { amount, currency: 'EUR' }, card: { ...card, holder: `Cliente ${i}` } });
    remember('EUR', amount);
  }
  await t.value('payments:requestMbway', { profileId: SIBS, money: { amount: '19.90', currency: 'EUR' }, phone: '912345678', customer: { name: 'Joana Gonçalves' } });
  remember('EUR', '19.90');
  await t.value('payments:createMultibancoReference', { profileId: SIBS, money: { amount: '45.00', currency: 'EUR' }, customer: { name: 'Rui Alves' } });
  remember('EUR', '45.00');
  await t.value('payments:requestBankTransfer', { profileId: SAYSWITCH, money: { amount: '15000.00', currency: 'NGN' }, customer: { name: 'Ada Obi', email: 'ada@example.com' } });
  remember('NGN', '15000.00');

  // A live merchant account's payments, as another console working on production recorded them.
  const production = await t.value('profiles:create', { name: 'Loja Lisboa', gatewayId: 'sibs-spg', environment: 'production', baseUrl: 'https://spg.example.invalid/api/v2', options: { terminalId: 52221 } });
  productionProfileId = production.id;
  for (const [i, amount] of ['120.00', '80.50'].entries()) {
    await t.core.internals.ledger.payments.insert(
      newPayment({ id: `pay_live_${i}`, profileId: production.id, profileName: production.name, environment: 'production', status: 'captured', amountMinor: parseDecimal(amount, 'EUR'), createdAt: new Date(Date.now() - 60_000 * (i + 1)) }),
    );
    remember('EUR', amount);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(() => session?.close());

/** Opens the console on `profileId` (openOnProfile waits for the sandbox banner, which a production profile has not). */
async function openList(profileId: string): Promise<void> {
  await page.goto(session.server.url);
  const switcher = page.getByTestId('profile-switcher');
  await switcher.locator(`option[value="${profileId}"]`).waitFor({ state: 'attached' });
  await switcher.selectOption(profileId);
  await page.goto(`${session.server.origin}/#/transactions`);
  await page.getByTestId('transaction-row').first().waitFor();
}

/** Rows drawn wholly inside the list's scrolling area. */
function fullyVisibleRows(): Promise<number> {
  return page.evaluate(() => {
    const scroll = document.querySelector('[data-testid="transactions-scroll"]');
    if (scroll === null) return 0;
    const box = scroll.getBoundingClientRect();
    const bottom = Math.min(box.bottom, window.innerHeight);
    return [...scroll.querySelectorAll('[data-testid="transaction-row"]')].filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.top >= box.top - 0.5 && rect.bottom <= bottom + 0.5;
    }).length;
  });
}

/** Waits until the list holds one payment, of `method`. */
async function waitForOnly(method: string): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const rows = [...document.querySelectorAll('[data-testid="transaction-row"]')];
      return rows.length === 1 && rows[0]?.getAttribute('data-method') === expected;
    },
    method,
    { timeout: 5_000 },
  );
}

async function rowIds(): Promise<string[]> {
  return page.getByTestId('transaction-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payment-id') ?? ''));
}

/** The top bar's links and buttons not wholly inside the window (a closed menu's links are left out). */
function navOutsideViewport(): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('header nav a, header nav button')]
      .filter((element) => element.closest('[hidden]') === null)
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width === 0 || box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight;
      })
      .map((element) => element.getAttribute('data-testid') ?? element.textContent ?? ''),
  );
}

/** Every screen of the top bar reachable without scrolling: the links in view, and those behind "More" once it is opened from the keyboard. */
async function assertEveryScreenReachable(size: string): Promise<void> {
  assert.deepEqual(await navOutsideViewport(), [], `every top-bar link is in view at ${size}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `nothing scrolls sideways at ${size}`);
  const more = page.getByTestId('nav-more');
  await more.focus();
  await page.keyboard.press('Enter');
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  for (const testId of ['nav-stored', 'nav-sandbox', 'nav-settings']) assert.ok(await page.getByTestId(testId).isVisible(), `${testId} is shown under More at ${size}`);
  assert.deepEqual(await navOutsideViewport(), [], `every link under More is in view at ${size}`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'nav-stored', 'Tab goes into the opened menu');
  await page.keyboard.press('Escape');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'nav-more', 'Escape closes it and gives the focus back');
}

async function waitForRowCount(count: number): Promise<void> {
  await page.waitForFunction((expected) => document.querySelectorAll('[data-testid="transaction-row"]').length === expected, count, { timeout: 5_000 });
}

test('shows at least twenty dense rows at 1440×900, every one marked with its environment, and screenshots at two sizes', async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openList(SIBS);
  const total = CARD_SALES + 5;
  await waitForRowCount(total);
  const visible = await fullyVisibleRows();
  assert.ok(visible >= 20, `${visible} rows fully visible at 1440×900`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight), 'the window itself does not scroll: the rows do');
  assert.equal(await page.getByTestId('filter-panel').count(), 0, 'the filters start folded to one line');

  const environments = await page.getByTestId('transaction-row').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-environment'), row.querySelector('[data-column="environment"] [data-environment]')?.getAttribute('data-environment')]));
  assert.deepEqual(new Set(environments.map(([row]) => row)), new Set(['sandbox', 'production']), 'a sandbox profile shows every environment');
  for (const [row, tag] of environments) assert.equal(tag, row, 'each row carries a tag of its own environment');

  const cards = await page.locator('[data-testid="transaction-row"] [data-column="card"]').allTextContents();
  for (const text of cards) assert.doesNotMatch(text, /bank_transfer|mbway|multibanco|ussd/, 'no method code in the card column');
  const methods = await page.locator('[data-testid="transaction-row"] [data-column="method"]').allTextContents();
  assert.ok(methods.includes('MB WAY') && methods.includes('Bank transfer') && methods.includes('Multibanco reference'), methods.join(', '));

  await page.screenshot({ path: path.join(SCREENSHOTS, 'transactions-list-1440x900.png') });
  await assertEveryScreenReachable('1440×900');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForFunction(() => window.innerWidth === 1280);
  await assertEveryScreenReachable('1280×720');
  const overflow = await page.evaluate(() => {
    const grid = document.querySelector('.tx-grid');
    return grid === null ? Infinity : grid.scrollWidth - grid.clientWidth;
  });
  assert.ok(overflow <= 0, `every column fits at 1280×720 (${overflow}px too wide)`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'transactions-list-1280x720.png') });
  await chooseLanguage(page, session.server.origin, 'pt-PT');
  await assertEveryScreenReachable('1280×720 in Portuguese');
  await chooseLanguage(page, session.server.origin, 'en');
  await page.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(session.pageErrors, []);
});

test("opens the first payment after load from the list with no loading notice between them (the page's code loads with the list still shown, taking no input)", async () => {
  await openList(SIBS);
  await page.evaluate(() => {
    const seen = { notice: false, inertList: false };
    (window as unknown as { loadingSeen: typeof seen }).loadingSeen = seen;
    const observer = new MutationObserver(() => {
      if (document.querySelector('main > p[aria-busy="true"]') !== null) seen.notice = true;
      if (document.querySelector('.screen-frame[inert] [data-testid="transaction-row"]') !== null) seen.inertList = true;
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['inert'] });
  });
  // The page's code arrives late, so the list stays on show a while after the click.
  await page.route('**/*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  try {
    const row = page.getByTestId('transaction-row').first();
    const paymentId = await row.getAttribute('data-payment-id');
    await row.click();
    await page.locator('#payment-title', { hasText: paymentId! }).waitFor();
  } finally {
    await page.unroute('**/*.js');
  }
  const seen = await page.evaluate(() => (window as unknown as { loadingSeen: { notice: boolean; inertList: boolean } }).loadingSeen);
  assert.equal(seen.notice, false, 'the loading notice was shown');
  assert.equal(seen.inertList, true, 'the list took input while the payment page was being made');
});

test('counts the whole result and sums it per currency, never across currencies, and follows the filters', async () => {
  await openList(SIBS);
  const totals = page.getByTestId('list-totals');
  await page.waitForFunction((count) => document.querySelector('[data-testid="list-totals"]')?.getAttribute('data-count') === String(count), CARD_SALES + 5);
  const shown = await totals.getByTestId('list-total').evaluateAll((entries) =>
    entries.map((entry) => [entry.getAttribute('data-currency'), entry.getAttribute('data-count'), entry.querySelector('[data-amount]')?.getAttribute('data-amount')]),
  );
  const expected = [...seeded.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, entry]) => [currency, String(entry.count), formatDecimal(entry.minor, currency)]);
  assert.deepEqual(shown, expected);

  await page.getByTestId('transactions-search').fill('currency:NGN');
  await page.waitForFunction(() => document.querySelector('[data-testid="list-totals"]')?.getAttribute('data-count') === '1');
  assert.deepEqual(await totals.getByTestId('list-total').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-currency'))), ['NGN']);
  await page.getByTestId('transactions-search').fill('');
});

test('a production profile shows production payments until the operator removes that filter, then every row marked', async () => {
  await openList(productionProfileId);
  await waitForRowCount(2);
  assert.deepEqual((await rowIds()).sort(), ['pay_live_0', 'pay_live_1']);
  const chip = page.locator('[data-testid="filter-chip"][data-field="environment"]');
  assert.equal(await chip.getAttribute('data-value'), 'production');
  await chip.getByRole('button').click();
  await waitForRowCount(CARD_SALES + 5);
  assert.equal(await page.locator('[data-testid="filter-chip"]').count(), 0);
  assert.equal(await page.locator('[data-testid="transaction-row"][data-environment="production"]').count(), 2);
});

test('filters by payment method from the panel and by method: in either language, and a chip removes the filter', async () => {
  await openList(SIBS);
  await page.getByTestId('filters-toggle').click();
  await page.getByTestId('filter-method').selectOption('mbway');
  await waitForOnly('mbway');
  assert.match((await page.locator('[data-column="customer"]').last().textContent()) ?? '', /Joana Gonçalves/);
  const chip = page.locator('[data-testid="filter-chip"][data-field="method"]');
  assert.match((await chip.textContent()) ?? '', /MB WAY/);
  await chip.getByRole('button', { name: /MB WAY/ }).click();
  await waitForRowCount(CARD_SALES + 5);

  await page.getByTestId('transactions-search').fill('method:transferência');
  await waitForOnly('bank_transfer');
  await page.getByTestId('transactions-search').fill('method:multibanco');
  await waitForOnly('multibanco');
  await page.getByTestId('transactions-search').fill('Gonçalves');
  await waitForOnly('mbway');
  await page.getByTestId('transaction-row').click();
  await page.getByTestId('payment-status').waitFor();
  assert.match(await page.locator('.transactions-screen, main').innerText(), /Joana Gonçalves/, "the payment page names the MB WAY customer");
  await page.goBack();
  await waitForOnly('mbway');
  await page.getByTestId('transactions-search').fill('cliente 7');
  await page.waitForFunction(() => document.querySelector('[data-testid="transaction-row"] [data-column="customer"]')?.textContent === 'Cliente 7');
  await waitForOnly('card');
  assert.match((await page.locator('[data-column="customer"]').last().textContent()) ?? '', /Cliente 7/, 'a cardholder is found by name');
  await page.getByTestId('transactions-search').fill('');
  await page.getByTestId('filters-toggle').click();
});

test('sorts by amount from the column heading and back to newest first', async () => {
  await openList(SIBS);
  await waitForRowCount(CARD_SALES + 5);
  await page.getByTestId('sort-amount').click();
  await page.waitForFunction(() => document.querySelector('[role="columnheader"][data-column="amount"]')?.getAttribute('aria-sort') === 'descending');
  await page.waitForFunction(() => document.querySelector('[data-testid="transaction-row"] [data-column="amount"] [data-amount]')?.getAttribute('data-amount') === '15000.00');
  await page.getByTestId('sort-date').click();
  await page.waitForFunction(() => document.querySelector('[role="columnheader"][data-column="date"]')?.getAttribute('aria-sort') === 'descending');
});

test('saves a view, pins it, opens it again after the console reloads, renames and deletes it', async () => {
  await openList(SIBS);
  await page.getByTestId('filters-toggle').click();
  await page.getByTestId('filter-method').selectOption('multibanco');
  await waitForOnly('multibanco');
  await page.getByTestId('columns-toggle').click();
  await page.getByTestId('column-gatewayId').uncheck();
  await page.getByTestId('columns-toggle').click();

  await page.getByTestId('view-save-open').click();
  await page.getByTestId('view-name').fill('4761 3400 0000 0035');
  await page.getByTestId('view-submit').click();
  await page.locator('#' + (await page.getByTestId('view-name').getAttribute('aria-describedby'))).waitFor();
  await page.getByTestId('view-name').fill('Multibanco to follow');
  await page.getByTestId('view-submit').click();
  await page.getByTestId('view-form').waitFor({ state: 'detached' });
  const select = page.getByTestId('saved-view-select');
  assert.match((await select.locator('option:checked').textContent()) ?? '', /Multibanco to follow/);
  await page.getByTestId('view-pin').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="view-pin"]')?.getAttribute('aria-pressed') === 'true');

  await page.getByTestId('filter-method').selectOption('');
  await waitForRowCount(CARD_SALES + 5);
  await page.reload();
  await waitForOnly('multibanco');
  assert.match((await select.locator('option:checked').textContent()) ?? '', /Multibanco to follow/);
  assert.equal(await page.locator('[role="columnheader"][data-column="gatewayId"]').count(), 0, 'with its columns');

  await page.getByTestId('view-rename').click();
  await page.getByTestId('view-name').fill('Multibanco references');
  await page.getByTestId('view-submit').click();
  await page.getByTestId('view-form').waitFor({ state: 'detached' });
  assert.match((await select.locator('option:checked').textContent()) ?? '', /Multibanco references/);

  await page.getByTestId('view-delete').click();
  await page.getByTestId('confirm-submit').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-view-select"] option').length === 1);
  assert.deepEqual(await session.t.value('views:list', {}), []);
  assert.deepEqual(session.pageErrors, []);
});
