import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError, ValidationError } from '../../../electron/core/errors.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger } from '../../../electron/core/ledger/types.ts';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { newOperation, newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function freshLedger(): Ledger {
  return openSqliteLedger(tempLedgerPath());
}

test('stores a payment and reads back every field with its type', () => {
  const ledger = freshLedger();
  const payment = newPayment({
    kind: 'auth',
    description: 'Hotel deposit',
    customerName: 'Ana Silva',
    customerEmail: 'ana@example.pt',
    customerPhone: '+351910000000',
    createdAt: new Date('2026-05-02T08:09:10.123Z'),
  });
  const stored = ledger.insertPayment(payment);
  assert.deepEqual(stored, {
    ...payment,
    instructions: null,
    lastGatewayEventAt: null,
    gatewayTransactionId: null,
    gatewayData: {},
    gatewayCode: null,
    gatewayMessage: null,
    pendingAction: null,
    updatedAt: payment.createdAt,
  });
  assert.deepEqual(ledger.getPayment(payment.id), stored);
  assert.equal(ledger.getPayment('pay_missing'), null);
  ledger.close();
});

test('round-trips amounts above 2^53 exactly', () => {
  const ledger = freshLedger();
  const huge = 2n ** 53n + 7n;
  const biggest = 2n ** 63n - 1n;
  const payment = ledger.insertPayment(newPayment({ kind: 'auth', amountMinor: huge }));
  assert.equal(payment.amountMinor, huge);
  assert.equal(ledger.insertPayment(newPayment({ amountMinor: biggest })).amountMinor, biggest);
  const operation = ledger.insertOperation(newOperation(payment.id, { kind: 'authorize', amountMinor: huge }));
  assert.equal(operation.amountMinor, huge);
  ledger.updateOperation(operation.id, { state: 'succeeded' });
  assert.equal(ledger.balances(payment.id).capturableMinor, huge);
  ledger.close();
});

test('refuses a second payment with the same merchant reference in one profile, but not in another', () => {
  const ledger = freshLedger();
  ledger.insertPayment(newPayment({ merchantReference: 'ORDER-1' }));
  assert.throws(() => ledger.insertPayment(newPayment({ merchantReference: 'ORDER-1' })), ConflictError);
  ledger.insertPayment(newPayment({ merchantReference: 'ORDER-1', profileId: 'profile_other' }));
  ledger.close();
});

test('refuses a second operation with the same merchant reference anywhere in the ledger', () => {
  const ledger = freshLedger();
  const first = ledger.insertPayment(newPayment());
  const second = ledger.insertPayment(newPayment());
  ledger.insertOperation(newOperation(first.id, { kind: 'refund', merchantReference: 'refund-1' }));
  assert.throws(
    () => ledger.insertOperation(newOperation(first.id, { kind: 'refund', merchantReference: 'refund-1' })),
    (error: unknown) => error instanceof ConflictError && error.fields?.['merchantReference'] !== undefined,
  );
  assert.throws(() => ledger.insertOperation(newOperation(second.id, { merchantReference: 'refund-1' })), ConflictError);
  assert.equal(ledger.listOperations(first.id).length, 1);
  ledger.close();
});

test('refuses an operation for a payment that does not exist or in another currency', () => {
  const ledger = freshLedger();
  assert.throws(() => ledger.insertOperation(newOperation('pay_nowhere')), NotFoundError);
  const payment = ledger.insertPayment(newPayment());
  assert.throws(() => ledger.insertOperation(newOperation(payment.id, { currency: 'USD' })), ValidationError);
  ledger.close();
});

test('refuses to store anything but a masked card', () => {
  const ledger = freshLedger();
  const fullPan = newPayment({ card: { brand: 'visa', bin: '4242424242424242', last4: '4242', expiryMonth: 1, expiryYear: 2030, holder: 'X' } });
  assert.throws(() => ledger.insertPayment(fullPan), /CHECK constraint failed/);
  const longLast4 = newPayment({ card: { brand: 'visa', bin: '424242', last4: '424242', expiryMonth: 1, expiryYear: 2030, holder: 'X' } });
  assert.throws(() => ledger.insertPayment(longLast4), /CHECK constraint failed/);
  ledger.close();
});

test('stores a payment without a card, as an MB WAY request has none', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment({ method: 'mbway', card: null, moto: false }));
  assert.equal(payment.card, null);
  assert.equal(payment.moto, false);
  ledger.close();
});

