/**
 * OPPWA webhooks (fact sheet §8): hex AES-256-GCM on a fixed vector computed once with
 * node:crypto (key bytes 0x00–0x1f, IV bytes 0x00–0x0b), and the mapping of the decrypted
 * `{type, action, payload}` envelope whose payload is the §2 answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import { oppwaNotificationEvents, parseOppwaNotification } from '../../../electron/core/gateways/aci-oppwa/notification.ts';
import { decryptOppwaNotification } from '../../../electron/core/gateways/aci-oppwa/webhook-crypto.ts';
import { fixture } from './fixtures.ts';

const SECRET = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const PLAINTEXT = '{"type":"PAYMENT","action":"CREATED","payload":{"id":"8ac7a4a192b3b5060192b471c0d82dfb","paymentType":"DB","result":{"code":"000.100.112"}}}';
const BODY =
  '3C20A262B580E021AF11D6D2FCAC3639A1FAA555930F36135645DFA75E3B45F35555EADE83E362F90DC8108CECA51243CC3004AF60F49BBB5CA04B2D79D2CCDC920FA44FE3E716502566C85AD8BE6DD85CB2FB0610017144DF8DFFB51595D7F99F812983867BEA5EDC3E12903A10520AD613409198E746F5299A75F7A0D65E3E956330F69AE6FA612A9C35DC';
const IV = '000102030405060708090A0B';
const TAG = '4031AF4693871BAD1547532E5253C927';

function flipFirstByte(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('hex');
}

const headers = { 'X-Initialization-Vector': IV, 'X-Authentication-Tag': TAG, 'Content-Type': 'text/plain' };

describe('OPPWA webhook encryption', () => {
  it('decrypts the vector, in upper or lower case hex', () => {
    assert.equal(decryptOppwaNotification({ body: BODY, iv: IV, tag: TAG }, SECRET), PLAINTEXT);
    assert.equal(decryptOppwaNotification({ body: BODY.toLowerCase(), iv: IV.toLowerCase(), tag: TAG.toLowerCase() }, SECRET.toUpperCase()), PLAINTEXT);
  });

  it('rejects a wrong tag, an altered body, a wrong key and missing headers as authentication failures', () => {
    assert.throws(() => decryptOppwaNotification({ body: BODY, iv: IV, tag: flipFirstByte(TAG) }, SECRET), AuthenticationError);
    assert.throws(() => decryptOppwaNotification({ body: flipFirstByte(BODY), iv: IV, tag: TAG }, SECRET), AuthenticationError);
    assert.throws(() => decryptOppwaNotification({ body: BODY, iv: IV, tag: TAG }, 'ab'.repeat(32)), AuthenticationError);
    assert.throws(() => decryptOppwaNotification({ body: BODY, iv: undefined, tag: TAG }, SECRET), AuthenticationError);
    assert.throws(() => decryptOppwaNotification({ body: BODY, iv: IV, tag: TAG }, 'not-hex'), AuthenticationError);
  });

  it('refuses a body that is not hex as unreadable', () => {
    assert.throws(() => decryptOppwaNotification({ body: 'not hex!', iv: IV, tag: TAG }, SECRET), DeserializationError);
  });

  it('parses a delivery into an event and acknowledges it with an empty HTTP 200', () => {
    const outcome = parseOppwaNotification({ headers, rawBody: BODY }, SECRET);
    assert.deepEqual(outcome.acknowledgement, { status: 200, headers: {}, body: '' });
    assert.equal(outcome.events.length, 1);
    assert.deepEqual([outcome.events[0]?.subject, outcome.events[0]?.status, outcome.events[0]?.gatewayTransactionId], ['payment', 'captured', '8ac7a4a192b3b5060192b471c0d82dfb']);
  });
});

describe('OPPWA webhook payloads', () => {
  const payment = fixture('factsheet-s2-debit-success.json');

  it('maps a PAYMENT payload of a DB to a final captured payment event, dated by its timestamp', () => {
    const [event] = oppwaNotificationEvents(JSON.stringify({ type: 'PAYMENT', payload: payment }));
    assert.ok(event);
    assert.deepEqual(
      [event.subject, event.status, event.final, event.merchantReference, event.gatewayCode],
      ['payment', 'captured', true, 'P175', '000.100.112'],
    );
    assert.equal(event.occurredAt?.toISOString(), '2024-10-22T13:36:46.000Z');
    // OPPWA gives no notification id: the transaction, its code and its timestamp stand in for one.
    assert.equal(event.eventId, 'PAYMENT::8ac7a4a192b3b5060192b471c0d82dfb:000.100.112:2024-10-22 13:36:46+0000');
  });

  it('maps CP, RF, RV, RB, CB and CR payloads to operation events with what they reference and their amount', () => {
    const kinds = [
      ['CP', 'capture', '000.100.112'],
      ['RF', 'refund', '000.100.112'],
      ['RV', 'void', '000.100.112'],
      ['RB', 'rebill', '000.100.112'],
      ['CB', 'chargeback', '000.100.220'],
      ['CR', 'chargeback_reversal', '000.100.112'],
    ] as const;
    for (const [paymentType, kind, code] of kinds) {
      // §3: each operation is a new transaction whose referencedId is the original id.
      const payload = { ...payment, id: 'b'.repeat(32), paymentType, referencedId: payment['id'], result: { code, description: 'x' } };
      const [event] = oppwaNotificationEvents(JSON.stringify({ type: 'PAYMENT', payload }));
      assert.deepEqual(
        [event?.subject, event?.operationKind, event?.referencedGatewayId, event?.amountMinor, event?.currency, event?.final, event?.status],
        ['operation', kind, '8ac7a4a192b3b5060192b471c0d82dfb', 10_000n, 'EUR', true, null],
        paymentType,
      );
    }
  });

  it('maps a PA still waiting for 3-D Secure to requires_action, not final', () => {
    const payload = { ...payment, paymentType: 'PA', result: { code: '000.200.000', description: 'transaction pending' }, redirect: fixture('factsheet-s6-redirect.json') };
    const [event] = oppwaNotificationEvents(JSON.stringify({ type: 'PAYMENT', payload }));
    assert.deepEqual([event?.status, event?.final], ['requires_action', false]);
  });

  it('files an unknown code under needs review instead of guessing', () => {
    const [event] = oppwaNotificationEvents(JSON.stringify({ type: 'PAYMENT', payload: { ...payment, result: { code: '123.456.789' } } }));
    assert.deepEqual([event?.status, event?.final], ['needs_review', false]);
  });

  it('maps REGISTRATION events to token events; SCHEDULE and RISK events to nothing', () => {
    // §4: a registration answer has id, result, card, buildNumber, timestamp, ndc.
    const registration = { id: 'c'.repeat(32), result: { code: '000.000.000' }, paymentBrand: 'VISA', card: payment['card'], buildNumber: payment['buildNumber'], timestamp: payment['timestamp'], ndc: payment['ndc'] };
    const [created] = oppwaNotificationEvents(JSON.stringify({ type: 'REGISTRATION', action: 'CREATED', payload: registration }));
    assert.deepEqual([created?.subject, created?.token], ['token', { value: 'c'.repeat(32), brand: 'visa', last4: '0042', expiryMonth: 2, expiryYear: 2027 }]);
    const [deleted] = oppwaNotificationEvents(JSON.stringify({ type: 'REGISTRATION', action: 'DELETED', payload: registration }));
    assert.match(deleted?.gatewayMessage ?? '', /^REGISTRATION DELETED/);
    assert.notEqual(created?.eventId, deleted?.eventId);
    assert.deepEqual(oppwaNotificationEvents(JSON.stringify({ type: 'RISK', payload: registration })), []);
  });

  it('refuses a payload that is not the documented envelope', () => {
    assert.throws(() => oppwaNotificationEvents('{"payload":{}}'), DeserializationError);
    assert.throws(() => oppwaNotificationEvents('not json'), DeserializationError);
    assert.throws(() => oppwaNotificationEvents('{"type":"PAYMENT","payload":{"id":"x"}}'), DeserializationError);
  });
});
