import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { statementEntryKindSchema, statementStatusSchema } from '../../../shared/domain/recon.ts';
import { statementRowOf, StatementValues } from '../../../electron/core/recon/statement-record.ts';
import { StatementColumnsBuilder, unpackStatementRows } from '../../../electron/core/recon/statement-row-columns.ts';

const MAX = 10 ** 15;
const amount = fc.integer({ min: 0, max: MAX });
const orNaN = (value: fc.Arbitrary<number>) => fc.option(value, { nil: Number.NaN });
const instant = fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') });
const values = fc.record({
  line: fc.integer({ min: 1, max: 2 ** 40 }),
  gatewayTransactionId: fc.option(fc.string()),
  merchantReference: fc.option(fc.string()),
  kind: fc.constantFrom(...statementEntryKindSchema.options),
  status: fc.constantFrom(...statementStatusSchema.options),
  amountMinor: amount,
  currency: fc.constantFrom('EUR', 'NGN', 'JPY', 'KWD'),
  feeMinor: orNaN(amount),
  netMinor: orNaN(amount),
  transactionAt: orNaN(instant),
  settledAt: orNaN(instant),
  merchantAccount: fc.option(fc.constantFrom('M1', 'M2', 'another merchant', '')),
});

const filled = (entry: Omit<StatementValues, never>): StatementValues => Object.assign(new StatementValues(), entry);

test('property: rows added as values come back from their columns as the rows they are, through a structured clone, a block at a time', () => {
  fc.assert(
    fc.property(fc.array(values, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (entries, capacity) => {
      const builder = new StatementColumnsBuilder(capacity);
      const back = [];
      // One reused values object, as a reader fills it: a block must not keep a reference to it.
      const scratch = new StatementValues();
      for (const entry of entries) {
        if (builder.full) back.push(...unpackStatementRows(structuredClone(builder.take())));
        builder.add(Object.assign(scratch, entry));
      }
      if (builder.size > 0) back.push(...unpackStatementRows(structuredClone(builder.take())));
      assert.deepEqual(back, entries.map((entry) => statementRowOf(filled(entry))));
    }),
    { numRuns: 300 },
  );
});

test('an amount a double cannot hold exactly is refused, not rounded, and a full block takes no more rows', () => {
  const builder = new StatementColumnsBuilder(1);
  assert.throws(() => builder.add(filled({ ...new StatementValues(), amountMinor: 2 ** 53 + 2 })), RangeError);
  assert.throws(() => builder.add(filled({ ...new StatementValues(), feeMinor: 0.5 })), RangeError);
  builder.add(new StatementValues());
  assert.throws(() => builder.add(new StatementValues()), /full/);
});
