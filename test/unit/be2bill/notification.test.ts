/**
 * Be2bill notifications (fact sheet §8): a form of the transaction's parameters signed with the §3
 * HASH, acknowledged with `OK`. Bodies are the §8 parameters of the §5 success answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import { parseBe2billNotification } from '../../../electron/core/gateways/be2bill/notification.ts';
import { signedNotificationForm } from '../../../electron/core/gateways/be2bill/emulator/platform-form.ts';
import type { Be2billParams } from '../../../electron/core/gateways/be2bill/wire.ts';

const PASSWORD = 'notify-secret';
const base: Be2billParams = {
  IDENTIFIER: 'MERCHANT-1',
  OPERATIONTYPE: 'payment',
  TRANSACTIONID: 'A189063',
  ORDERID: 'ORDER-1',
  EXECCODE: '0000',
  MESSAGE: 'The transaction has been accepted.',
  AMOUNT: '1000',
  CARDCODE: 'XXXXXXXXXXXX0000',
  CARDTYPE: 'MASTERCARD',
  CARDVALIDITYDATE: '12-31',
  CARDFULLNAME: 'JOHN SNOW',
  ALIAS: 'A189063',
};

function parse(params: Be2billParams, password = PASSWORD) {
  return parseBe2billNotification({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: signedNotificationForm(password, params) }, PASSWORD, 'MERCHANT-1', 'EUR');
}

describe('Be2bill notifications', () => {
  it('verifies the HASH, maps the payment and answers OK in plain text', () => {
    const outcome = parse(base);
    assert.deepEqual(outcome.acknowledgement, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' });
    const [event] = outcome.events;
    assert.ok(event);
    assert.deepEqual([event.subject, event.status, event.final, event.gatewayTransactionId, event.merchantReference], ['payment', 'captured', true, 'A189063', 'ORDER-1']);
    assert.equal(event.eventId, 'A189063:0000:payment');
    assert.deepEqual(event.token, { value: 'A189063', brand: 'mastercard', last4: '0000', expiryMonth: 12, expiryYear: 2031 });
  });

  it('rejects a wrong HASH, a missing HASH and another account\'s notification', () => {
    assert.throws(() => parse(base, 'wrong-password'), AuthenticationError);
    assert.throws(
      () => parseBe2billNotification({ headers: {}, rawBody: new URLSearchParams(base as Record<string, string>).toString() }, PASSWORD, 'MERCHANT-1', 'EUR'),
      AuthenticationError,
    );
    assert.throws(() => parse({ ...base, IDENTIFIER: 'SOMEONE-ELSE' }), AuthenticationError);
    const tampered = signedNotificationForm(PASSWORD, base).replace('AMOUNT=1000', 'AMOUNT=1');
    assert.throws(() => parseBe2billNotification({ headers: {}, rawBody: tampered }, PASSWORD, 'MERCHANT-1', 'EUR'), AuthenticationError);
  });

  it('refuses a signed notification without TRANSACTIONID as unreadable', () => {
    const { TRANSACTIONID: _id, ...rest } = base;
    assert.throws(() => parse(rest), DeserializationError);
  });

  it('gives a later 3-D Secure state of the same transaction another event id', () => {
    const pending = parse({ ...base, EXECCODE: '0001' }).events[0];
    const done = parse(base).events[0];
    assert.equal(pending?.status, 'requires_action');
    assert.equal(pending?.final, false);
    assert.notEqual(pending?.eventId, done?.eventId);
  });

  it('reads a later N-times instalment as an installment operation on the schedule, with its amount', () => {
    const [event] = parse({ ...base, TRANSACTIONID: 'A189070', SCHEDULEID: 'A189063', DATE: '2030-02-10', AMOUNT: '300', ALIAS: '' }).events;
    assert.ok(event);
    assert.deepEqual([event.subject, event.operationKind, event.referencedGatewayId, event.amountMinor, event.currency, event.status, event.final], ['operation', 'installment', 'A189063', 300n, 'EUR', 'captured', true]);
    assert.equal(event.eventId, 'A189070:0000:payment:A189063@2030-02-10');
    const declined = parse({ ...base, TRANSACTIONID: 'A189071', SCHEDULEID: 'A189063', DATE: '2030-03-10', EXECCODE: '4002', AMOUNT: '300' }).events[0];
    assert.equal(declined?.status, 'declined');
    const first = parse({ ...base, SCHEDULEID: 'A189063' }).events[0];
    assert.equal(first?.subject, 'payment');
  });

  it('reads captures and refunds as operations, and an unknown code as needing review', () => {
    const refund = parse({ ...base, OPERATIONTYPE: 'refund', TRANSACTIONID: 'A400', ORDERID: 'REF-1' }).events[0];
    assert.deepEqual([refund?.subject, refund?.operationKind, refund?.status, refund?.merchantReference], ['operation', 'refund', 'partially_refunded', 'REF-1']);
    const unknown = parse({ ...base, EXECCODE: '9999' }).events[0];
    assert.deepEqual([unknown?.status, unknown?.final], ['needs_review', false]);
  });
});
