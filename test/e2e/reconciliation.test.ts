/**
 * Reconciliation in browser mode with the real core and sandbox: sales made through the door, the
 * sandbox gateway's statement with one planted discrepancy of each kind, imported through the
 * Reconciliation page. Each class tab shows the count the statement's manifest names; one row is
 * accepted with a note, one linked to a payment by hand, one followed up with a sync (by keyboard);
 * the session is exported and the file the page names holds the time zone in its first line.
 */
import { readFileSync, existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RECON_CLASSES, type ReconClass } from '../../shared/domain/recon.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { chooseProfile, startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';
import { PLAYS } from '../soak/lib/driver.ts';

const GATEWAY = 'be2bill';
const PROFILE = sandboxProfileId(GATEWAY);
const SALES = 6;

let session: BrowserSession;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

async function sales(count: number): Promise<string[]> {
  const play = PLAYS[GATEWAY];
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = await session.t.value('payments:createMoto', {
      profileId: PROFILE,
      kind: 'sale',
      money: { amount: `${30 + index}.00`, currency: play.currency },
      customer: { email: 'recon@example.com' },
      card: { ...play.card, expiryMonth: 12, expiryYear: today.getUTCFullYear() + 2, holder: 'Recon Reader' },
    });
    ids.push(created.paymentId);
  }
  return ids;
}

