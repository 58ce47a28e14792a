import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeMatchedBlock, decodeMatchedTotals, encodeMatchedBlock, matchedBlockRecord, type NumberedReconRow } from '../../../electron/core/ledger/recon-matched-blocks.ts';
import type { NewReconRow } from '../../../electron/core/ledger/recon-types.ts';
import { matchedRowArbitrary } from './recon-row-arbitrary.ts';

const matchedRow = matchedRowArbitrary();

/** Rows numbered upwards from 1 with gaps, as a batch's matched rows are among its other classes. */
const numberedRows = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), matchedRow), { minLength: 1, maxLength: 60 }).map((pairs) => {
  let ordinal = 0;
  return pairs.map(([step, row]): NumberedReconRow => ({ ordinal: (ordinal += step), row }));
});

const asRecord = (sessionId: string, { ordinal, row }: NumberedReconRow) => ({ ...row, id: ordinal, sessionId, resolution: null });

describe('blocks of matched reconciliation rows', () => {
  it('reads back every row exactly as it was written, nulls and all', () => {
    fc.assert(
      fc.property(numberedRows, (rows) => {
        const block = encodeMatchedBlock(rows);
        const columns = decodeMatchedBlock(block.rows);
        assert.equal(columns.ordinal.length, rows.length);
        rows.forEach((row, index) => assert.deepEqual(matchedBlockRecord('recon_1', columns, index), asRecord('recon_1', row)));
        assert.equal(block.firstOrdinal, rows[0]?.ordinal);
        assert.equal(block.lastOrdinal, rows.at(-1)?.ordinal);
      }),
      { numRuns: 300 },
    );
  });

  it('sums each currency on its own', () => {
    fc.assert(
      fc.property(numberedRows, (rows) => {
        const totals = decodeMatchedTotals(encodeMatchedBlock(rows).totals);
        const expected: Record<string, [number, string]> = {};
        for (const { row } of rows) {
          const [count, sum] = expected[row.currency] ?? [0, '0'];
          expected[row.currency] = [count + 1, (BigInt(sum) + row.amountMinor).toString()];
        }
        assert.deepEqual(totals, expected);
      }),
    );
  });

  it('sums exactly past what a double holds, up and down', () => {
    const largest = BigInt(Number.MAX_SAFE_INTEGER);
    const amounts = [largest, largest, 1n, -largest, largest, largest, largest, -1n, 7n, -largest, -largest, -largest, -largest, -largest, 3n];
    const rows = amounts.map((amountMinor, index): NumberedReconRow => ({
      ordinal: index + 1,
      row: {
        reconClass: 'matched', reason: null, paymentId: null, line: null, gatewayTransactionId: null, merchantReference: null, kind: null, statementStatus: null,
        amountMinor, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: null, ledgerStatus: null,
      },
    }));
    let expected = 0n;
    let highest = 0n;
    for (const amount of amounts) {
      expected += amount;
      if (expected > highest) highest = expected;
    }
    assert.ok(highest > 4n * largest, 'the running sum goes well past a double');
    assert.deepEqual(decodeMatchedTotals(encodeMatchedBlock(rows).totals), { EUR: [amounts.length, expected.toString()] });
  });

  it('keeps a run of repeating columns once: a block of alike rows is a fraction of one value per row', () => {
    const rows = Array.from({ length: 1_000 }, (_, index): NumberedReconRow => ({
      ordinal: index + 1,
      row: {
        reconClass: 'matched', reason: null, paymentId: `pay_${index}`, line: index + 2, gatewayTransactionId: `8ac7a4a2${index}`, merchantReference: `ORD-${index}`,
        kind: 'payment', statementStatus: 'succeeded', amountMinor: 1_000n + BigInt(index), currency: 'EUR', feeMinor: 30n, netMinor: 970n + BigInt(index),
        transactionAt: new Date(Date.UTC(2026, 4, 10) + index * 2_000), settledAt: new Date(Date.UTC(2026, 4, 12)), merchantAccount: '8ac7a4c77a9a1d6e017a9b2c3d4e0001',
        ledgerAmountMinor: 1_000n + BigInt(index), ledgerStatus: 'captured',
      },
    }));
    const text = encodeMatchedBlock(rows).rows;
    // What a row still costs: its three ids, its amount, fee and time step; everything else is runs.
    assert.ok(text.length < rows.length * 60, `${text.length} characters for ${rows.length} rows`);
    assert.equal(decodeMatchedBlock(text).merchantAccount[999], '8ac7a4c77a9a1d6e017a9b2c3d4e0001');
  });

  it('still reads blocks written in version 1', () => {
    const v1 = {
      v: 1, ordinal: [3], line: [4], reason: [null], paymentId: ['pay_1'], gatewayTransactionId: ['g1'], merchantReference: ['ORD-1'], kind: ['payment'],
      statementStatus: ['succeeded'], amount: [1234], currency: ['EUR'], fee: [34], net: [1200], transactionAt: [1_746_000_000_000], settledAt: [null],
      merchantAccount: [null], ledgerAmount: [1234], ledgerStatus: ['captured'],
    };
    const record = matchedBlockRecord('recon_1', decodeMatchedBlock(JSON.stringify(v1)), 0);
    assert.equal(record.id, 3);
    assert.equal(record.netMinor, 1200n);
    assert.deepEqual(record.transactionAt, new Date(1_746_000_000_000));
  });

  it('refuses a block whose runs do not add up to its rows, or that holds the wrong kind of value', () => {
    const rows: NumberedReconRow[] = [1, 2].map((ordinal) => ({
      ordinal,
      row: {
        reconClass: 'matched', reason: null, paymentId: 'p', line: ordinal, gatewayTransactionId: 'g', merchantReference: 'r', kind: 'payment', statementStatus: 'succeeded',
        amountMinor: 5n, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: 5n, ledgerStatus: 'captured',
      },
    }));
    const good = JSON.parse(encodeMatchedBlock(rows).rows) as Record<string, unknown>;
    for (const broken of [
      { ...good, currency: [['EUR', 1]] },
      { ...good, currency: [['EUR', 3]] },
      { ...good, ordinalStep: [[null, 2]] },
      { ...good, amount: [5] },
      { ...good, amount: [5, '5'] },
      { ...good, ledgerGap: [[0.5, 2]] },
      { ...good, n: 0 },
      { ...good, v: 3 },
    ]) {
      assert.throws(() => decodeMatchedBlock(JSON.stringify(broken)), /unreadable/);
    }
  });

  it('refuses rows that are not matched or not in order', () => {
    const base: NewReconRow = {
      reconClass: 'matched', reason: null, paymentId: 'p', line: 1, gatewayTransactionId: 'g', merchantReference: 'r', kind: 'payment', statementStatus: 'succeeded',
      amountMinor: 5n, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: 5n, ledgerStatus: 'captured',
    };
    assert.throws(() => encodeMatchedBlock([{ ordinal: 1, row: { ...base, reconClass: 'amount_mismatch' } }]), /matched rows only/);
    assert.throws(() => encodeMatchedBlock([{ ordinal: 2, row: base }, { ordinal: 2, row: base }]), /ordinal order/);
    assert.throws(() => encodeMatchedBlock([]), /at least one row/);
  });
});
