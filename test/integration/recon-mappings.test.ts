/**
 * User-defined statement mappings through the door: saved by name in the workspace's settings,
 * listed next to the gateway's shipped ones, refused (with nothing stored) when the reader could
 * not run them, previewed on a file's first bytes, and used by recon:import on a CSV no gateway
 * ships a mapping for.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ReconClass } from '../../shared/domain/recon.ts';
import type { ChannelInput } from '../../shared/ipc/contract.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import type { SettingsStore } from '../../electron/core/settings/settings-store.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
let settings: SettingsStore;
const profileId = sandboxProfileId('aci-oppwa');

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-test-'));
  settings = createNodeSettingsStore(dataDir);
  t = await startTestCore({ dataDir, settings, requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

type MappingInput = ChannelInput<'recon:saveMapping'>['mapping'];

/** A Portuguese bank's card-acquiring export: semicolons, decimal commas, day-first dates, its own status words. */
const BANK_MAPPING: MappingInput = {
  name: 'Banco Exemplo — extrato TPA',
  columns: {
    transactionAt: 'Data',
    merchantReference: 'Referência',
    gatewayTransactionId: 'ID transação',
    amount: 'Montante',
    currency: 'Moeda',
    status: 'Estado',
    fee: 'Comissão',
  },
  amountUnit: 'major',
  statusValues: { liquidado: 'succeeded', anulado: 'voided', devolvido: 'refunded' },
  format: { dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Lisbon' },
};

function dayFirst(date: Date): string {
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
}

function commaDecimal(amount: string): string {
  return amount.replace('.', ',');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const storedMappings = () => settings.read().reconMappings;

describe('saved statement mappings', () => {
  test('a saved mapping is listed after the gateway’s shipped ones, marked as saved, and kept in the settings', async () => {
    const saved = await t.value('recon:saveMapping', { mapping: BANK_MAPPING });
    assert.equal(saved.kind, 'saved');
    assert.equal(saved.mapping.defaultKind, 'payment', 'defaults are filled in as the reader will run it');
    const listed = await t.value('recon:mappings', { profileId });
    const shipped = (getGateway('aci-oppwa').statementMappings ?? []).map((mapping) => mapping.name);
    assert.deepEqual(
      listed.filter((entry) => entry.kind === 'shipped').map((entry) => entry.name),
      shipped,
    );
    assert.deepEqual(
      listed.filter((entry) => entry.kind === 'saved').map((entry) => entry.name),
      [BANK_MAPPING.name],
    );
    assert.equal(storedMappings().length, 1);
  });

  test('refuses a mapping the reader could not run, and stores nothing', async () => {
    const before = JSON.stringify(storedMappings());
    const answer = await t.call('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: 'No status table', statusValues: undefined } });
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.kind, 'validation');
    assert.ok(!answer.ok && answer.error.fields?.['statusValues'], 'the field at fault is named');
    const noAmount = await t.call('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: 'No amount', columns: { currency: 'Moeda', status: 'Estado' } } });
    assert.equal(!noAmount.ok && noAmount.error.kind, 'validation');
    const badCurrency = await t.call('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: 'Odd currency', columns: { amount: 'Montante', status: 'Estado' }, fixedCurrency: 'EURO' } });
    assert.equal(!badCurrency.ok && badCurrency.error.kind, 'validation');
    assert.equal(JSON.stringify(storedMappings()), before);
  });

  test('refuses a second mapping of the same name unless asked to replace it', async () => {
    const before = JSON.stringify(storedMappings());
    const again = await t.call('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: `  ${BANK_MAPPING.name.toUpperCase()} ` } });
    assert.equal(!again.ok && again.error.kind, 'conflict');
    assert.equal(JSON.stringify(storedMappings()), before);
    const replaced = await t.value('recon:saveMapping', { mapping: { ...BANK_MAPPING, notes: ['Status words checked with the bank'] }, replace: true });
    assert.deepEqual(replaced.mapping.notes, ['Status words checked with the bank']);
    assert.equal(storedMappings().length, 1);
  });

  test('refuses the name of a mapping a gateway ships', async () => {
    const shippedName = getGateway('be2bill').statementMappings?.[0]?.name ?? '';
    const answer = await t.call('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: shippedName } });
    assert.equal(!answer.ok && answer.error.kind, 'validation');
    assert.equal(storedMappings().length, 1);
  });

  test('refuses a card number in a name, a column or a status word, and stores nothing', async () => {
    const before = JSON.stringify(storedMappings());
    for (const mapping of [
      { ...BANK_MAPPING, name: 'Card 4111 1111 1111 1111' },
      { ...BANK_MAPPING, name: 'Columns', columns: { ...BANK_MAPPING.columns, merchantAccount: '4111111111111111' } },
      { ...BANK_MAPPING, name: 'Statuses', statusValues: { '4111-1111-1111-1111': 'succeeded' as const } },
    ]) {
      const answer = await t.call('recon:saveMapping', { mapping });
      assert.equal(!answer.ok && answer.error.kind, 'validation', mapping.name);
    }
    assert.equal(JSON.stringify(storedMappings()), before);
  });

  test('deletes a saved mapping by name, once', async () => {
    await t.value('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: 'Short-lived' } });
    assert.deepEqual(await t.value('recon:deleteMapping', { name: 'short-lived' }), { deleted: true });
    assert.deepEqual(await t.value('recon:deleteMapping', { name: 'Short-lived' }), { deleted: false });
    assert.ok(!(await t.value('recon:mappings', { profileId })).some((entry) => entry.name === 'Short-lived'));
  });

  test('keeps a stored entry this version cannot read, and writes it back', async () => {
    settings.update((current) => ({ ...current, reconMappings: [...current.reconMappings, { savedAt: 'later', mapping: { name: 'From a newer version', columns: { amount: 'A' }, amountUnit: 'micro' } }] }));
    const listed = await t.value('recon:mappings', { profileId });
    assert.ok(!listed.some((entry) => entry.name === 'From a newer version'));
    await t.value('recon:saveMapping', { mapping: { ...BANK_MAPPING, name: 'Another bank' } });
    assert.ok(storedMappings().some((entry) => JSON.stringify(entry).includes('From a newer version')));
    await t.value('recon:deleteMapping', { name: 'Another bank' });
  });
});

describe('recon:preview', () => {
  const file = ['Data;Referência;ID transação;Montante;Moeda;Estado;Comissão', '03/12/2026;REF-1;8ac7a4a1;1.234,50;EUR;Liquidado;0,35', '04/12/2026;REF-2;8ac7a4a2;12,00;EUR;Pendente;0,10', ''].join('\r\n');

  test('detects the format and shows the headers and raw rows without a mapping', async () => {
    const preview = await t.value('recon:preview', { contentBase64: base64(file) });
    assert.equal(preview.format.delimiter, ';');
    assert.equal(preview.format.decimalSeparator, ',');
    assert.equal(preview.format.dateFormat, 'DD/MM/YYYY');
    assert.deepEqual(preview.headers, ['Data', 'Referência', 'ID transação', 'Montante', 'Moeda', 'Estado', 'Comissão']);
    assert.deepEqual(preview.rows[0]?.raw, ['03/12/2026', 'REF-1', '8ac7a4a1', '1.234,50', 'EUR', 'Liquidado', '0,35']);
    assert.equal(preview.rows[0]?.row, null);
  });

  test('reads the rows with a mapping and names each row’s problem', async () => {
    const preview = await t.value('recon:preview', { contentBase64: base64(file), mapping: BANK_MAPPING });
    const [first, second] = preview.rows;
    assert.deepEqual(first?.row && { amount: first.row.amount, fee: first.row.fee, status: first.row.status, at: first.row.transactionAt }, {
      amount: '1234.50',
      fee: '0.35',
      status: 'succeeded',
      at: '2026-12-03T00:00:00.000Z',
    });
    assert.equal(second?.row, null);
    assert.match(second?.problem ?? '', /Pendente/);
    assert.ok(preview.problems.some((problem) => problem.field === 'status' && problem.rows === 1));
  });

  test('answers a half-made mapping with its problems instead of refusing it', async () => {
    const preview = await t.value('recon:preview', { contentBase64: base64(file), mapping: { columns: { currency: 'Moeda' } } });
    assert.ok(preview.problems.some((problem) => problem.field === 'amount'), JSON.stringify(preview.problems));
    assert.equal(preview.rows.length, 2);
  });

  test('refuses more than the preview reads, and a format the reader does not know', async () => {
    const tooBig = await t.call('recon:preview', { contentBase64: 'A'.repeat(400_000) });
    assert.equal(!tooBig.ok && tooBig.error.kind, 'validation');
    const badFormat = await t.call('recon:preview', { contentBase64: base64(file), format: { delimiter: '#' } });
    assert.equal(!badFormat.ok && badFormat.error.kind, 'validation');
  });
});

describe('recon:import with a saved mapping', () => {
  test('imports a bank export no gateway ships a mapping for and finds what differs', async () => {
    const paymentIds: string[] = [];
    for (const amount of ['1234.50', '21.00', '22.00', '23.00']) paymentIds.push(await sandboxSale(t, 'aci-oppwa', amount, 'Saved Mapping'));
    const payments = await Promise.all(paymentIds.map(async (paymentId) => (await t.value('payments:get', { paymentId })).payment));
    const today = dayFirst(new Date());
    const line = (payment: (typeof payments)[number], amount: string, status = 'Liquidado') =>
      [today, payment.merchantReference, payment.gatewayTransactionId ?? '', commaDecimal(amount).replace('1234,', '1.234,'), payment.currency, status, '0,20'].join(';');
    const [first, second, third, fourth] = payments;
    assert.ok(first && second && third && fourth);
    const csv = [
      'Data;Referência;ID transação;Montante;Moeda;Estado;Comissão',
      line(first, first.amount),
      line(second, second.amount),
      // The bank says it settled a different amount, and one sale was reversed there.
      line(third, '23.50'),
      line(fourth, fourth.amount, 'Anulado'),
      // A row the console never sold.
      [today, 'ELSEWHERE-1', 'ffffffff00000001', '9,99', 'EUR', 'Liquidado', '0,01'].join(';'),
      '',
    ].join('\r\n');
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();

    const imported = await t.value('recon:import', {
      profileId,
      mapping: BANK_MAPPING.name,
      mappingKind: 'saved',
      fileName: 'extrato-tpa.csv',
      contentBase64: base64(csv),
      period: { from, to },
    });
    assert.deepEqual(imported.skipped, []);
    assert.equal(imported.rows, 5);
    assert.equal(imported.session.mapping, BANK_MAPPING.name);
    const summary = await t.value('recon:session', { sessionId: imported.session.id });
    const counted: Partial<Record<ReconClass, number>> = {};
    for (const total of summary.totals) counted[total.reconClass] = (counted[total.reconClass] ?? 0) + total.count;
    assert.deepEqual(counted, { matched: 2, amount_mismatch: 1, status_mismatch: 1, missing_in_ledger: 1 }, JSON.stringify(summary.totals));
  });

  test('a name that is neither shipped nor saved is refused with the names there are', async () => {
    const answer = await t.call('recon:import', {
      profileId,
      mapping: 'Nobody’s mapping',
      fileName: 'x.csv',
      contentBase64: base64('a;b\n1;2\n'),
      period: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() },
    });
    assert.equal(!answer.ok && answer.error.kind, 'validation');
    assert.match((!answer.ok && answer.error.fields?.['mapping']) || '', /Banco Exemplo/);
  });
});
