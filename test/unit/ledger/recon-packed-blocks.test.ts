import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeMatchedTotals, matchedBlockRecord } from '../../../electron/core/ledger/recon-matched-blocks.ts';
import { decodePackedBlock, MatchedBlockWriter, PAYMENTS_VALUE, reconRowBatch } from '../../../electron/core/ledger/recon-packed-blocks.ts';
import type { NewReconRow } from '../../../electron/core/ledger/recon-types.ts';
import { matchedRowArbitrary, repeated } from './recon-row-arbitrary.ts';

// Any text at all in the free-text columns, lone surrogates included; some rows of other classes among the matched ones.
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), repeated('8ac7a4a2000000000000000000000001'));
const row: fc.Arbitrary<NewReconRow> = fc.tuple(matchedRowArbitrary(anyText), fc.constantFrom('matched' as const, 'matched' as const, 'duplicate' as const, 'amount_mismatch' as const), fc.option(repeated(1_000n, 2_500n)))
  .map(([drawn, reconClass, alike]) => ({ ...drawn, reconClass, amountMinor: alike ?? drawn.amountMinor, feeMinor: alike === null ? drawn.feeMinor : 30n }));

describe('packed blocks of matched reconciliation rows', () => {
  it('reads back every matched row of a batch exactly as it was written, at its ordinal; the other rows stay rows at their places', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 10_000 }), (rows, before) => {
        const batch = reconRowBatch(rows);
        assert.equal(batch.size, rows.length);
        const matched = rows.map((entry, place) => ({ entry, place })).filter(({ entry }) => entry.reconClass === 'matched');
        assert.deepEqual(batch.others.map((other) => other.position), rows.flatMap((entry, place) => (entry.reconClass === 'matched' ? [] : [place])));
        if (matched.length === 0) {
          assert.equal(batch.matched, null);
          return;
        }
        const block = batch.matched;
        assert.ok(block !== null);
        assert.equal(block.firstPosition, matched[0]?.place);
        assert.equal(block.lastPosition, matched.at(-1)?.place);
        const { columns, paymentsGatewayIds, paymentsReferences } = decodePackedBlock(block.bytes, before + block.firstPosition + 1);
        assert.deepEqual([paymentsGatewayIds, paymentsReferences], [[], []], 'rows made as objects keep their texts');
        matched.forEach(({ entry, place }, at) => assert.deepEqual(matchedBlockRecord('recon_1', columns, at), { ...entry, id: before + place + 1, sessionId: 'recon_1', resolution: null }));
      }),
      { numRuns: 400 },
    );
  });

  it('sums each currency exactly, past what a double holds', () => {
    const largest = BigInt(Number.MAX_SAFE_INTEGER);
    const amounts = [largest, largest, 1n, -largest, largest, largest, largest, -1n, 7n, -largest, 3n];
    const writer = new MatchedBlockWriter();
    amounts.forEach((amount, place) => writer.add(place, place + 2, null, null, null, null, 'payment', 'succeeded', Number(amount), 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, Number(amount), 'captured'));
    const block = writer.finish();
    assert.deepEqual(decodeMatchedTotals(block?.totals ?? ''), { EUR: [amounts.length, amounts.reduce((sum, amount) => sum + amount, 0n).toString()] });
  });

  it('keeps what repeats once: a block of alike rows costs its ids and a few bytes a row', () => {
    const rows = Array.from({ length: 10_000 }, (_, index): NewReconRow => ({
      reconClass: 'matched', reason: null, paymentId: `pay_${String(index).padStart(8, '0')}`, line: index + 2, gatewayTransactionId: `8ac7a4a2${index.toString(16).padStart(24, '0')}`,
      merchantReference: `ORD-${String(index).padStart(8, '0')}`, kind: 'payment', statementStatus: 'succeeded', amountMinor: 1_000n + BigInt(index * 7919 % 5000), currency: 'EUR',
      feeMinor: 30n, netMinor: 970n + BigInt(index * 7919 % 5000), transactionAt: new Date(Date.UTC(2026, 4, 10) + index * 2_000), settledAt: new Date(Date.UTC(2026, 4, 12)),
      merchantAccount: '8ac7a4c77a9a1d6e017a9b2c3d4e0001', ledgerAmountMinor: 1_000n + BigInt(index * 7919 % 5000), ledgerStatus: 'captured',
    }));
    const block = reconRowBatch(rows).matched;
    assert.ok(block !== null);
    const idBytes = 12 + 32 + 12;
    // The ids, then a 32-bit amount, fee and time step: everything else is runs.
    assert.ok(block.bytes.length < rows.length * (idBytes + 13), `${block.bytes.length} bytes for ${rows.length} rows`);
  });

  it('refuses a block cut short, with bytes left over, or of another version', () => {
    const rows = [1_000n, 2_000n].map((amountMinor): NewReconRow => ({
      reconClass: 'matched', reason: null, paymentId: 'p', line: 2, gatewayTransactionId: 'g', merchantReference: 'r', kind: 'payment', statementStatus: 'succeeded',
      amountMinor, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: amountMinor, ledgerStatus: 'captured',
    }));
    const bytes = reconRowBatch(rows).matched?.bytes ?? Buffer.alloc(0);
    assert.equal(decodePackedBlock(bytes, 1).columns.amount[1], 2_000);
    for (const broken of [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from([0])]), Buffer.concat([Buffer.from([2]), bytes.subarray(1)]), bytes.subarray(0, 4)]) {
      assert.throws(() => decodePackedBlock(broken, 1), /unreadable/);
    }
  });

  it('keeps a mark for a gateway id or reference that is the payment\'s, and lists those rows to be read from the payments', () => {
    type Text = string | null | typeof PAYMENTS_VALUE;
    const rows: ReadonlyArray<readonly [number, string | null, Text, Text]> = [
      [0, 'pay_a', PAYMENTS_VALUE, PAYMENTS_VALUE],
      [1, 'pay_b', 'gw-by-reference', 'ORD-b'],
      [2, 'pay_c', null, PAYMENTS_VALUE],
      [4, 'pay_d', PAYMENTS_VALUE, 'ORD-d-other'],
    ];
    const writer = new MatchedBlockWriter();
    for (const [place, paymentId, gatewayId, reference] of rows) {
      writer.add(place, place + 2, null, paymentId, gatewayId, reference, 'payment', 'succeeded', 100, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, 100, 'captured');
    }
    assert.throws(() => writer.add(5, 7, null, null, PAYMENTS_VALUE, 'ORD', 'payment', 'succeeded', 1, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, 1, 'captured'), /names the payment/);
    assert.throws(() => writer.add(5, 7, null, null, 'gw', PAYMENTS_VALUE, 'payment', 'succeeded', 1, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, 1, 'captured'), /names the payment/);
    const block = writer.finish();
    assert.ok(block !== null);
    const { columns, paymentsGatewayIds, paymentsReferences } = decodePackedBlock(block.bytes, 1);
    assert.deepEqual([paymentsGatewayIds, paymentsReferences], [[0, 3], [0, 2]]);
    assert.deepEqual(columns.gatewayTransactionId, [null, 'gw-by-reference', null, null]);
    assert.deepEqual(columns.merchantReference, [null, 'ORD-b', null, 'ORD-d-other']);
    assert.deepEqual(columns.paymentId, ['pay_a', 'pay_b', 'pay_c', 'pay_d']);
    // The same rows with every value spelled out: the marked ones (two 32-character ids, two 12-character references) take no bytes of their own.
    const spelledOut = new MatchedBlockWriter();
    for (const [place, paymentId, gatewayId, reference] of rows) {
      spelledOut.add(place, place + 2, null, paymentId, gatewayId === PAYMENTS_VALUE ? '8ac7a4a2000000000000000000000001' : gatewayId, reference === PAYMENTS_VALUE ? 'ORD-00000001' : reference, 'payment', 'succeeded', 100, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, 100, 'captured');
    }
    assert.equal((spelledOut.finish()?.bytes.length ?? 0) - block.bytes.length, 2 * 32 + 2 * 12);
  });

  it('reads a version 3 block (written before gateway ids could be the payment\'s) as it was written', () => {
    const rows = [1_000n, 2_000n].map((amountMinor, n): NewReconRow => ({
      reconClass: 'matched', reason: null, paymentId: `p${n}`, line: 2 + n, gatewayTransactionId: `g${n}`, merchantReference: 'r', kind: 'payment', statementStatus: 'succeeded',
      amountMinor, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: amountMinor, ledgerStatus: 'captured',
    }));
    const bytes = Buffer.from(reconRowBatch(rows).matched?.bytes ?? Buffer.alloc(0));
    // Rows made as objects use nothing of version 4: the same bytes under version 3 are a block written before it.
    bytes.writeUInt8(3, 0);
    const { columns, paymentsGatewayIds } = decodePackedBlock(bytes, 1);
    assert.deepEqual([columns.gatewayTransactionId, columns.paymentId, paymentsGatewayIds], [['g0', 'g1'], ['p0', 'p1'], []]);
  });

  it('refuses rows out of order, and amounts beyond a safe integer', () => {
    const writer = new MatchedBlockWriter();
    writer.add(3, 5, null, null, null, null, null, null, 1, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, Number.NaN, null);
    assert.throws(() => writer.add(3, 6, null, null, null, null, null, null, 1, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, Number.NaN, null), /order/);
    assert.throws(() => writer.add(4, 6, null, null, null, null, null, null, 2 ** 53, 'EUR', Number.NaN, Number.NaN, Number.NaN, Number.NaN, null, Number.NaN, null), /2\^53/);
  });
});