test('patches a payment: merges gateway data, keeps untouched fields, clears with null', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment());
  const later = new Date('2026-05-01T10:01:00.000Z');
  const pendingAction = { type: 'redirect', url: 'https://acs.example/3ds', method: 'POST', parameters: [{ name: 'PaReq', value: 'abc' }], message: 'Authenticate' };
  ledger.updatePayment(payment.id, { status: 'requires_action', gatewayTransactionId: 'gw-1', gatewayData: { checkoutId: 'c1', signature: 's1' }, pendingAction }, later);
  const updated = ledger.updatePayment(payment.id, { status: 'captured', gatewayData: { signature: 's2', code: '000.000.000' }, pendingAction: null, gatewayCode: '000.000.000' }, later);
  assert.equal(updated.status, 'captured');
  assert.equal(updated.gatewayTransactionId, 'gw-1');
  assert.deepEqual(updated.gatewayData, { checkoutId: 'c1', signature: 's2', code: '000.000.000' });
  assert.equal(updated.pendingAction, null);
  assert.equal(updated.gatewayCode, '000.000.000');
  assert.deepEqual(updated.updatedAt, later);
  assert.deepEqual(updated.createdAt, payment.createdAt);
  assert.throws(() => ledger.updatePayment('pay_missing', { status: 'failed' }, later), NotFoundError);
  ledger.close();
});

test('finds a payment by the gateway transaction id', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment({ gatewayId: 'aci-oppwa' }));
  ledger.updatePayment(payment.id, { gatewayTransactionId: '8ac7a4a1' }, new Date());
  assert.equal(ledger.findPaymentByGatewayId('aci-oppwa', '8ac7a4a1')?.id, payment.id);
  assert.equal(ledger.findPaymentByGatewayId('sibs-spg', '8ac7a4a1'), null);
  ledger.close();
});

test('journals an operation as an intent, then records its progress', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment({ kind: 'auth' }));
  const intent = ledger.insertOperation(newOperation(payment.id, { kind: 'authorize', reason: 'phone order' }));
  assert.equal(intent.state, 'intent');
  assert.equal(intent.sentAt, null);
  const sentAt = new Date('2026-05-01T10:05:01.000Z');
  const completedAt = new Date('2026-05-01T10:05:02.500Z');
  ledger.updateOperation(intent.id, { state: 'sent', sentAt });
  const done = ledger.updateOperation(intent.id, { state: 'succeeded', gatewayOperationId: 'gw-op-1', gatewayCode: '00', gatewayMessage: 'Approved', completedAt });
  assert.deepEqual(done, { ...intent, state: 'succeeded', gatewayOperationId: 'gw-op-1', gatewayCode: '00', gatewayMessage: 'Approved', sentAt, completedAt });
  assert.deepEqual(ledger.getOperation(intent.id), done);
  assert.throws(() => ledger.updateOperation('op_missing', { state: 'failed' }), NotFoundError);
  ledger.close();
});

test('lists operations without a final outcome (intent, sent, unknown, a pending follow-up), oldest first', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment({ kind: 'auth', amountMinor: 10_000n }));
  const at = (minute: number): Date => new Date(Date.UTC(2026, 4, 1, 10, minute));
  const unknown = ledger.insertOperation(newOperation(payment.id, { createdAt: at(3), amountMinor: 1n }));
  const intent = ledger.insertOperation(newOperation(payment.id, { createdAt: at(1), amountMinor: 1n }));
  const sent = ledger.insertOperation(newOperation(payment.id, { createdAt: at(2), amountMinor: 1n }));
  const pending = ledger.insertOperation(newOperation(payment.id, { createdAt: at(0), amountMinor: 1n }));
  const done = ledger.insertOperation(newOperation(payment.id, { createdAt: at(0), amountMinor: 1n }));
  // A pending first operation (an MB WAY request) is followed by the payment's status, not here.
  const pendingInitial = ledger.insertOperation(newOperation(payment.id, { kind: 'authorize', createdAt: at(0), amountMinor: 1n }));
  ledger.updateOperation(pendingInitial.id, { state: 'pending' });
  ledger.updateOperation(unknown.id, { state: 'unknown' });
  ledger.updateOperation(sent.id, { state: 'sent' });
  ledger.updateOperation(pending.id, { state: 'pending' });
  ledger.updateOperation(done.id, { state: 'declined' });
  assert.deepEqual(ledger.listUnresolvedOperations().map((operation) => operation.id), [pending.id, intent.id, sent.id, unknown.id]);
  ledger.close();
});

test('keeps the status history of a payment in order', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment());
  const events = [
    { paymentId: payment.id, at: new Date('2026-05-01T10:00:01.000Z'), from: null, to: 'pending', source: 'operation', detail: null },
    { paymentId: payment.id, at: new Date('2026-05-01T10:00:02.000Z'), from: 'pending', to: 'unknown', source: 'operation', detail: 'timeout' },
    { paymentId: payment.id, at: new Date('2026-05-01T10:00:09.000Z'), from: 'unknown', to: 'captured', source: 'sync', detail: null },
  ] as const;
  for (const event of events) ledger.addStatusEvent(event);
  assert.deepEqual(ledger.listStatusEvents(payment.id), events);
  assert.throws(() => ledger.addStatusEvent({ ...events[0], paymentId: 'pay_missing' }), NotFoundError);
  ledger.close();
});

