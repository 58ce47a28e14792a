/**
 * A finance user gets the list out, in browser mode with the real core, keychain, SQLite and
 * sandbox: payments are made (one keyed in the MOTO form, one partly refunded), the list is
 * filtered, "Export CSV" writes what the list shows with times in the chosen zone, and the file
 * read back holds those payments in the list's order with their amounts, balances, exact long ids
 * and defused formulas, and no card number. A large export shows its progress and, cancelled,
 * leaves no file.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { chooseLanguage, keyMotoPayment, openOnProfile } from '../helpers/browser.ts';
import type { TestCore } from '../helpers/test-core.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const SIBS_PROFILE_ID = 'sandbox-sibs-spg';
const PAN = '4761340000000035';
const CVV = '536';
/** A reference a spreadsheet would turn into 1.23457E+20 and lose digits of. */
const LONG_REFERENCE = '000123456789012345678';

let session: BrowserSession;
let t: TestCore;
let page: Page;
let origin: string;

before(async () => {
  session = await startBrowserSession();
  ({ t, page } = session);
  origin = session.server.origin;
});

after(() => session?.close());

type Row = Record<string, string>;

function readExport(path: string): { firstLine: string; records: Row[]; text: string } {
  const text = readFileSync(path, 'utf8');
  return { text, firstLine: text.slice(0, text.indexOf('\n')), records: parse(text, { columns: true, from_line: 2 }) as Row[] };
}

function exportedFiles(): string[] {
  const folder = join(t.dataDir, 'exports');
  return existsSync(folder) ? readdirSync(folder) : [];
}

function saleCard(holder: string) {
  return { number: PAN, cvv: CVV, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder };
}

test('exports the filtered list to a CSV whose rows are the list’s, with the time zone, exact ids and defused formulas', async () => {
  await openOnProfile(page, session.server.url, SIBS_PROFILE_ID);
  await page.goto(`${origin}/#/new`);
  const outcome = await keyMotoPayment(page, { amount: '60.00', pan: PAN, cvv: CVV, holder: 'Bruno Export', email: 'bruno@example.pt', kind: 'sale' });
  assert.equal(await outcome.getAttribute('data-status'), 'captured');

  const refundedSale = await t.value('payments:createMoto', {
    profileId: SIBS_PROFILE_ID,
    kind: 'sale',
    money: { amount: '25.00', currency: 'EUR' },
    merchantReference: LONG_REFERENCE,
    description: '=HYPERLINK("http://evil.example","open"), "quoted"',
    card: saleCard('Ana Export'),
  });
  refunded(await t.value('payments:refund', { paymentId: refundedSale.paymentId, amount: '5.00', expectedRefundable: '25.00', reason: 'Returned one item' }));
  const small = await t.value('payments:createMoto', { profileId: SIBS_PROFILE_ID, kind: 'sale', money: { amount: '8.00', currency: 'EUR' }, card: saleCard('Carla Export') });

  await page.goto(`${origin}/#/transactions`);
  await page.getByTestId('transactions-search').fill('amount>10');
  await page.locator(`[data-testid="transaction-row"][data-payment-id="${small.paymentId}"]`).waitFor({ state: 'detached' });
  await page.locator(`[data-testid="transaction-row"][data-payment-id="${refundedSale.paymentId}"]`).waitFor();
  const listed = await page.getByTestId('transaction-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payment-id')));
  assert.equal(listed.length, 2, 'the list shows the two payments above 10');

  assert.equal(await page.getByTestId('payments-export-timezone').count(), 0, 'the folded options make their selects only when opened');
  await page.getByTestId('payments-export-options').locator('summary').click();
  await page.getByTestId('payments-export-timezone').selectOption('Europe/Lisbon');
  await page.getByTestId('payments-export').click();
  const path = (await page.getByTestId('payments-export-path').textContent()) ?? '';
  assert.match(await page.getByTestId('payments-export-done').innerText(), /2 payments written to/);
  assert.match(basename(path), /^payments-\d{4}-\d{2}-\d{2}-\d{6}-Europe-Lisbon\.csv$/);
  assert.equal(join(t.dataDir, 'exports', basename(path)), path, 'the file is in the data folder’s exports');

  await page.screenshot({ path: join(t.dataDir, '..', `e2e-payments-export-${process.pid}.png`) }).catch(() => undefined);

  const { firstLine, records, text } = readExport(path);
  assert.equal(firstLine, '\uFEFF# Times are in Europe/Lisbon', 'a byte-order mark (Excel then reads UTF-8), then the zone');
  assert.deepEqual(records.map((record) => record['Payment ID']), listed, 'the file has the list’s payments, in its order');

  const summaries = new Map((await t.value('payments:search', { amountMin: '10.00' })).rows.map((summary) => [summary.id, summary]));
  const lisbon = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Lisbon', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  for (const record of records) {
    const summary = summaries.get(record['Payment ID'] ?? '');
    assert.ok(summary, `${record['Payment ID']} is in the list`);
    assert.equal(record['Created'], lisbon.format(new Date(summary.createdAt)));
    assert.deepEqual(
      [record['Gateway'], record['Environment'], record['Method'], record['Amount'], record['Currency'], record['Captured'], record['Refunded'], record['Card brand'], record['Card last 4']],
      ['SIBS SPG', 'Sandbox', 'Card (MOTO)', summary.amount, 'EUR', summary.captured, summary.refunded, 'Visa', '="0035"'],
    );
  }
  const partly = records.find((record) => record['Payment ID'] === refundedSale.paymentId);
  assert.deepEqual([partly?.['Status'], partly?.['Amount'], partly?.['Captured'], partly?.['Refunded']], ['Partially refunded', '25.00', '25.00', '5.00']);
  assert.equal(partly?.['Merchant reference'], `="${LONG_REFERENCE}"`, 'a spreadsheet shows the reference with every digit');
  assert.equal(partly?.['Description'], `'=HYPERLINK("http://evil.example","open"), "quoted"`, 'the formula is shown, never run');
  assert.equal(partly?.['Customer name'], 'Ana Export');
  const keyed = records.find((record) => record['Payment ID'] !== refundedSale.paymentId);
  assert.deepEqual([keyed?.['Status'], keyed?.['Customer e-mail'], keyed?.['Customer name']], ['Captured', 'bruno@example.pt', 'Bruno Export']);
  assert.ok(!text.includes(PAN) && !text.includes('476134'), 'no card number or BIN in the file');
  assert.deepEqual(session.pageErrors, []);
});

