/**
 * Batch charges in browser mode, end to end: a 200-row CSV with ten bad rows (one with a card
 * number in its description) is dropped on the Batch charges page, previewed (every bad row by its
 * line and problem, the good rows' count and total), confirmed in the dialog that names them,
 * and run. The core — a process of its own, as Electron runs it — is killed mid-batch; the next
 * core process, started on the same data folder, takes the batch over and the page follows it to
 * the end without a reload. Every good row is charged exactly once per the SIBS emulator's book,
 * no bad row ever, and the result file written from the page holds every line with its outcome.
 */
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import type { MitBatchRow } from '../../shared/domain/mit-batch.ts';
import { openOnProfile } from '../helpers/browser.ts';
import { startBrowserOverCoreProcess, type BrowserOverCoreProcess } from '../helpers/browser-over-core-process.ts';
import { eventually } from '../helpers/eventually.ts';
import { HEADER } from '../helpers/mit-batch-fixture.ts';

const ROWS = 200;
const PAN = '4761340000000035';
const LEASE_MS = 1_000;
/** The next core starts once the killed one's leases have surely ended, so it takes the batch over as it starts. */
const RESTART_AFTER_MS = 2_500;
/** The emulator books each charge, then holds its answer this long: slow enough to watch the run on the page. */
const GATEWAY_LATENCY_MS = 150;
/** Held answers at the kill: every charge on its way has reached the gateway, and none can start meanwhile. */
const HOLD_MS = 60_000;
const context = { origin: 'cli' as const, operator: 'e2e-setup' };

let run: BrowserOverCoreProcess;

before(async () => {
  run = await startBrowserOverCoreProcess({ gatewayIds: ['sibs-spg'], name: 'mit-e2e', leaseMs: LEASE_MS, restartAfterMs: RESTART_AFTER_MS });
});

after(async () => {
  await run?.close();
});

