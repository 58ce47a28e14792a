/**
 * The audit log screen in browser mode with the real core, keychain, SQLite and sandbox: a sale
 * keyed on the screen and a refund, a profile and a credential done by another operator; then
 * the log searched by operator, action and outcome, target, free text and date; the filtered
 * entries exported and the file read back; the chain verified; a refund made while the screen is
 * open announced; and the chain verified again after someone edits an entry in the database
 * file, which the screen names in words.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { SQLITE_LEDGER_FILE } from '../../electron/core/workspace/ledger-location.ts';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { keyMotoPayment, openOnProfile } from '../helpers/browser.ts';
import { testContext } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const PAN = '4761340000000035';
const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
/** The browser-mode server's operator (test/helpers/browser-session.ts); calls made straight to the door are testContext's. */
const SCREEN_OPERATOR = 'e2e-agent';

let session: BrowserSession;

before(async () => {
  session = await startBrowserSession();
});

after(() => session?.close());

async function rows(page: Page): Promise<Array<{ seq: string; action: string; targetId: string; text: string }>> {
  return page.getByTestId('audit-row').evaluateAll((elements) =>
    elements.map((element) => ({
      seq: element.getAttribute('data-seq') ?? '',
      action: element.getAttribute('data-action') ?? '',
      targetId: element.getAttribute('data-target-id') ?? '',
      text: (element as HTMLElement).innerText,
    })),
  );
}

/**
 * Waits until the list shows what the latest filters asked for: the count settles on `count`, and
 * the rows are drawn (all of them for a short list; a long one draws what its window shows).
 */
async function listed(page: Page, count: number): Promise<void> {
  try {
    await page.locator(`[data-testid="audit-count"][data-count="${count}"]`).waitFor({ timeout: 10_000 });
    await page.waitForFunction(
      (expected) => {
        const drawn = document.querySelectorAll('[data-testid="audit-row"]').length;
        return drawn === expected || (expected > 15 && drawn >= 15);
      },
      count,
      { timeout: 10_000 },
    );
  } catch (error) {
    const shown = await page.getByTestId('audit-count').getAttribute('data-count').catch(() => null);
    const problem = await page.getByTestId('audit-error').innerText().catch(() => '');
    const drawn = await page.getByTestId('audit-row').count();
    throw new Error(`expected ${count} entries, the list says ${shown} and draws ${drawn}${problem ? `: ${problem}` : ''}`, { cause: error });
  }
}

async function clearFilters(page: Page): Promise<void> {
  const reset = page.getByTestId('audit-filter-reset');
  if (await reset.isEnabled()) await reset.click();
}