test('in Portuguese the export offers ";" and a decimal comma with Portuguese column names, and writes the file so', async () => {
  const sale = await t.value('payments:createMoto', { profileId: SIBS_PROFILE_ID, kind: 'sale', money: { amount: '1234.50', currency: 'EUR' }, merchantReference: 'FOLHA-PT-1', card: saleCard('Rita Folha') });
  await chooseLanguage(page, origin, 'pt-PT');
  try {
    await page.goto(`${origin}/#/transactions`);
    await page.getByTestId('transactions-search').fill('FOLHA-PT-1');
    await page.locator(`[data-testid="transaction-row"][data-payment-id="${sale.paymentId}"]`).waitFor();
    assert.match(await page.getByTestId('payments-export-options').locator('summary').innerText(), /Europe\/Lisbon|UTC/);
    await page.getByTestId('payments-export-options').locator('summary').click();
    assert.equal(await page.getByTestId('payments-export-convention').inputValue(), 'semicolon-comma', 'Portuguese Excel’s format is the default');
    assert.equal(await page.getByTestId('payments-export-header-language').inputValue(), 'pt-PT');
    await page.getByTestId('payments-export-timezone').selectOption('Europe/Lisbon');
    await page.getByTestId('payments-export').click();
    const path = (await page.getByTestId('payments-export-path').textContent()) ?? '';
    const text = readFileSync(path, 'utf8');
    assert.equal(text.slice(0, text.indexOf('\n')), '\uFEFF# Horas no fuso horário Europe/Lisbon');
    const [header, ...lines] = parse(text, { delimiter: ';', from_line: 2 }) as string[][];
    assert.deepEqual(header?.slice(0, 3), ['Criado', 'ID do pagamento', 'Gateway']);
    assert.equal(lines.length, 1);
    const record = Object.fromEntries((header ?? []).map((name, index) => [name, lines[0]?.[index]]));
    assert.deepEqual([record['ID do pagamento'], record['Montante'], record['Capturado'], record['Reembolsado'], record['Moeda']], [sale.paymentId, '1234,50', '1234,50', '0,00', 'EUR']);
    assert.ok(text.split('\n')[1]?.includes(';'), 'fields are separated by semicolons');
  } finally {
    await chooseLanguage(page, origin, 'en');
  }
  assert.deepEqual(session.pageErrors, []);
});

test('a large export shows rows written and their rate, and Cancel leaves no file', async () => {
  // Enough payments that the export is still writing when Cancel is pressed.
  const ledger = t.core.internals.ledger;
  const created = new Date('2026-03-01T09:00:00.000Z').getTime();
  await ledger.withTransaction(async (tx) => {
    for (let n = 0; n < 60_000; n += 1) {
      await tx.payments.insert(newPayment({ id: `pay_bulk_${n}`, currency: 'USD', status: 'captured', merchantReference: `BULK-${n}`, createdAt: new Date(created + n * 1_000) }));
    }
  });
  const before = exportedFiles();

  await page.goto(`${origin}/#/transactions`);
  await page.getByTestId('transactions-search').fill('currency:USD');
  await page.getByTestId('transaction-row').first().waitFor();
  await page.getByTestId('payments-export').click();
  const progress = page.getByTestId('payments-export-progress');
  await page.locator('[data-testid="payments-export-progress"]:not([data-rows-written="0"])').waitFor();
  assert.match(await progress.innerText(), /payments written · [\d\s,.]+ a second/);
  await page.screenshot({ path: join(t.dataDir, '..', `e2e-payments-export-progress-${process.pid}.png`) }).catch(() => undefined);
  await page.getByTestId('payments-export-cancel').click();
  await page.getByTestId('payments-export-cancelled').waitFor();
  assert.equal(await progress.count(), 0, 'the progress bar is gone');
  assert.deepEqual(exportedFiles(), before, 'no file, not even a partial one');
  assert.deepEqual(session.pageErrors, []);
});
