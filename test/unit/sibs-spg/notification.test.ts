/** Reading SIBS webhooks: the documented payload (fact sheet §8, QDOC E.1.1) encrypted as SIBS does. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import { sealWebhook } from '../../../electron/core/gateways/sibs-spg/emulator/webhook-cipher.ts';
import { parseSibsNotification } from '../../../electron/core/gateways/sibs-spg/notification.ts';
import type { IncomingNotification } from '../../../electron/core/gateways/types.ts';
import { fixture } from './fixtures.ts';

const SECRET = Buffer.alloc(32, 0x5a).toString('base64');
const DEFAULTS = { webhookAckStatusCode: '000', webhookAuthTagBytes: 16 } as const;
const SEAL = { ivBytes: 12, tagBytes: 16, aad: '' };
const documented = fixture('factsheet-s8-webhook-payload.json') as Record<string, unknown>;

function delivery(payload: unknown, secret = SECRET): IncomingNotification {
  const sealed = sealWebhook(JSON.stringify(payload), secret, SEAL);
  return {
    rawBody: sealed.body,
    headers: { 'Content-Type': 'application/json', 'X-Initialization-Vector': sealed.headers['x-initialization-vector'], 'X-Authentication-Tag': sealed.headers['x-authentication-tag'] },
  };
}

describe('SIBS webhook parsing', () => {
  it('maps the documented MB WAY payload to a final captured payment event', () => {
    const outcome = parseSibsNotification(delivery(documented), SECRET, DEFAULTS);
    assert.equal(outcome.events.length, 1);
    const [event] = outcome.events;
    assert.deepEqual(event, {
      eventId: 'b6571d90-35d6-41a6-b7b1-732464b1e58c',
      subject: 'payment',
      gatewayTransactionId: 's2bfw1g1P1siCSUjVPP8',
      merchantReference: 'aafd48f8…',
      status: 'captured',
      final: true,
      mandateStatus: null,
      occurredAt: new Date('2026-03-12T10:48:44Z'),
      gatewayCode: '000',
      gatewayMessage: 'Success',
      // The MobilePhone token is the MB WAY alias, not a stored card.
      token: null,
    });
  });

  it('acknowledges with statusCode "000" by default, "200" when the profile says so, echoing the notificationID', () => {
    const outcome = parseSibsNotification(delivery(documented), SECRET, DEFAULTS);
    assert.equal(outcome.acknowledgement.status, 200);
    assert.equal(outcome.acknowledgement.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(outcome.acknowledgement.body), { statusCode: '000', statusMsg: 'Success', notificationID: 'b6571d90-35d6-41a6-b7b1-732464b1e58c' });
    const older = parseSibsNotification(delivery(documented), SECRET, { ...DEFAULTS, webhookAckStatusCode: '200' });
    assert.equal(JSON.parse(older.acknowledgement.body).statusCode, '200');
  });

  it('reads the amount as a decimal string as older examples print it', () => {
    const outcome = parseSibsNotification(delivery({ ...documented, amount: { currency: 'EUR', value: '16.20' } }), SECRET, DEFAULTS);
    assert.equal(outcome.events[0]?.status, 'captured');
  });

  it('rejects a wrong tag without reading anything', () => {
    const good = delivery(documented);
    const tag = Buffer.from(good.headers['X-Authentication-Tag'] ?? '', 'base64');
    tag[3] = (tag[3] ?? 0) ^ 0x80;
    const forged = { ...good, headers: { ...good.headers, 'X-Authentication-Tag': tag.toString('base64') } };
    assert.throws(() => parseSibsNotification(forged, SECRET, DEFAULTS), AuthenticationError);
    assert.throws(() => parseSibsNotification(delivery(documented, Buffer.alloc(32, 1).toString('base64')), SECRET, DEFAULTS), AuthenticationError);
  });

  it('calls a payload that is not JSON, or has no notificationID, unreadable', () => {
    const sealed = sealWebhook('not json', SECRET, SEAL);
    const notJson = { rawBody: sealed.body, headers: sealed.headers };
    assert.throws(() => parseSibsNotification(notJson, SECRET, DEFAULTS), DeserializationError);
    const { notificationID: _dropped, ...withoutId } = documented;
    assert.throws(() => parseSibsNotification(delivery(withoutId), SECRET, DEFAULTS), DeserializationError);
  });

  it('reads a JSON-quoted Base64 body as well', () => {
    const plain = delivery(documented);
    const quoted = { ...plain, rawBody: JSON.stringify(plain.rawBody) };
    assert.equal(parseSibsNotification(quoted, SECRET, DEFAULTS).events[0]?.status, 'captured');
  });

  it('maps Pending, Declined, Timeout and an AUTH success', () => {
    const status = (overrides: Record<string, unknown>) => parseSibsNotification(delivery({ ...documented, ...overrides }), SECRET, DEFAULTS).events[0];
    assert.deepEqual([status({ paymentStatus: 'Pending' })?.status, status({ paymentStatus: 'Pending' })?.final], ['pending', false]);
    assert.equal(status({ paymentStatus: 'Declined', returnStatus: { statusCode: '01.106.0004', statusMsg: 'Declined' } })?.gatewayCode, '01.106.0004');
    assert.equal(status({ paymentStatus: 'Timeout' })?.status, 'expired');
    assert.equal(status({ paymentStatus: 'Success', paymentType: 'AUTH', paymentMethod: 'CARD' })?.status, 'authorized');
  });

  it('puts an unknown paymentStatus in needs review rather than guessing', () => {
    const event = parseSibsNotification(delivery({ ...documented, paymentStatus: 'Settled' }), SECRET, DEFAULTS).events[0];
    assert.deepEqual([event?.status, event?.final], ['needs_review', false]);
  });

  it('reads a card token and treats a back-office paymentType as an operation event', () => {
    const withCard = parseSibsNotification(
      delivery({ ...documented, paymentMethod: 'CARD', token: { tokenType: 'Card', value: 'tok-1', maskedPAN: '476134******0035', expireDate: '2031-12-31T00:00:00Z' } }),
      SECRET,
      DEFAULTS,
    ).events[0];
    assert.deepEqual(withCard?.token, { value: 'tok-1', brand: 'visa', last4: '0035', expiryMonth: 12, expiryYear: 2031 });
    const refund = parseSibsNotification(delivery({ ...documented, paymentMethod: 'CARD', paymentType: 'RFND' }), SECRET, DEFAULTS).events[0];
    assert.deepEqual([refund?.subject, refund?.status, refund?.final], ['operation', null, true]);
  });

  it('maps mandate and token events', () => {
    const mandate = parseSibsNotification(
      delivery({ returnStatus: { statusCode: '000' }, paymentMethod: 'MANDATE', transactionID: 's2mandate', mbwayMandate: { mandateId: 'M1', mandateStatus: 'ACTV', transactionId: 's2mandate' }, notificationID: 'n-1' }),
      SECRET,
      DEFAULTS,
    ).events[0];
    assert.deepEqual([mandate?.subject, mandate?.mandateStatus, mandate?.final, mandate?.gatewayTransactionId], ['mandate', 'active', false, 's2mandate']);
    const token = parseSibsNotification(
      delivery({ paymentMethod: 'CARD', transactionID: 's2cit', token: { tokenType: 'Card', value: 'tok-2', maskedPAN: '520474******1002' }, notificationID: 'n-2' }),
      SECRET,
      DEFAULTS,
    ).events[0];
    assert.deepEqual([token?.subject, token?.token?.value, token?.token?.brand], ['token', 'tok-2', 'mastercard']);
  });
});
