import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { fitRow, presentRows } from '../../electron/core/list-rows.ts';
import type { Logger } from '../../electron/core/ports.ts';

const rowSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'closed']),
  card: z.object({ bin: z.string().regex(/^\d{6}$/) }).nullable(),
  note: z.string().nullable(),
});

test('a row that fits is shown as it is', () => {
  const row = { id: 'a', status: 'open', card: { bin: '411111' }, note: 'x' };
  assert.deepEqual(fitRow(row, rowSchema), { value: row, blanked: [] });
});

test('a field that does not fit is left blank where the contract allows it', () => {
  assert.deepEqual(fitRow({ id: 'b', status: 'open', card: { bin: '41111111' }, note: 'x' }, rowSchema), {
    value: { id: 'b', status: 'open', card: null, note: 'x' },
    blanked: ['card'],
  });
});

test('a row whose required field does not fit cannot be shown', () => {
  assert.equal(fitRow({ id: 'c', status: 'settled', card: null, note: null }, rowSchema), null);
  assert.equal(fitRow(null, rowSchema), null);
});

test('one row that cannot be shown costs only itself, is counted and logged by id', () => {
  const logged: Array<{ level: string; fields: Record<string, unknown> | undefined }> = [];
  const logger: Logger = {
    info: () => {},
    warn: (_message, fields) => logged.push({ level: 'warn', fields }),
    error: (_message, fields) => logged.push({ level: 'error', fields }),
  };
  const rows = [
    { id: 'good', status: 'open', bin: '411111' },
    { id: 'long-bin', status: 'open', bin: '41111111' },
    { id: 'odd-status', status: 'settled', bin: '411111' },
    { id: 'throws', status: 'open', bin: null },
  ];
  const presented = presentRows(
    rows,
    (row) => {
      if (row.bin === null) throw new RangeError('cannot present');
      return { id: row.id, status: row.status, card: { bin: row.bin }, note: null };
    },
    rowSchema,
    { what: 'payment', idOf: (row) => row.id, logger },
  );
  assert.deepEqual(presented.rows.map((row) => [row.id, row.card]), [['good', { bin: '411111' }], ['long-bin', null]]);
  assert.equal(presented.skipped, 2);
  assert.deepEqual(logged, [
    { level: 'warn', fields: { id: 'long-bin', blanked: ['card'] } },
    { level: 'error', fields: { id: 'odd-status', failure: 'required fields do not fit the contract' } },
    { level: 'error', fields: { id: 'throws', failure: 'RangeError' } },
  ]);
});