test('searches the log by operator, action, outcome, target, text and date, exports what it found, and verifies the chain', async () => {
  const { t, server, page, pageErrors } = session;
  await openOnProfile(page, server.url, SIBS_PROFILE_ID);
  await page.goto(`${server.origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '42.50', pan: PAN, cvv: '536', holder: 'Maria Costa', kind: 'sale' });
  assert.equal(await outcome.getAttribute('data-status'), 'captured');
  const paymentId = (await t.value('payments:search', { text: '0035' })).rows[0]?.id ?? '';
  assert.notEqual(paymentId, '');
  refunded(await t.value('payments:refund', { paymentId, amount: '12.50', expectedRefundable: '42.50', reason: 'Damaged parcel, customer called' }));
  const sandbox = (await t.value('app:info', {})).sandbox.baseUrl ?? '';
  const profile = await t.value('profiles:create', { name: 'Loja de Braga', gatewayId: 'sibs-spg', environment: 'sandbox', baseUrl: `${sandbox}/sibs-spg`, options: { terminalId: 4321 } });
  await t.value('credentials:set', { profileId: profile.id, field: 'authToken', value: 'braga-token-value' });
  // The sandbox's webhooks arrive on their own after the calls; the log is read once they have.
  let everything = (await t.value('audit:search', { limit: 500 })).entries;
  for (let quiet = 0; quiet < 4; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = (await t.value('audit:search', { limit: 500 })).entries;
    quiet = now.length === everything.length ? quiet + 1 : 0;
    everything = now;
  }

  // The nav entry opens the screen, which lists the whole log, newest first.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-screen').waitFor();
  await listed(page, everything.length);
  const drawn = (await rows(page)).map((row) => row.seq);
  assert.deepEqual(drawn, everything.slice(0, drawn.length).map((entry) => String(entry.seq)));
  assert.match(await page.getByTestId('audit-filter-time-zone').innerText(), /\S+\/\S+|UTC/, 'the time zone of the dates is named');

  // By operator: only what was done on this screen.
  await page.getByTestId('audit-filter-operator').fill(SCREEN_OPERATOR);
  const byScreen = everything.filter((entry) => entry.operator === SCREEN_OPERATOR);
  assert.ok(byScreen.length > 0);
  await listed(page, byScreen.length);
  for (const row of await rows(page)) assert.match(row.text, new RegExp(SCREEN_OPERATOR));
  await clearFilters(page);

  // By action and outcome, in words: the refund that went through, once.
  await page.getByTestId('audit-filter-action').selectOption('payment.refund');
  await page.getByTestId('audit-filter-outcome').selectOption('succeeded');
  await listed(page, 1);
  const [refund] = await rows(page);
  assert.equal(refund?.targetId, paymentId);
  assert.match(refund?.text ?? '', /Refund/);
  assert.match(refund?.text ?? '', /Succeeded/);
  assert.match(refund?.text ?? '', new RegExp(testContext.operator));
  assert.doesNotMatch(refund?.text ?? '', /payment\.refund|succeeded\b/, 'codes are not shown');
  await clearFilters(page);

  // By target: every entry about the payment, and nothing else.
  await page.getByTestId('audit-filter-target').fill(paymentId);
  const aboutPayment = everything.filter((entry) => entry.targetId === paymentId);
  await listed(page, aboutPayment.length);
  assert.ok((await rows(page)).every((row) => row.targetId === paymentId));

  // Free text on top: the refund's reason is in its request only.
  await page.getByTestId('audit-filter-text').fill('damaged parcel');
  await listed(page, 1);
  const [reasonRow] = await rows(page);
  assert.equal(reasonRow?.action, 'payment.refund');
  assert.match(reasonRow?.text ?? '', /Requested/);

  // Keyboard: the row takes focus and Enter shows the entry whole.
  await page.getByTestId('audit-row').first().focus();
  await page.keyboard.press('Enter');
  assert.match(await page.getByTestId('audit-entry-details').innerText(), /Damaged parcel, customer called/);

  // Export what the filters select: the zone is in the file's name and first line.
  await page.getByTestId('audit-filter-text').fill('');
  await listed(page, aboutPayment.length);
  await page.getByTestId('audit-export-timezone').selectOption('Europe/Lisbon');
  await page.getByTestId('audit-export').click();
  await page.getByTestId('audit-export-done').waitFor();
  const exportedPath = (await page.getByTestId('audit-export-path').innerText()).trim();
  assert.equal(await page.getByTestId('audit-export-done').getAttribute('data-rows'), String(aboutPayment.length));
  assert.equal(exportedPath.startsWith(join(t.dataDir, 'exports')), true, `written in the data folder: ${exportedPath}`);
  assert.match(basename(exportedPath), /^audit-log-.*-Europe-Lisbon\.csv$/);
  const csv = readFileSync(exportedPath, 'utf8');
  assert.equal(csv.split('\n')[0], '\uFEFF# Times are in Europe/Lisbon');
  const records = parse(csv, { bom: true, columns: true, comment: '#' }) as Array<Record<string, string>>;
  assert.deepEqual(records.map((record) => record['seq']), aboutPayment.map((entry) => String(entry.seq)));
  assert.ok(records.every((record) => record['target_id'] === paymentId));
  const lisbon = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Lisbon', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(aboutPayment[0]?.at ?? ''));
  assert.equal(records[0]?.['time'], lisbon);
  assert.ok(records.some((record) => record['action'] === 'payment.refund' && record['details']?.includes('Damaged parcel')));
  assert.doesNotMatch(csv, new RegExp(`${PAN}|braga-token-value`), 'no card number or secret in the file');

  // A period that starts tomorrow holds nothing yet.
  await clearFilters(page);
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await page.getByTestId('audit-filter-from').fill(day);
  await page.getByTestId('audit-empty').waitFor();
  await clearFilters(page);

  // Verify: intact, in words.
  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-ok'), 'true');
  assert.match(await result.innerText(), new RegExp(`intact: ${everything.length} entries checked`));

  // Another refund while the screen is open: it says the list may be behind, and reads it again on request.
  refunded(await t.value('payments:refund', { paymentId, amount: '5.00', expectedRefundable: '30.00', reason: 'Second item returned' }));
  await page.getByTestId('audit-stale').waitFor();
  // Clicked where it stands: the refund's later entries re-render the notice, and on a loaded
  // machine a click that first waits for the button to settle found it replaced again and again.
  await page.evaluate(() => (document.querySelector('[data-testid="audit-refresh"]') as HTMLButtonElement | null)?.click());
  await page.waitForFunction((newest) => Number(document.querySelector('[data-testid="audit-row"]')?.getAttribute('data-seq')) > newest, everything[0]?.seq ?? 0);
  assert.equal(await page.getByTestId('audit-stale').count(), 0);

  // Someone with the database file edits the refund's entry: the screen says which entry and how.
  const edited = everything.find((entry) => entry.action === 'payment.refund' && entry.outcome === 'succeeded');
  assert.ok(edited);
  const db = new DatabaseSync(join(t.dataDir, SQLITE_LEDGER_FILE));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    db.prepare("UPDATE audit_log SET details = replace(details, '12.50', '1.25') WHERE seq = ?").run(edited.seq);
  } finally {
    db.close();
  }
  await page.getByTestId('audit-verify').click();
  await page.locator('[data-testid="audit-verify-result"][data-ok="false"]').waitFor();
  assert.equal(await result.getAttribute('data-problem'), 'edited');
  assert.equal(await result.getAttribute('data-first-broken'), String(edited.seq));
  const said = await result.innerText();
  assert.match(said, /The log is not intact/);
  assert.match(said, new RegExp(`Entry no\\. ${edited.seq} was changed after it was written`));
  assert.match(said, new RegExp(`${edited.seq - 1} entries before it are intact`));
  assert.ok(edited.seq < everything.length, 'an entry in the middle of the log');
  assert.deepEqual(pageErrors, []);
});
