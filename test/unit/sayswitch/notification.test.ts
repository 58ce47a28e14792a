/**
 * Webhook reading on the fact sheet's signed vector body (§7, in the §6 pay-in shape) and on
 * bodies built from §6's field lists (each test says which).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import { parseSayswitchNotification, type SayswitchNotificationContext } from '../../../electron/core/gateways/sayswitch/notification.ts';
import { webhookSignature } from '../../../electron/core/gateways/sayswitch/signing.ts';
import type { SayswitchVerifyAnswer } from '../../../electron/core/gateways/sayswitch/wire.ts';
import { fixture, fixtureText } from './fixtures.ts';

const { secretKey: SECRET, payloadSignature: VECTOR_SIGNATURE } = fixture('factsheet-s7-hmac-vector.json') as { secretKey: string; payloadSignature: string };
const bodyOnly: SayswitchNotificationContext = { secretKey: SECRET, timestampOffset: '+01:00', verify: null };

function signed(body: string, headerName = 'payloadSignature') {
  return { headers: { 'content-type': 'application/json', [headerName]: webhookSignature(body, SECRET) }, rawBody: body };
}

describe('Sayswitch webhook reading', () => {
  it('accepts the signed vector body and reads a captured payment from it, acknowledging with 200 OK', async () => {
    const body = fixtureText('factsheet-s7-hmac-vector-webhook-body.json');
    const outcome = await parseSayswitchNotification({ headers: { payloadsignature: VECTOR_SIGNATURE }, rawBody: body }, bodyOnly);
    assert.deepEqual(outcome.acknowledgement, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' });
    assert.equal(outcome.events.length, 1);
    const [event] = outcome.events;
    assert.equal(event?.eventId, 'evt_1:payment.success');
    assert.equal(event?.subject, 'payment');
    assert.equal(event?.status, 'captured');
    assert.equal(event?.final, true);
    assert.equal(event?.gatewayTransactionId, 'REF1');
    assert.equal(event?.merchantReference, 'REF1');
  });

  it('reads the header name in any case (PHP sees HTTP_PAYLOADSIGNATURE)', async () => {
    const body = fixtureText('factsheet-s7-hmac-vector-webhook-body.json');
    const outcome = await parseSayswitchNotification({ headers: { PAYLOADSIGNATURE: VECTOR_SIGNATURE }, rawBody: body }, bodyOnly);
    assert.equal(outcome.events[0]?.status, 'captured');
  });

  it('rejects a webhook with a wrong signature, a missing one, or a body changed after signing', async () => {
    const body = fixtureText('factsheet-s7-hmac-vector-webhook-body.json');
    await assert.rejects(parseSayswitchNotification({ headers: { payloadsignature: VECTOR_SIGNATURE.replace(/^5/, '6') }, rawBody: body }, bodyOnly), AuthenticationError);
    await assert.rejects(parseSayswitchNotification({ headers: {}, rawBody: body }, bodyOnly), AuthenticationError);
    await assert.rejects(parseSayswitchNotification({ headers: { payloadsignature: VECTOR_SIGNATURE }, rawBody: body.replace('"success"}', '"failed"}') }, bodyOnly), AuthenticationError);
    await assert.rejects(parseSayswitchNotification({ headers: { payloadsignature: VECTOR_SIGNATURE }, rawBody: body }, { ...bodyOnly, secretKey: 'sk_test_other' }), AuthenticationError);
  });

  it('trusts verify over the body when confirming by API (the plugin\'s safe client rule)', async () => {
    const body = fixtureText('factsheet-s7-hmac-vector-webhook-body.json');
    const asked: string[] = [];
    const verify = async (reference: string): Promise<SayswitchVerifyAnswer> => {
      asked.push(reference);
      return { success: true, message: 'Verification successful', data: { reference, status: 'failed', gateway_response: 'Declined by issuer' } };
    };
    const outcome = await parseSayswitchNotification({ headers: { payloadsignature: VECTOR_SIGNATURE }, rawBody: body }, { ...bodyOnly, verify });
    assert.deepEqual(asked, ['REF1']);
    assert.equal(outcome.events[0]?.status, 'declined');
    assert.equal(outcome.events[0]?.gatewayMessage, 'Declined by issuer');
    assert.equal(outcome.events[0]?.eventId, 'evt_1:payment.success', 'the id names the delivery, whatever verify says');
  });

  it('reads a refund event (§6 older revision: refund.processed) as a settled refund operation', async () => {
    // Built from §6's pay-in shape with the event type §6 lists for refunds.
    const body = JSON.stringify({ id: 'evt_9', type: 'refund.processed', created: '2025-03-01T10:00:00Z', data: { reference: 'RF_1', transaction_reference: 'REF1', amount: '10.00', currency: 'NGN', status: 'success' } });
    const [event] = (await parseSayswitchNotification(signed(body), bodyOnly)).events;
    assert.equal(event?.subject, 'operation');
    assert.equal(event?.operationKind, 'refund');
    assert.equal(event?.gatewayTransactionId, 'RF_1');
    assert.equal(event?.referencedGatewayId, 'REF1');
    assert.equal(event?.status, 'refunded');
    assert.equal(event?.final, true);
    assert.equal(event?.amountMinor, 1000n);
    assert.equal(event?.occurredAt?.toISOString(), '2025-03-01T10:00:00.000Z');
  });

  it('reads the payout-style {notify, notifyType, data} shape, with a zone-less time read as +01:00', async () => {
    // Built from §6's payout webhook fields, used for a pay-in (which shape pay-ins use is UNKNOWN).
    const body = JSON.stringify({ notify: 'transaction', notifyType: 'failed', data: { id: 77, reference: 'REF2', amount: '5.00', currency: 'NGN', status: 'failed', updated_at: '2025-03-01 11:00:00' } });
    const [event] = (await parseSayswitchNotification(signed(body), bodyOnly)).events;
    assert.equal(event?.eventId, '77:failed');
    assert.equal(event?.status, 'declined');
    assert.equal(event?.occurredAt?.toISOString(), '2025-03-01T10:00:00.000Z');
  });

  it('acknowledges payout notifications without an event (the console makes no payouts)', async () => {
    const body = JSON.stringify({ notify: 'payout', notifyType: 'successful', data: { id: 5, reference: 'PO1', status: 'success' } });
    const outcome = await parseSayswitchNotification(signed(body), bodyOnly);
    assert.deepEqual(outcome.events, []);
    assert.equal(outcome.acknowledgement.status, 200);
  });

  it('sends an unknown status to needs review instead of guessing', async () => {
    const body = JSON.stringify({ id: 'evt_3', type: 'payment.reversed', data: { reference: 'REF3', status: 'reversed' } });
    const [event] = (await parseSayswitchNotification(signed(body), bodyOnly)).events;
    assert.equal(event?.status, 'needs_review');
    assert.equal(event?.final, false);
  });

  it('reports a signed body that is not JSON as unreadable', async () => {
    await assert.rejects(parseSayswitchNotification(signed('OK'), bodyOnly), DeserializationError);
  });
});