test('imports a planted statement, shows each class with its count, resolves a row each way and exports the session', async () => {
  const { t, server, page, pageErrors } = session;
  const paymentIds = await sales(SALES);
  const plant = { counts: { missing: 1, amount: 1, status: 1, duplicate: 1, unknown: 1 } };
  const statement = await t.value('sandbox:statement', { gatewayId: GATEWAY, from: day(-1), to: day(1), seed: 7, plant });
  const expected = new Map<ReconClass, number>();
  for (const entry of statement.manifest) expected.set(entry.expectedClass, (expected.get(entry.expectedClass) ?? 0) + 1);
  assert.equal(statement.manifest.length, 5);

  await chooseProfile(session, PROFILE);
  await page.goto(`${server.origin}/#/reconciliation`);
  await page.getByTestId('recon-profile').selectOption(PROFILE);
  const mapping = page.getByTestId('recon-mapping');
  const shippedMapping = getGateway(GATEWAY).statementMappings?.[0]?.name ?? '';
  await mapping.locator(`option[value="${shippedMapping}"]`).waitFor({ state: 'attached' });
  assert.equal(await mapping.inputValue(), shippedMapping, 'the gateway’s default mapping is offered first');
  await page.getByTestId('recon-period-from').fill(day(-1));
  await page.getByTestId('recon-period-to').fill(day(1));
  const bytes = statement.encoding === 'base64' ? Buffer.from(statement.content, 'base64') : Buffer.from(statement.content, 'utf8');
  await page.getByTestId('recon-file').setInputFiles({ name: statement.fileName, mimeType: 'text/csv', buffer: bytes });
  await page.getByTestId('recon-file-chosen').waitFor();
  await page.getByTestId('recon-import').click();

  const result = page.getByTestId('recon-import-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-skipped'), '0');
  assert.ok(Number(await result.getAttribute('data-rows')) >= SALES, 'every booked row was read');
  await page.getByTestId('recon-session').waitFor();
  const sessionId = (await page.getByTestId('recon-session').getAttribute('data-session-id')) ?? '';
  assert.notEqual(sessionId, '');
  assert.equal(await page.locator(`[data-testid="recon-session-item"][data-session-id="${sessionId}"]`).count(), 1, 'the new session is listed');

  // Each class tab counts what was planted in it; every untouched sale is matched.
  await page.locator('[data-testid="recon-tab-all"][data-count]:not([data-count="0"])').waitFor();
  for (const reconClass of RECON_CLASSES.filter((name) => name !== 'matched')) {
    assert.equal(await page.getByTestId(`recon-tab-${reconClass}`).getAttribute('data-count'), String(expected.get(reconClass) ?? 0), `${reconClass} tab`);
  }
  assert.ok(Number(await page.getByTestId('recon-tab-matched').getAttribute('data-count')) >= SALES - 4, 'the untouched sales are matched');

  async function pickRowOf(reconClass: ReconClass) {
    await page.getByTestId(`recon-tab-${reconClass}`).click();
    const row = page.locator(`[data-testid="recon-row"][data-class="${reconClass}"]`).first();
    await row.waitFor();
    assert.equal(await page.getByTestId('recon-row').count(), expected.get(reconClass), `only ${reconClass} rows are listed`);
    return row;
  }

  // Accept with a note: the note is required.
  const amountRow = await pickRowOf('amount_mismatch');
  await amountRow.click();
  assert.equal(await page.getByTestId('recon-accept').isDisabled(), true, 'no acceptance without a note');
  await page.getByTestId('recon-note').fill('Gateway applied a surcharge agreed by phone');
  await page.getByTestId('recon-accept').click();
  await page.locator('[data-testid="recon-resolved"][data-resolution="accepted"]').waitFor();
  assert.equal(await amountRow.getAttribute('data-resolution'), 'accepted');

  // Link the row the ledger does not know to a payment by hand.
  const unknownRow = await pickRowOf('missing_in_ledger');
  const unknownRowId = (await unknownRow.getAttribute('data-row-id')) ?? '';
  await unknownRow.click();
  await page.getByTestId('recon-link-payment').fill(paymentIds[0] ?? '');
  await page.getByTestId('recon-link').click();
  await page.locator('[data-testid="recon-resolved"][data-resolution="linked"]').waitFor();
  assert.equal(await page.locator(`[data-testid="recon-row"][data-row-id="${unknownRowId}"]`).getAttribute('data-resolution'), 'linked');

  // Follow up with a sync, by keyboard: focus the row, Enter picks it.
  const statusRow = await pickRowOf('status_mismatch');
  await statusRow.focus();
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="recon-resolve"][data-row-id="${await statusRow.getAttribute('data-row-id')}"]`).waitFor();
  await page.getByTestId('recon-follow-up-kind').selectOption('sync_payment');
  await page.getByTestId('recon-follow-up').click();
  await page.locator('[data-testid="recon-resolved"][data-resolution="follow_up"]').waitFor();

  // What the screen showed is what the core recorded.
  const { rows } = await t.value('recon:rows', { sessionId, limit: 1000 });
  const resolutions = rows.filter((row) => row.resolution !== null).map((row) => [row.resolution?.kind, row.resolution?.followUp ?? null]);
  assert.deepEqual(resolutions.sort(), [['accepted', null], ['follow_up', 'sync_payment'], ['linked', null]].sort());
  assert.equal(rows.find((row) => row.id === Number(unknownRowId))?.paymentId, paymentIds[0]);

  // Export in a chosen zone: the page names the file, and its first line names the zone.
  await page.getByTestId('recon-export-timezone').selectOption('Europe/Lisbon');
  await page.getByTestId('recon-export').click();
  const exportedPath = (await page.getByTestId('recon-export-path').textContent()) ?? '';
  assert.ok(existsSync(exportedPath), `the exported file exists: ${exportedPath}`);
  const firstLine = readFileSync(exportedPath, 'utf8').split('\n')[0];
  assert.equal(firstLine, '\uFEFF# Times are in Europe/Lisbon', 'a byte-order mark, then the zone');
  assert.deepEqual(pageErrors, []);
});

test('makes a mapping for a bank’s own export by picking columns, saves it by name, and imports with it', async () => {
  const { t, server, page, pageErrors } = session;
  const gatewayId = 'sibs-spg';
  const profileId = sandboxProfileId(gatewayId);
  const payments = [];
  for (const amount of ['1234.50', '41.00', '42.00']) {
    const paymentId = await sandboxSale(t, gatewayId, amount, 'Mapping Picker');
    payments.push((await t.value('payments:get', { paymentId })).payment);
  }
  const dayFirst = `${String(today.getUTCDate()).padStart(2, '0')}/${String(today.getUTCMonth() + 1).padStart(2, '0')}/${today.getUTCFullYear()}`;
  const csv = [
    'Data;Referência;ID transação;Montante;Moeda;Estado',
    ...payments.map((payment) => [dayFirst, payment.merchantReference, payment.gatewayTransactionId ?? '', payment.amount.replace('.', ',').replace(/^1234/, '1.234'), 'EUR', 'Liquidado'].join(';')),
    [dayFirst, 'ELSEWHERE-9', 'ffffffff00000009', '9,99', 'EUR', 'Anulado'].join(';'),
    '',
  ].join('\r\n');

  await page.goto(`${server.origin}/#/reconciliation`);
  await page.getByTestId('recon-profile').selectOption(profileId);
  await page.getByTestId('recon-period-from').fill(day(-1));
  await page.getByTestId('recon-period-to').fill(day(1));
  await page.getByTestId('recon-file').setInputFiles({ name: 'extrato-banco.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('recon-file-chosen').waitFor();

  const editor = page.getByTestId('recon-mapping-editor');
  await editor.locator('summary').click();
  const format = page.getByTestId('recon-mapping-format');
  await format.waitFor();
  assert.equal(await format.getAttribute('data-delimiter'), ';', 'the delimiter is detected');
  assert.equal(await format.getAttribute('data-date-format'), 'DD/MM/YYYY', 'day-first dates are detected');
  await page.getByTestId('recon-mapping-raw').waitFor();

  const columns = { transactionAt: 'Data', merchantReference: 'Referência', gatewayTransactionId: 'ID transação', amount: 'Montante', currency: 'Moeda', status: 'Estado' };
  for (const [field, header] of Object.entries(columns)) await page.getByTestId(`recon-mapping-column-${field}`).selectOption(header);
  const statusValue = (value: string) => page.locator(`[data-testid="recon-mapping-status-table-value"][data-file-value="${value}"]`);
  await statusValue('Liquidado').selectOption('succeeded');
  await statusValue('Anulado').selectOption('voided');
  await page.getByTestId('recon-mapping-decimal').selectOption(',');

  // Every previewed row reads once the status words are mapped.
  await page.locator('[data-testid="recon-mapping-preview-row"][data-problem="false"]').nth(payments.length).waitFor();
  assert.equal(await page.locator('[data-testid="recon-mapping-preview-row"][data-problem="true"]').count(), 0);
  assert.ok(((await page.getByTestId('recon-mapping-preview').textContent()) ?? '').includes('1234.50 EUR'), 'a decimal comma with a thousands dot reads as 1234.50');

  // Saved by keyboard: Enter in the name field submits the picker.
  const name = 'Banco — extrato do TPA';
  await page.getByTestId('recon-mapping-name').fill(name);
  await page.getByTestId('recon-mapping-name').press('Enter');
  const mapping = page.getByTestId('recon-mapping');
  await mapping.locator(`option[value="${name}"]`).waitFor({ state: 'attached' });
  assert.equal(await mapping.inputValue(), name, 'the saved mapping is chosen for the import');

  await page.getByTestId('recon-import').click();
  // The page may still show the earlier import: wait for this file's report and session.
  await page.locator(`[data-testid="recon-import-result"][data-rows="${payments.length + 1}"]`).waitFor();
  const [imported] = await t.value('recon:sessions', { limit: 1 });
  assert.equal(imported?.mapping, name);
  assert.equal(imported?.source, 'extrato-banco.csv');
  await page.locator(`[data-testid="recon-session"][data-session-id="${imported?.id}"]`).waitFor();
  await page.locator(`[data-testid="recon-tab-matched"][data-count="${payments.length}"]`).waitFor();
  assert.equal(await page.getByTestId('recon-tab-missing_in_ledger').getAttribute('data-count'), '1');
  assert.deepEqual(pageErrors, []);
});