async function value<T>(channel: string, input: unknown): Promise<T> {
  const envelope = await run.client.door.invoke(channel, input, context);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function storedCards(profileId: string, count: number): Promise<string[]> {
  const card = { number: PAN, cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' };
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const sale = await value<{ paymentId: string }>('payments:createMoto', { profileId, kind: 'sale', storeCard: true, money: { amount: '1.00', currency: 'EUR' }, card });
    const listed = await value<Array<{ id: string; originPaymentId: string }>>('tokens:list', { profileId });
    ids.push(listed.find((token) => token.originPaymentId === sale.paymentId)?.id ?? '');
  }
  return ids;
}

/** What each bad row gets wrong, by its place among the file's records. */
const BAD_ROWS: ReadonlyMap<number, (good: string[]) => string[]> = new Map([
  [7, (row) => ['tok_nobody', ...row.slice(1)]],
  [23, (row) => [row[0] ?? '', 'abc', ...row.slice(2)]],
  [41, (row) => [row[0] ?? '', '0.00', ...row.slice(2)]],
  [58, (row) => [row[0] ?? '', row[1] ?? '', 'USD', ...row.slice(3)]],
  [77, (row) => [...row.slice(0, 3), 'SUB-e2e-1', ...row.slice(4)]],
  [96, (row) => [...row.slice(0, 4), 'weekly', ...row.slice(5)]],
  [115, (row) => [...row.slice(0, 5), `Card ${PAN}`]],
  [134, (row) => ['', ...row.slice(1)]],
  [160, (row) => [row[0] ?? '', '1.234', ...row.slice(2)]],
  [188, (row) => [row[0] ?? '', '-3.00', ...row.slice(2)]],
]);

/** The file (header on line 1, record n on line n + 1), its good records' total in cents, and the lines of the bad ones. */
function batchFile(tokens: readonly string[]) {
  const lines = [HEADER];
  const badLines: number[] = [];
  let goodCents = 0;
  for (let n = 1; n <= ROWS; n += 1) {
    const cents = 100 + (n % 100);
    const good = [tokens[n % tokens.length] ?? '', (cents / 100).toFixed(2), 'EUR', `SUB-e2e-${n}`, 'recurring', 'Monthly plan'];
    const spoil = BAD_ROWS.get(n);
    if (spoil === undefined) goodCents += cents;
    else badLines.push(n + 1);
    lines.push((spoil ? spoil(good) : good).join(','));
  }
  return { content: `${lines.join('\n')}\n`, goodCents, badLines };
}

const counted = async (locator: ReturnType<BrowserOverCoreProcess['page']['getByTestId']>, attribute: string) => Number(await locator.getAttribute(attribute));

test('a 200-row batch with bad rows is previewed, confirmed, survives its core being killed, and charges every good row exactly once', { timeout: 180_000 }, async () => {
  const { page, server, sandbox, workspace, pageErrors, hosts } = run;
  const profileId = workspace.profiles['sibs-spg'] ?? '';
  const tokens = await storedCards(profileId, 3);
  const file = batchFile(tokens);
  const good = ROWS - BAD_ROWS.size;

  // From Stored credentials, as an operator finds it; the screen's own chunk loads on the way.
  await openOnProfile(page, server.url, profileId);
  await page.goto(`${server.origin}/#/stored`);
  await page.getByTestId('stored-batches-link').click();
  await page.getByTestId('mitbatch-screen').waitFor();
  assert.equal(await page.getByTestId('mitbatch-profile').inputValue(), profileId, 'the active profile is chosen');
  assert.match((await page.getByTestId('mitbatch-sample').textContent()) ?? '', /^token_id,customer_reference,amount,currency,merchant_reference,recurrence,description\n/);

  // Dropped on the page as a file, then previewed: nothing is charged yet.
  const dropped = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'july-renewals.csv', { type: 'text/csv' }));
    return transfer;
  }, file.content);
  await page.getByTestId('mitbatch-drop').dispatchEvent('drop', { dataTransfer: dropped });
  await page.getByTestId('mitbatch-file-chosen').waitFor();
  await page.getByTestId('mitbatch-preview').click();
  const view = page.locator('[data-testid="mitbatch-view"][data-status="previewed"]');
  await view.waitFor();
  const batchId = (await view.getAttribute('data-batch-id')) ?? '';
  const totals = page.getByTestId('mitbatch-totals');
  assert.equal(await counted(totals, 'data-rows'), ROWS);
  assert.equal(await counted(totals, 'data-invalid'), BAD_ROWS.size);
  const euro = page.locator('[data-testid="mitbatch-total"][data-currency="EUR"]');
  assert.equal(await counted(euro, 'data-count'), good);
  assert.equal(await euro.getAttribute('data-amount'), (file.goodCents / 100).toFixed(2));

  // Every bad row by its line and its problem; the card number is refused and never shown.
  await page.getByTestId('mitbatch-filter-invalid').click();
  await page.locator('[data-testid="mitbatch-rows-status"][data-count="10"]').waitFor();
  const invalidRows = page.locator('[data-testid="mitbatch-row"][data-state="invalid"]');
  assert.deepEqual((await invalidRows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-line'))))).sort((a, b) => a - b), file.badLines);
  const panRow = page.locator('[data-testid="mitbatch-row"][data-line="116"] [data-testid="mitbatch-row-detail"]');
  assert.match((await panRow.textContent()) ?? '', /description/);
  assert.equal((await page.content()).includes(PAN), false, 'no card number on the page');
  await page.getByTestId('mitbatch-filter-all').click();
  await page.locator('[data-testid="mitbatch-row"][data-line="2"][data-state="ready"]').waitFor();
  assert.equal((await sandbox.book('sibs-spg')).filter((payment) => payment.merchantInitiated).length, 0, 'the preview charged nothing');

  // The confirmation names the count and the total before anything is charged.
  await sandbox.setFaults('sibs-spg', [], [{ ms: GATEWAY_LATENCY_MS, phase: 'after' }]);
  await page.getByTestId('mitbatch-start').click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  const asked = (await dialog.textContent()) ?? '';
  assert.ok(asked.includes(String(good)), `the dialog names ${good} charges: ${asked}`);
  assert.ok(asked.includes((file.goodCents / 100).toFixed(2)), `the dialog names the total: ${asked}`);
  await page.getByTestId('confirm-submit').click();

  // Killed mid-batch, once the page has shown some rows done.
  const progress = page.getByTestId('mitbatch-progress');
  await eventually(async () => ((await progress.count()) > 0 && (await counted(progress, 'data-done')) >= 30 ? true : undefined), 'rows done on the page', 60_000);
  assert.equal(await counted(progress, 'data-total'), good);
  await page.getByTestId('mitbatch-pace').waitFor();
  // The kill lands with rows done, rows at the gateway waiting for their answer, and rows not started.
  // A charge killed before its request reached the gateway is never sent again (the engine's
  // recovery finds no record and fails it: nothing moved), so the answers are held until every
  // charge started is in the book and no other can start.
  await sandbox.setFaults('sibs-spg', [], [{ ms: HOLD_MS, phase: 'after' }]);
  const batchCharges = async () => (await sandbox.book('sibs-spg')).filter((payment) => payment.merchantInitiated).length;
  let lastRan = -1;
  const atKill = await eventually(
    async () => {
      const { counts } = await value<{ counts: { ran: number; charging: number } }>('mitbatch:get', { batchId });
      const settled = counts.ran === lastRan && counts.charging > 0 && (await batchCharges()) === counts.ran;
      lastRan = counts.ran;
      if (!settled) await new Promise((resolve) => setTimeout(resolve, 300));
      return settled ? counts : undefined;
    },
    'every started charge in the book, answers held',
    30_000,
  );
  assert.ok(atKill.ran < good, `the kill comes mid-batch (${atKill.ran} of ${good} started)`);
  const first = hosts.at(-1);
  assert.ok(first);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  await sandbox.setFaults('sibs-spg', []);

  // The next core takes the batch over as it starts; the page, never reloaded, follows it to the end.
  let reloads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) reloads += 1;
  });
  await page.locator('[data-testid="mitbatch-view"][data-status="done"]').waitFor({ timeout: 90_000 });
  assert.equal(hosts.length, 2, 'one restart');
  assert.equal(reloads, 0, 'the page was not reloaded');
  await page.locator(`[data-testid="mitbatch-progress"][data-done="${good}"]`).waitFor();
  await page.locator(`[data-testid="mitbatch-filter-succeeded"][data-count="${good}"]`).click();
  await page.locator(`[data-testid="mitbatch-item"][data-batch-id="${batchId}"][data-status="done"]`).waitFor();

  // The emulator's book: one charge per good row, none for a bad row.
  const rows: MitBatchRow[] = [];
  for (let cursor: string | null = null; ; ) {
    const pageOfRows: { rows: MitBatchRow[]; nextCursor: string | null } = await value('mitbatch:rows', { batchId, limit: 1000, cursor });
    rows.push(...pageOfRows.rows);
    cursor = pageOfRows.nextCursor;
    if (cursor === null) break;
  }
  const goodReferences = new Set(rows.filter((row) => row.state !== 'invalid').map((row) => row.merchantReference));
  const badReferences = new Set(rows.filter((row) => row.state === 'invalid').map((row) => row.merchantReference));
  assert.equal(goodReferences.size, good);
  const charges = (await sandbox.book('sibs-spg')).filter((payment) => payment.merchantInitiated);
  const perReference = new Map<string, number>();
  for (const charge of charges) perReference.set(charge.merchantReference, (perReference.get(charge.merchantReference) ?? 0) + 1);
  assert.deepEqual([...perReference].filter(([, times]) => times > 1), [], 'no row was charged twice');
  assert.deepEqual([...goodReferences].filter((reference) => perReference.get(reference ?? '') !== 1), [], 'every good row was charged');
  assert.deepEqual([...badReferences].filter((reference) => perReference.has(reference ?? '')), [], 'no bad row was charged');
  assert.equal(charges.length, good, 'the book holds the batch’s charges and nothing else');
  assert.ok(rows.every((row) => (row.state === 'invalid') === file.badLines.includes(row.line) && (row.state === 'invalid' || row.state === 'succeeded')), 'good rows succeeded, bad rows stayed refused');

  // The result file, written from the page and read back: every line of the file with its outcome.
  await page.getByTestId('mitbatch-export').click();
  const exportedPath = (await page.getByTestId('mitbatch-export-path').textContent()) ?? '';
  const text = readFileSync(exportedPath, 'utf8');
  assert.match(text, /^\uFEFF# Times are in /);
  assert.equal(text.includes(PAN), false, 'no card number in the result file');
  const records = Papa.parse<Record<string, string>>(text.slice(text.indexOf('\n') + 1), { header: true, skipEmptyLines: true }).data;
  assert.equal(records.length, ROWS, 'one record per row of the file');
  const outcomes = new Map(records.map((record) => [Number(record['line']), record['outcome']]));
  for (let n = 1; n <= ROWS; n += 1) assert.equal(outcomes.get(n + 1), file.badLines.includes(n + 1) ? 'invalid' : 'succeeded', `line ${n + 1}`);
  assert.deepEqual(pageErrors, []);
});