test('lists the active stored tokens, optionally of one profile', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment());
  const base = {
    gatewayId: 'aci-oppwa',
    brand: 'visa',
    last4: '4242',
    expiryMonth: 12,
    expiryYear: 2030,
    holder: 'Ana Silva',
    originPaymentId: payment.id,
    gatewayData: {},
  } as const;
  const first = { ...base, id: 'tok_1', profileId: 'profile_a', tokenValue: 'reg-1', status: 'active', createdAt: new Date('2026-05-01T00:00:00.000Z') } as const;
  const second = { ...base, id: 'tok_2', profileId: 'profile_b', tokenValue: 'reg-2', status: 'active', createdAt: new Date('2026-05-02T00:00:00.000Z'), last4: null, expiryMonth: null, expiryYear: null, holder: null, originPaymentId: null } as const;
  const deleted = { ...base, id: 'tok_3', profileId: 'profile_a', tokenValue: 'reg-3', status: 'deleted', createdAt: new Date('2026-05-03T00:00:00.000Z') } as const;
  ledger.insertToken(first);
  ledger.insertToken(second);
  ledger.insertToken(deleted);
  assert.deepEqual(ledger.listTokens(), [second, first]);
  assert.deepEqual(ledger.listTokens('profile_a'), [first]);
  assert.throws(() => ledger.insertToken({ ...first, id: 'tok_4' }), ConflictError);
  ledger.close();
});

test('records wire exchanges and lists those of a payment oldest first', () => {
  const ledger = freshLedger();
  const payment = ledger.insertPayment(newPayment());
  const exchange = {
    gatewayId: 'sibs-spg',
    paymentId: payment.id,
    operationId: null,
    method: 'POST',
    url: 'http://127.0.0.1:4010/api/v1/payments',
    requestHeaders: { authorization: '[redacted]', 'content-type': 'application/json' },
    requestBody: '{"amount":{"value":10}}',
    responseStatus: 200,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: '{"transactionID":"s2"}',
    durationMs: 42,
    error: null,
  };
  const later = { ...exchange, at: new Date('2026-05-01T10:00:02.000Z'), responseStatus: null, responseBody: null, responseHeaders: {}, error: 'timeout' };
  const earlier = { ...exchange, at: new Date('2026-05-01T10:00:01.000Z') };
  ledger.record(later);
  ledger.record(earlier);
  ledger.record({ ...exchange, paymentId: null, at: new Date('2026-05-01T09:00:00.000Z') });
  const stored = ledger.listWire(payment.id);
  assert.equal(stored.length, 2);
  assert.deepEqual(stored.map(({ id: _id, seq: _seq, ...rest }) => rest), [{ ...earlier, repeats: 1, lastAt: null }, { ...later, repeats: 1, lastAt: null }]);
  assert.notEqual(stored[0]?.id, stored[1]?.id);
  ledger.record({ ...exchange, durationMs: 12.7, at: new Date('2026-05-01T10:00:03.000Z') });
  assert.equal(ledger.listWire(payment.id)[2]?.durationMs, 13, 'timings from performance.now() are kept in whole milliseconds');
  ledger.close();
});

test('sees from a second connection what the first one committed', () => {
  const filePath = tempLedgerPath();
  const writer = openSqliteLedger(filePath);
  const reader = openSqliteLedger(filePath);
  const payment = writer.insertPayment(newPayment());
  assert.equal(reader.getPayment(payment.id)?.id, payment.id);
  const raw = openDatabase(filePath);
  assert.equal(raw.prepare('SELECT amount_minor FROM payments WHERE id = ?').get(payment.id)?.['amount_minor'], 1000n);
  raw.close();
  writer.close();
  reader.close();
});

test('counts the payments in one status, and follows a status change', () => {
  const ledger = freshLedger();
  const first = ledger.insertPayment(newPayment({ status: 'pending' }));
  ledger.insertPayment(newPayment({ status: 'pending' }));
  ledger.insertPayment(newPayment({ status: 'captured' }));
  assert.equal(ledger.countPaymentsWithStatus('pending'), 2);
  assert.equal(ledger.countPaymentsWithStatus('captured'), 1);
  assert.equal(ledger.countPaymentsWithStatus('refunded'), 0);
  ledger.updatePayment(first.id, { status: 'captured' }, new Date('2026-05-01T11:00:00.000Z'));
  assert.equal(ledger.countPaymentsWithStatus('pending'), 1);
  assert.equal(ledger.countPaymentsWithStatus('captured'), 2);
  ledger.close();
});
