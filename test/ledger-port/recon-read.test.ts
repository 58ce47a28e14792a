/**
 * Reconciliation's read of the ledger, the same on both backends: one profile, created in
 * [from, to), every payment once across pages in (created_at, id) order, each with its refunds and chargebacks, and
 * cursors that are not the ledger's refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../electron/core/errors.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { ReconLedgerFilter, ReconLedgerPayment } from '../../electron/core/ledger/types.ts';
import { newOperation, newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

function day(n: number): Date {
  return new Date(Date.UTC(2026, 4, n, 12));
}

async function readAll(ledger: Ledger, filter: ReconLedgerFilter, limit: number): Promise<{ rows: ReconLedgerPayment[]; pages: number }> {
  const rows: ReconLedgerPayment[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const { payments, nextCursor } = await ledger.views.paymentsForRecon(filter, limit, cursor);
    // Every column as long as the ids, each payment at its place in all of them.
    for (const column of [payments.gatewayTransactionIds, payments.merchantReferences, payments.statuses, payments.amountsMinor, payments.currencies, payments.createdMs]) {
      assert.equal(column.length, payments.ids.length);
    }
    payments.ids.forEach((id, at) =>
      rows.push({
        id,
        gatewayTransactionId: payments.gatewayTransactionIds[at] ?? null,
        merchantReference: payments.merchantReferences[at] as string,
        status: payments.statuses[at] as ReconLedgerPayment['status'],
        amountMinor: payments.amountsMinor[at] as bigint,
        currency: payments.currencies[at] as string,
        createdAt: new Date(payments.createdMs[at] as number),
        refunds: payments.refunds.get(at) ?? [],
        chargebacks: payments.chargebacks.get(at) ?? [],
      }),
    );
    const page = { nextCursor };
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 100);
  return { rows, pages };
}

for (const backend of BACKENDS) {
  describe(`ledger port reconciliation read (${backend.name})`, { skip: backend.skip }, () => {
    test('reads one profile in [from, to) once across pages, with each payment’s refunds', async () => {
      const ledger = await (await backend.fresh()).open();
      const inside = [];
      for (let n = 1; n <= 5; n += 1) {
        inside.push(await ledger.payments.insert(newPayment({ id: `pay_in_${n}`, status: 'captured', amountMinor: BigInt(n * 100), createdAt: day(n + 1) })));
      }
      await ledger.payments.insert(newPayment({ id: 'pay_before', status: 'captured', createdAt: day(1) }));
      await ledger.payments.insert(newPayment({ id: 'pay_at_end', status: 'captured', createdAt: new Date(Date.UTC(2026, 4, 10)) }));
      await ledger.payments.insert(newPayment({ id: 'pay_other', profileId: 'other', status: 'captured', createdAt: day(3) }));
      await ledger.payments.update('pay_in_2', { gatewayTransactionId: 'gw-2' }, day(3));
      await ledger.operations.insert(newOperation('pay_in_2', { kind: 'refund', amountMinor: 50n }));
      const second = await ledger.operations.insert(newOperation('pay_in_2', { kind: 'refund', amountMinor: 70n }));
      await ledger.operations.update(second.id, { state: 'succeeded', gatewayOperationId: 'gw-r-2' });
      await ledger.operations.insert(newOperation('pay_in_3', { kind: 'capture', amountMinor: 300n }));
      const charged = await ledger.operations.insert(newOperation('pay_in_4', { kind: 'chargeback', amountMinor: 400n }));
      await ledger.operations.update(charged.id, { state: 'succeeded', gatewayOperationId: 'gw-cb-4' });
      // On the same page as pay_in_2: each payment gets its own, and a payment both kinds.
      await ledger.operations.insert(newOperation('pay_in_1', { kind: 'chargeback', amountMinor: 11n }));
      await ledger.operations.insert(newOperation('pay_in_1', { kind: 'refund', amountMinor: 10n }));

      const filter = { profileId: 'profile_sibs', from: day(2), to: new Date(Date.UTC(2026, 4, 10)) };
      const { rows, pages } = await readAll(ledger, filter, 2);
      assert.deepEqual(rows.map((row) => row.id), inside.map((row) => row.id));
      assert.equal(pages, 3);
      const refunded = rows.find((row) => row.id === 'pay_in_2');
      assert.equal(refunded?.gatewayTransactionId, 'gw-2');
      assert.deepEqual(refunded?.refunds.map((r) => [r.amountMinor, r.state, r.gatewayOperationId]), [
        [50n, 'intent', null],
        [70n, 'succeeded', 'gw-r-2'],
      ]);
      assert.deepEqual(rows.find((row) => row.id === 'pay_in_3')?.refunds, [], 'a capture is not a refund');
      assert.deepEqual(refunded?.chargebacks, []);
      const chargedBack = rows.find((row) => row.id === 'pay_in_4');
      assert.deepEqual(chargedBack?.chargebacks.map((c) => [c.kind, c.amountMinor, c.state, c.gatewayOperationId]), [['chargeback', 400n, 'succeeded', 'gw-cb-4']]);
      assert.deepEqual(chargedBack?.refunds, [], 'a chargeback is not a refund');
      assert.deepEqual([rows[0]?.refunds.map((r) => r.amountMinor), rows[0]?.chargebacks.map((c) => c.amountMinor)], [[10n], [11n]]);
      assert.equal(rows[0]?.amountMinor, 100n);
      assert.equal(rows[0]?.createdAt.toISOString(), day(2).toISOString());
    });

    test('refuses a cursor it did not give and a page size below one', async () => {
      const ledger = await (await backend.fresh()).open();
      const filter = { profileId: 'p', from: day(1), to: day(2) };
      await assert.rejects(ledger.views.paymentsForRecon(filter, 10, 'seq-1; DROP'), ValidationError);
      await assert.rejects(ledger.views.paymentsForRecon(filter, 0, null), RangeError);
    });
  });
}
