import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { statementEntryKindSchema, statementStatusSchema } from '../../../shared/domain/recon.ts';
import { packStatementRows, unpackStatementRows } from '../../../electron/core/recon/statement-row-columns.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';

const MAX = 10n ** 15n;
const amount = fc.bigInt({ min: -2n * MAX, max: 2n * MAX });
const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const row: fc.Arbitrary<StatementRow> = fc.record({
  line: fc.integer({ min: 1, max: 2 ** 40 }),
  gatewayTransactionId: fc.option(fc.string()),
  merchantReference: fc.option(fc.string()),
  kind: fc.constantFrom(...statementEntryKindSchema.options),
  status: fc.constantFrom(...statementStatusSchema.options),
  amountMinor: amount,
  currency: fc.constantFrom('EUR', 'NGN', 'JPY', 'KWD'),
  feeMinor: fc.option(amount),
  netMinor: fc.option(amount),
  transactionAt: fc.option(instant),
  settledAt: fc.option(instant),
  merchantAccount: fc.option(fc.constantFrom('M1', 'M2', 'another merchant', '')),
});

test('property: any block of rows comes back from its columns as it went in, through a structured clone', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
      assert.deepEqual(unpackStatementRows(structuredClone(packStatementRows(rows))), rows.map((entry) => ({ ...entry })));
    }),
    { numRuns: 300 },
  );
});

test('an amount a double cannot hold exactly is refused, not rounded', () => {
  const base: StatementRow = { line: 2, gatewayTransactionId: 'T1', merchantReference: null, kind: 'payment', status: 'succeeded', amountMinor: 2n ** 53n + 1n, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null };
  assert.throws(() => packStatementRows([base]), RangeError);
});
