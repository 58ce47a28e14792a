import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger } from '../../../electron/core/ledger/types.ts';
import type { PaymentInstructions } from '../../../electron/core/gateways/types.ts';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { newOperation, newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function freshLedger(): Ledger {
  return openSqliteLedger(tempLedgerPath());
}

test('stores Multibanco instructions and reads back an amount above 2^53 exactly', () => {
  const filePath = tempLedgerPath();
  const ledger = openSqliteLedger(filePath);
  const payment = ledger.insertPayment(newPayment({ method: 'multibanco', card: null, moto: false }));
  assert.equal(payment.instructions, null);
  const instructions: PaymentInstructions = {
    type: 'multibanco',
    entity: '24000',
    reference: '123456789',
    amountMinor: 2n ** 53n + 3n,
    currency: 'EUR',
    expiresAt: new Date('2026-05-04T23:59:59.000Z'),
  };
  const at = new Date('2026-05-01T10:00:05.000Z');
  assert.deepEqual(ledger.updatePayment(payment.id, { instructions }, at).instructions, instructions);
  assert.deepEqual(ledger.getPayment(payment.id)?.instructions, instructions);

  const raw = openDatabase(filePath);
  const stored = JSON.parse(String(raw.prepare('SELECT instructions FROM payments WHERE id = ?').get(payment.id)?.['instructions'])) as Record<string, unknown>;
  assert.equal(stored['amountMinor'], '9007199254740995', 'the amount is stored as a string, which JSON cannot round');
  raw.close();

  const withoutExpiry = { ...instructions, expiresAt: null };
  assert.deepEqual(ledger.updatePayment(payment.id, { instructions: withoutExpiry }, at).instructions, withoutExpiry);
  assert.equal(ledger.updatePayment(payment.id, { instructions: null }, at).instructions, null);
  ledger.close();
});

test('records when the newest applied gateway event happened, and clears it with null', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment());
  const eventAt = new Date('2026-05-01T10:02:03.456Z');
  const updated = ledger.updatePayment(payment.id, { status: 'captured', lastGatewayEventAt: eventAt }, new Date('2026-05-01T10:02:04.000Z'));
  assert.deepEqual(updated.lastGatewayEventAt, eventAt);
  assert.deepEqual(ledger.updatePayment(payment.id, { gatewayCode: '000' }, new Date()).lastGatewayEventAt, eventAt, 'a patch without it keeps it');
  assert.equal(ledger.updatePayment(payment.id, { lastGatewayEventAt: null }, new Date()).lastGatewayEventAt, null);
  ledger.close();
});

test('finds a payment by its merchant reference within one profile', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment({ merchantReference: 'ORDER-77' }));
  const other = ledger.insertPayment(newPayment({ merchantReference: 'ORDER-77', profileId: 'profile_other' }));
  assert.equal(ledger.findPaymentByMerchantReference(payment.profileId, 'ORDER-77')?.id, payment.id);
  assert.equal(ledger.findPaymentByMerchantReference('profile_other', 'ORDER-77')?.id, other.id);
  assert.equal(ledger.findPaymentByMerchantReference(payment.profileId, 'ORDER-78'), null);
  ledger.close();
});

test('finds an operation by its merchant reference and by the gateway operation id', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment({ kind: 'sale' }));
  const refund = ledger.insertOperation(newOperation(payment.id, { kind: 'refund', merchantReference: 'refund-9', amountMinor: 100n }));
  ledger.insertOperation(newOperation(payment.id, { kind: 'refund', amountMinor: 100n }));
  assert.equal(ledger.findOperationByMerchantReference('refund-9')?.id, refund.id);
  assert.equal(ledger.findOperationByMerchantReference('refund-10'), null);

  assert.equal(ledger.findOperationByGatewayId('gw-refund-9'), null, 'not found before the gateway answered');
  ledger.updateOperation(refund.id, { state: 'succeeded', gatewayOperationId: 'gw-refund-9' });
  assert.deepEqual(ledger.findOperationByGatewayId('gw-refund-9'), ledger.getOperation(refund.id));
  ledger.close();
});

test('lists payments still pending, waiting for the customer or unknown, oldest first, up to the limit', () => {
  const ledger = freshLedger();
  const at = (minute: number): Date => new Date(Date.UTC(2026, 4, 1, 10, minute));
  const ids: Record<string, string> = {};
  const statuses = ['pending', 'requires_action', 'unknown', 'authorized', 'captured', 'declined', 'failed', 'expired', 'needs_review'] as const;
  statuses.forEach((status, index) => {
    ids[status] = ledger.insertPayment(newPayment({ status, createdAt: at(statuses.length - index) })).id;
  });
  const tiedWithPending = ledger.insertPayment(newPayment({ status: 'pending', createdAt: at(statuses.length) })).id;

  assert.deepEqual(
    ledger.listOpenPayments(10).map((payment) => payment.id),
    [ids['unknown'], ids['requires_action'], ids['pending'], tiedWithPending],
  );
  assert.deepEqual(ledger.listOpenPayments(2).map((payment) => payment.id), [ids['unknown'], ids['requires_action']]);
  ledger.updatePayment(ids['unknown'] ?? '', { status: 'captured' }, new Date());
  assert.equal(ledger.listOpenPayments(10).length, 3, 'a payment that became final leaves the list');
  assert.throws(() => ledger.listOpenPayments(0), RangeError);
  ledger.close();
});

test('records a webhook delivery once per profile and event id', () => {
  const ledger = freshLedger();
  const receipt = {
    profileId: 'profile_sibs',
    eventId: 'notif-1',
    receivedAt: new Date('2026-05-01T10:00:00.000Z'),
    subject: 'payment',
    gatewayTransactionId: 's2-1',
  };
  assert.equal(ledger.recordNotification(receipt), true);
  assert.equal(ledger.recordNotification({ ...receipt, receivedAt: new Date('2026-05-01T10:00:30.000Z') }), false, 'a redelivery is a duplicate');
  assert.equal(ledger.recordNotification({ ...receipt, profileId: 'profile_other' }), true, 'another profile has its own event ids');
  assert.equal(ledger.recordNotification({ ...receipt, eventId: 'notif-2', gatewayTransactionId: null }), true);
  ledger.close();
});
