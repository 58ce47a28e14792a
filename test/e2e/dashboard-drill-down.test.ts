/**
 * The dashboard in browser mode with the real core, SQLite and sandbox: the console opens on the
 * list while the ledger is empty and on the dashboard once it has payments; the dashboard's figures
 * are the payments made (approved, declined, waiting); a bar of a chart, clicked on its canvas,
 * opens the payments list filtered to exactly the payments it counts. Chart.js draws under the
 * console's strict CSP without a single refusal.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CHART_COLOURS } from '../../renderer/src/features/dashboard/utils/chart-colours.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { openOnProfile } from '../helpers/browser.ts';

const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
const APPROVED = { pan: '4761340000000035', cvv: '536' };
const DECLINED = { pan: '4000000000000002', cvv: '123' };

let session: BrowserSession;
let page: Page;
const cspRefusals: string[] = [];

before(async () => {
  session = await startBrowserSession();
  page = session.page;
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspRefusals.push(message.text());
  });
});

after(() => session?.close());

async function cardSale(amount: string, card: { pan: string; cvv: string }, holder: string): Promise<string> {
  const outcome = await session.t.value('payments:createMoto', {
    profileId: SIBS_PROFILE_ID,
    kind: 'sale',
    money: { amount, currency: 'EUR' },
    card: { number: card.pan, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, cvv: card.cvv, holder },
    customer: {},
  });
  return outcome.paymentId;
}

/**
 * Clicks the middle of the bar drawn in `colour` on a chart's canvas, as a person would: the bar
 * is found by its pixels, the click lands in the page at that point.
 */
async function clickBar(testId: string, colour: string): Promise<void> {
  const canvas = page.getByTestId(`${testId}-canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const point = await canvas.evaluate((element, hex) => {
    const drawn = element as HTMLCanvasElement;
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
    const pixels = drawn.getContext('2d')!.getImageData(0, 0, drawn.width, drawn.height).data;
    let [sumX, sumY, count] = [0, 0, 0];
    for (let index = 0; index < pixels.length; index += 4) {
      if (pixels[index] === r && pixels[index + 1] === g && pixels[index + 2] === b) {
        const pixel = index / 4;
        sumX += pixel % drawn.width;
        sumY += Math.floor(pixel / drawn.width);
        count += 1;
      }
    }
    if (count === 0) return null;
    const box = drawn.getBoundingClientRect();
    return { x: (sumX / count) * (box.width / drawn.width), y: (sumY / count) * (box.height / drawn.height) };
  }, colour);
  assert.ok(point !== null, `a bar in ${colour} is drawn on ${testId}`);
  await canvas.click({ position: point });
}

/** Waits until the list shows exactly these payments (the one before may still be on screen a moment). */
async function assertListed(paymentIds: readonly string[], message: string): Promise<void> {
  const expected = [...paymentIds].sort();
  const listed = () => page.getByTestId('transaction-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payment-id') ?? '').sort());
  await page
    .waitForFunction(
      (ids) => JSON.stringify([...document.querySelectorAll('[data-testid="transaction-row"]')].map((row) => row.getAttribute('data-payment-id') ?? '').sort()) === JSON.stringify(ids),
      expected,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  assert.deepEqual(await listed(), expected, message);
}

test('opens on the list while the ledger is empty, on the dashboard once it has payments', async () => {
  await openOnProfile(page, session.server.url, SIBS_PROFILE_ID);
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  await page.getByTestId('transactions-search').waitFor();
});

/** The filter chips in force, as field=value. */
async function chips(): Promise<string[]> {
  return page.getByTestId('filter-chip').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-field')}=${item.getAttribute('data-value')}`));
}

