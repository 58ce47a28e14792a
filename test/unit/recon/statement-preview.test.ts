import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewStatement, PREVIEW_ROWS } from '../../../electron/core/recon/statement-preview.ts';
import { statementMappingSchema, type StatementMappingInput } from '../../../electron/core/recon/mappings/statement-mapping.ts';
import { utf8 } from './statement-test-kit.ts';

const header = 'Ref;Montant;Devise;Etat;Date';
const lines = Array.from({ length: 30 }, (_, index) => `order-${index};${index},50;EUR;${index === 3 ? 'inconnu' : 'payé'};${String((index % 28) + 1).padStart(2, '0')}/02/2024 10:00:00`);
const bytes = utf8([header, ...lines].join('\n') + '\n');

const userMapping: StatementMappingInput = {
  name: 'My bank export',
  columns: { merchantReference: 'Ref', amount: 'Montant', currency: 'Devise', status: 'Etat', transactionAt: 'Date' },
  amountUnit: 'major',
  statusValues: { payé: 'succeeded', refusé: 'failed' },
  format: { timeZone: 'Europe/Paris' },
};

test('without a mapping: the detected format, the headers and the first rows as they are', () => {
  const preview = previewStatement(bytes);
  assert.deepEqual(preview.headers, ['Ref', 'Montant', 'Devise', 'Etat', 'Date']);
  assert.equal(preview.format.delimiter, ';');
  assert.equal(preview.format.decimalSeparator, ',');
  assert.equal(preview.format.dateFormat, 'DD/MM/YYYY HH:mm:ss');
  assert.equal(preview.rows.length, PREVIEW_ROWS);
  assert.deepEqual(preview.rows[0]?.raw, ['order-0', '0,50', 'EUR', 'payé', '01/02/2024 10:00:00']);
  assert.equal(preview.rows[0]?.row, null);
});

test('with a user mapping: rows as mapped, and the problems of each column counted', () => {
  const preview = previewStatement(bytes, userMapping);
  assert.equal(preview.rows[1]?.row?.amountMinor, 150n);
  assert.equal(preview.rows[1]?.row?.transactionAt?.toISOString(), '2024-02-02T09:00:00.000Z');
  assert.equal(preview.rows[3]?.row, null);
  assert.match(preview.rows[3]?.problem ?? '', /"inconnu" is not in the mapping's status table/);
  assert.deepEqual(preview.problems.map((problem) => [problem.field, problem.rows]), [['status', 1]]);
});

test('a header the file lacks and a half-made mapping are problems, not errors', () => {
  const missing = previewStatement(bytes, { ...userMapping, columns: { ...userMapping.columns, fee: 'Frais' } });
  assert.deepEqual(missing.problems.map((problem) => [problem.field, problem.problem]), [['fee', 'the file has no column "Frais"']]);
  assert.ok(missing.rows.every((row) => row.row === null));
  const halfMade = previewStatement(bytes, { name: 'x', columns: { amount: 'Montant' }, amountUnit: 'major' });
  assert.ok(halfMade.problems.some((problem) => /currency/.test(problem.problem)));
  assert.ok(halfMade.problems.some((problem) => /status/.test(problem.problem)));
  assert.equal(halfMade.rows.length, PREVIEW_ROWS);
});

test('a row holding a card number is previewed without any of its cells', () => {
  const withCard = utf8(`${header}\norder-1;1,00;EUR;payé;01/02/2024\n4111-1111-1111-1111;1,00;EUR;payé;01/02/2024\n`);
  for (const preview of [previewStatement(withCard), previewStatement(withCard, userMapping)]) {
    assert.deepEqual(preview.rows[1]?.raw, []);
    assert.ok(!JSON.stringify(preview, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value)).includes('4111'));
  }
});

test('the mapping schema refuses what the reader could not run', () => {
  const bad: unknown[] = [
    { ...userMapping, columns: { merchantReference: 'Ref' } },
    { ...userMapping, columns: { ...userMapping.columns, currency: undefined } },
    { ...userMapping, fixedCurrency: 'EURO', columns: { ...userMapping.columns, currency: undefined } },
    { ...userMapping, statusValues: undefined },
    { ...userMapping, statusValues: { payé: 'paid' } },
    { ...userMapping, format: { delimiter: ':' } },
    { ...userMapping, format: { timeZone: 'Mars/Olympus' } },
    { ...userMapping, unknownKey: true },
  ];
  for (const mapping of bad) assert.equal(statementMappingSchema.safeParse(mapping).success, false, JSON.stringify(mapping));
  assert.equal(statementMappingSchema.safeParse(userMapping).success, true);
});
