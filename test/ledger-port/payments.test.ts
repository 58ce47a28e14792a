/**
 * The port's payments and operations repositories, the same on both backends: inserts and
 * conflicts, not-found errors, gatewayData merged rather than replaced, exact bigint amounts,
 * status events, balances with in-flight reservations, and what recovery follows.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../electron/core/errors.ts';
import { newOperation, newPayment, ZERO_BALANCES } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

const AT = new Date('2026-05-01T11:00:00.000Z');

for (const backend of BACKENDS) {
  describe(`ledger port payments (${backend.name})`, { skip: backend.skip }, () => {
    test('inserts a payment and reads it back by id, merchant reference and gateway id', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = newPayment({ amountMinor: 2n ** 62n + 7n, description: 'Café order', customerEmail: 'ana@example.com' });
      const stored = await ledger.payments.insert(payment);
      assert.equal(stored.amountMinor, 2n ** 62n + 7n, 'amounts beyond 2^53 stay exact');
      assert.deepEqual(stored.createdAt, payment.createdAt);
      assert.deepEqual(stored.updatedAt, payment.createdAt);
      assert.deepEqual(stored.gatewayData, {});
      assert.deepEqual(stored.card, payment.card);
      assert.equal(stored.moto, true);
      assert.equal(stored.imported, false);
      assert.deepEqual(await ledger.payments.get(payment.id), stored);
      assert.deepEqual(await ledger.payments.findByMerchantReference(payment.profileId, payment.merchantReference), stored);
      assert.equal(await ledger.payments.get('pay_missing'), null);
      const updated = await ledger.payments.update(payment.id, { gatewayTransactionId: 'gw-1' }, AT);
      assert.deepEqual(await ledger.payments.findByGatewayId('sibs-spg', 'gw-1'), updated);
      assert.equal(await ledger.payments.findByGatewayId('aci-oppwa', 'gw-1'), null);
    });

    test('refuses a second payment with the same id or the same merchant reference in the profile', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      await assert.rejects(ledger.payments.insert(newPayment({ id: payment.id })), (error) => error instanceof ConflictError && /id/.test(error.message));
      await assert.rejects(
        ledger.payments.insert(newPayment({ merchantReference: payment.merchantReference })),
        (error) => error instanceof ConflictError && /merchant reference/.test(error.message),
      );
      await ledger.payments.insert(newPayment({ merchantReference: payment.merchantReference, profileId: 'other_profile' }));
    });

    test('merges gatewayData into the stored map, clears with null and leaves unnamed fields alone', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      await ledger.payments.update(payment.id, { gatewayData: { a: '1', b: '2' }, gatewayCode: '000', status: 'captured' }, AT);
      const later = new Date(AT.getTime() + 1000);
      const updated = await ledger.payments.update(payment.id, { gatewayData: { b: '3', c: '4' }, gatewayMessage: 'ok', lastGatewayEventAt: AT }, later);
      assert.deepEqual(updated.gatewayData, { a: '1', b: '3', c: '4' });
      assert.equal(updated.gatewayCode, '000');
      assert.equal(updated.status, 'captured');
      assert.deepEqual(updated.lastGatewayEventAt, AT);
      assert.deepEqual(updated.updatedAt, later);
      const cleared = await ledger.payments.update(payment.id, { gatewayCode: null, pendingAction: { type: 'redirect', url: 'https://pay.example/3ds', method: 'GET' } as never }, later);
      assert.equal(cleared.gatewayCode, null);
      assert.deepEqual(cleared.pendingAction, { type: 'redirect', url: 'https://pay.example/3ds', method: 'GET' });
      await assert.rejects(ledger.payments.update('pay_missing', { status: 'failed' }, AT), NotFoundError);
    });

    test('lists open payments oldest first and counts by status', async () => {
      const ledger = await (await backend.fresh()).open();
      const older = await ledger.payments.insert(newPayment({ status: 'unknown', createdAt: new Date('2026-05-01T09:00:00.000Z') }));
      const newer = await ledger.payments.insert(newPayment({ status: 'pending', createdAt: new Date('2026-05-01T10:00:00.000Z') }));
      await ledger.payments.insert(newPayment({ status: 'captured' }));
      await ledger.payments.insert(newPayment({ status: 'needs_review' }));
      assert.deepEqual((await ledger.payments.listOpen(10)).map((payment) => payment.id), [older.id, newer.id]);
      assert.deepEqual((await ledger.payments.listOpen(1)).map((payment) => payment.id), [older.id]);
      assert.equal(await ledger.payments.countWithStatus('captured'), 1);
      assert.equal(await ledger.payments.countWithStatus('voided'), 0);
      await assert.rejects(ledger.payments.listOpen(0), RangeError);
    });

    test('keeps status events in order and refuses one for an unknown payment', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      await ledger.payments.addStatusEvent({ paymentId: payment.id, at: AT, from: 'pending', to: 'authorized', source: 'operation', detail: null });
      await ledger.payments.addStatusEvent({ paymentId: payment.id, at: AT, from: 'authorized', to: 'captured', source: 'sync', detail: 'status poll' });
      const events = await ledger.payments.listStatusEvents(payment.id);
      assert.deepEqual(
        events.map((event) => [event.from, event.to, event.source, event.detail]),
        [
          ['pending', 'authorized', 'operation', null],
          ['authorized', 'captured', 'sync', 'status poll'],
        ],
      );
      assert.deepEqual(events[0]?.at, AT);
      await assert.rejects(ledger.payments.addStatusEvent({ paymentId: 'pay_missing', at: AT, from: null, to: 'failed', source: 'sync', detail: null }), NotFoundError);
    });

    test('journals operations: conflicts on the idempotency key, currency checked, not-found on an unknown payment', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      const operation = await ledger.operations.insert(newOperation(payment.id, { kind: 'purchase', amountMinor: 1000n }));
      assert.equal(operation.state, 'intent');
      assert.equal(operation.amountMinor, 1000n);
      assert.deepEqual(await ledger.operations.get(operation.id), operation);
      assert.deepEqual(await ledger.operations.findByMerchantReference(operation.merchantReference), operation);
      await assert.rejects(
        ledger.operations.insert(newOperation(payment.id, { merchantReference: operation.merchantReference })),
        (error) => error instanceof ConflictError && /merchant reference/.test(error.message),
      );
      await assert.rejects(ledger.operations.insert(newOperation(payment.id, { id: operation.id })), ConflictError);
      await assert.rejects(ledger.operations.insert(newOperation(payment.id, { currency: 'USD' })), ValidationError);
      await assert.rejects(ledger.operations.insert(newOperation('pay_missing')), NotFoundError);
      await assert.rejects(ledger.operations.update('op_missing', { state: 'failed' }), NotFoundError);
      const sentAt = new Date('2026-05-01T10:06:00.000Z');
      const sent = await ledger.operations.update(operation.id, { state: 'sent', sentAt, inFlightUntil: AT, leaseOwner: 'console-a' });
      assert.deepEqual([sent.state, sent.sentAt, sent.inFlightUntil, sent.leaseOwner], ['sent', sentAt, AT, 'console-a']);
      const done = await ledger.operations.update(operation.id, { state: 'succeeded', gatewayOperationId: 'gop-1', completedAt: AT, inFlightUntil: null });
      assert.equal(done.inFlightUntil, null);
      assert.deepEqual(await ledger.operations.findByGatewayId('gop-1'), done);
      assert.deepEqual(await ledger.operations.update(operation.id, {}), done, 'an empty patch changes nothing and answers the row');
      assert.deepEqual((await ledger.operations.listForPayment(payment.id)).map((row) => row.id), [operation.id]);
    });

    test('derives balances from the journal and reserves what is in flight', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment({ kind: 'sale', amountMinor: 1000n }));
      assert.deepEqual(await ledger.operations.balances(payment.id), ZERO_BALANCES);
      const purchase = await ledger.operations.insert(newOperation(payment.id, { kind: 'purchase', amountMinor: 1000n }));
      await ledger.operations.update(purchase.id, { state: 'succeeded' });
      const refunded = await ledger.operations.insert(newOperation(payment.id, { kind: 'refund', amountMinor: 300n }));
      await ledger.operations.update(refunded.id, { state: 'succeeded' });
      await ledger.operations.insert(newOperation(payment.id, { kind: 'refund', amountMinor: 200n }));
      const balances = await ledger.operations.balances(payment.id);
      assert.equal(balances.capturedMinor, 1000n);
      assert.equal(balances.refundedMinor, 300n);
      assert.equal(balances.refundInFlightMinor, 200n);
      assert.equal(balances.refundableMinor, 500n, 'the intent still reserves its 200');
      await assert.rejects(ledger.operations.balances('pay_missing'), NotFoundError);
      const inUnit = await ledger.withTransaction((tx) => tx.operations.balances(payment.id));
      assert.deepEqual(inUnit, balances);
      await assert.rejects(
        ledger.withTransaction((tx) => tx.operations.balances('pay_missing')),
        NotFoundError,
      );
    });

    test("a page's balances in one statement are each payment's own; an unknown id is left out", async () => {
      const ledger = await (await backend.fresh()).open();
      const sale = await ledger.payments.insert(newPayment({ kind: 'sale', amountMinor: 1000n }));
      const auth = await ledger.payments.insert(newPayment({ kind: 'auth', amountMinor: 700n }));
      const untouched = await ledger.payments.insert(newPayment());
      for (const [paymentId, kind, amountMinor, state] of [
        [sale.id, 'purchase', 1000n, 'succeeded'],
        [sale.id, 'refund', 250n, 'succeeded'],
        [sale.id, 'refund', 100n, 'sent'],
        [auth.id, 'authorize', 700n, 'succeeded'],
        [auth.id, 'capture', 300n, 'succeeded'],
      ] as const) {
        const operation = await ledger.operations.insert(newOperation(paymentId, { kind, amountMinor }));
        await ledger.operations.update(operation.id, { state });
      }
      const ids = [sale.id, auth.id, untouched.id];
      const page = await ledger.operations.balancesOf([...ids, 'pay_missing']);
      assert.deepEqual([...page.keys()].sort(), [...ids].sort());
      for (const id of ids) assert.deepEqual(page.get(id), await ledger.operations.balances(id), id);
      assert.deepEqual([page.get(sale.id)?.refundableMinor, page.get(auth.id)?.capturableMinor], [650n, 400n]);
      assert.deepEqual(await ledger.operations.balancesOf([]), new Map());
    });

    test('lists the operations recovery follows and the payments missing a gateway id', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      const intent = await ledger.operations.insert(newOperation(payment.id, { kind: 'purchase', createdAt: new Date('2026-05-01T10:01:00.000Z') }));
      const pendingRefund = await ledger.operations.insert(newOperation(payment.id, { kind: 'refund', amountMinor: 10n, createdAt: new Date('2026-05-01T10:02:00.000Z') }));
      await ledger.operations.update(pendingRefund.id, { state: 'pending' });
      const succeeded = await ledger.operations.insert(newOperation(payment.id, { kind: 'refund', amountMinor: 10n }));
      await ledger.operations.update(succeeded.id, { state: 'succeeded' });
      assert.deepEqual((await ledger.operations.listUnresolved()).map((row) => row.id), [intent.id, pendingRefund.id]);

      assert.deepEqual(await ledger.payments.listMissingGatewayId(10), [], 'an intent has not moved money');
      await ledger.operations.update(intent.id, { state: 'succeeded' });
      assert.deepEqual((await ledger.payments.listMissingGatewayId(10)).map((row) => row.id), [payment.id]);
      await ledger.payments.update(payment.id, { gatewayTransactionId: 'gw-9' }, AT);
      assert.deepEqual(await ledger.payments.listMissingGatewayId(10), []);
    });
  });
}