test('shows the figures of the payments made, and each chart element opens the list filtered to its payments', async () => {
  const approved = [await cardSale('42.50', APPROVED, 'Maria Costa'), await cardSale('10.00', APPROVED, 'Rui Lopes')];
  const declined = await cardSale('7.30', DECLINED, 'Ana Reis');
  const pending = (await session.t.value('payments:requestMbway', { profileId: SIBS_PROFILE_ID, money: { amount: '5.00', currency: 'EUR' }, phone: '351#912345678' })).paymentId;
  const { payment: declinedPayment } = await session.t.value('payments:get', { paymentId: declined });
  assert.equal(declinedPayment.status, 'declined');
  assert.equal((await session.t.value('payments:get', { paymentId: pending })).payment.status, 'pending');

  const asked: string[] = [];
  const onRequest = (request: { url(): string; postData(): string | null }) => {
    const channel = /\/api\/invoke\/([^?]+)/.exec(request.url())?.[1];
    if (channel !== undefined) asked.push(channel === 'payments:search' && request.postData() === JSON.stringify({ limit: 1 }) ? 'landing' : channel);
  };
  page.on('request', onRequest);
  await page.goto(session.server.url);
  await page.waitForFunction(() => window.location.hash === '#/dashboard');
  page.off('request', onRequest);
  // Where to open is asked as the page's code runs, before the shell's first calls (a request the list left in flight may come first).
  assert.ok(asked.includes('landing') && asked.indexOf('landing') < asked.indexOf('app:info'), `asked in this order: ${asked.join(', ')}`);
  const total = page.getByTestId('dashboard-total-EUR');
  await total.waitFor();
  assert.match(await total.innerText(), /4 payments · 2 approved, €52\.50 · 1 declined/);
  assert.match((await page.getByTestId('dashboard-time-zone').textContent()) ?? '', /Days run from midnight to midnight in \S+/);

  const statusRow = (status: string) => page.getByTestId(`chart-status-row-${status}`).locator('td').first().textContent({ timeout: 1_000 });
  assert.equal(await statusRow('captured'), '2');
  assert.equal(await statusRow('declined'), '1');
  assert.equal(await statusRow('pending'), '1');
  const reasons = await page.getByTestId('chart-declines').locator('tbody tr').allTextContents();
  assert.equal(reasons.length, 1);
  assert.match(reasons[0] ?? '', new RegExp(`^${(declinedPayment.gatewayCode ?? '').replaceAll('.', '\\.')} — `), 'the reason names the gateway’s code');
  assert.equal(await page.getByTestId('chart-pending-row-today').locator('td').first().textContent(), '1');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(session.t.dataDir, '..', `e2e-dashboard-${process.pid}.png`), fullPage: true }).catch(() => undefined);
  assert.match((await page.getByTestId('chart-status-canvas').getAttribute('aria-label')) ?? '', /Status mix: Pending 1; Captured 2; Declined 1/, 'the canvas has the figures as its text alternative');

  await clickBar('chart-status', CHART_COLOURS.declined);
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  await assertListed([declined], 'the declined bar lists the declined payment alone');
  // The filters the link set are shown as chips on the folded filter line.
  assert.deepEqual((await chips()).filter((chip) => chip.startsWith('statuses=')), ['statuses=declined'], 'the list shows its status filter, and only that status');

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('chart-declines-canvas').waitFor();
  await clickBar('chart-declines', CHART_COLOURS.declined);
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  await assertListed([declined], 'the decline reason lists its declined payment');
  assert.ok((await chips()).includes(`gatewayCode=${declinedPayment.gatewayCode}`), 'the decline reason’s code is the filter');

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('chart-pending-canvas').waitFor();
  await clickBar('chart-pending', CHART_COLOURS.waiting);
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  await assertListed([pending], 'the pending age bar lists the payment still waiting');

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('chart-status-canvas').waitFor();
  await clickBar('chart-status', CHART_COLOURS.approved);
  await page.waitForFunction(() => window.location.hash === '#/transactions');
  await assertListed(approved, 'the captured bar lists both approved sales');

  assert.deepEqual(cspRefusals, [], 'nothing the charts do is refused by the content security policy');
  assert.deepEqual(session.pageErrors, []);
});
