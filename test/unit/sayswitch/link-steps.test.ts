/**
 * The steps a card charge's answers link to (the 3-D Secure trigger, the OTP submit), served by a
 * 127.0.0.1 stand-in: whether they are encrypted (§7 names the S2S endpoints only, so plaintext
 * unless the profile says otherwise), and what an answer to them that cannot be used means while
 * Sayswitch holds the transaction: nothing final.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { leavesOutcomeUnknown } from '../../../electron/core/errors.ts';
import { decryptSayswitchPayload, encryptSayswitchPayload, sayswitchPayloadKey } from '../../../electron/core/gateways/sayswitch/payload-crypto.ts';
import type { SayswitchAdapter } from '../../../electron/core/gateways/sayswitch/adapter.ts';
import type { PaymentRef } from '../../../electron/core/gateways/types.ts';
import { startCannedGateway, type CannedAnswer, type CannedGateway } from '../../helpers/canned-gateway.ts';
import { cannedCardSale, cannedSayswitchAdapter, CANNED_SECRET_KEY } from './canned-adapter.ts';
import { fixtureText } from './fixtures.ts';

const AES_KEY = '0123456789abcdef0123456789abcdef';
const AES_IV = 'fedcba9876543210';
const key = sayswitchPayloadKey(AES_KEY, AES_IV);
const REFERENCE = 'MOTO-20250301-ABCDEFGH';

let gateway: CannedGateway;
before(async () => {
  gateway = await startCannedGateway();
});
after(() => gateway.close());

function adapter(options: Record<string, string | number | boolean>): SayswitchAdapter {
  return cannedSayswitchAdapter(gateway, options, { secretKey: CANNED_SECRET_KEY, encryptionKey: AES_KEY, encryptionIv: AES_IV });
}

const request = cannedCardSale(REFERENCE);
const progress = { recordGatewayReference: () => undefined };

/** A fact sheet answer with its links pointed at the stand-in, encrypted as an S2S answer is when encryption is on. */
function sealed(fixture: string): CannedAnswer {
  return { status: 200, body: { data: encryptSayswitchPayload(fixtureText(fixture).replaceAll('https://backendapi.sayswitchgroup.com', gateway.origin), key) } };
}
const CARD_BLOB: CannedAnswer = { status: 200, body: { data: encryptSayswitchPayload('ab'.repeat(48), key) } };
const THREEDS_INITIALIZE = () => sealed('factsheet-s2-initialize-3ds2-response.json');
const THREEDS_AUTH = (): CannedAnswer => ({ status: 200, body: JSON.parse(fixtureText('factsheet-s2-3ds2auth-response.json').replace('{reference}', REFERENCE)) as unknown });

function verifyAnswer(status: string): CannedAnswer {
  return {
    status: 200,
    body: { success: true, message: 'Verification successful', data: { amount: '10.12', requested_amount: '10.00', fees: '0.12', currency: 'NGN', status, reference: REFERENCE, domain: 'test', channel: 'card' } },
  };
}

function otpPayment(): PaymentRef {
  const gatewayData = { channel: 'card', flow: 'otp', paymentId: '1933565739', actionType: 'OTP', actionUrl: `${gateway.origin}/api/i5678930tyuhjns-cardotp` };
  return { gatewayTransactionId: REFERENCE, merchantReference: REFERENCE, kind: 'sale', amountMinor: 1_000n, currency: 'NGN', gatewayData, createdAt: new Date() };
}

describe('Sayswitch link steps with payload encryption on', () => {
  it('sends the 3-D Secure trigger in plaintext by default: the documents encrypt the S2S endpoints only', async () => {
    gateway.answer(CARD_BLOB, THREEDS_INITIALIZE(), THREEDS_AUTH());
    const result = await adapter({ payloadEncryption: true }).purchase(request, progress);
    assert.equal(result.status, 'requires_action');
    assert.equal(gateway.seen[2]?.url, '/api/mrtyui876578a/3ds2auth');
    assert.deepEqual(JSON.parse(gateway.seen[2]?.body ?? ''), { ref: REFERENCE });
  });

  it('encrypts the link steps, and reads their encrypted answers, when the profile says the account does', async () => {
    gateway.answer(CARD_BLOB, THREEDS_INITIALIZE(), sealed('factsheet-s2-3ds2auth-response.json'));
    const result = await adapter({ payloadEncryption: true, encryptLinkSteps: true }).purchase(request, progress);
    assert.equal(result.status, 'requires_action');
    const sent = JSON.parse(gateway.seen[2]?.body ?? '') as { data: string };
    assert.deepEqual(JSON.parse(decryptSayswitchPayload(sent.data, key)), { ref: REFERENCE });
  });

  it('reads a link step answer that comes encrypted although the request went in plaintext', async () => {
    gateway.answer(CARD_BLOB, THREEDS_INITIALIZE(), sealed('factsheet-s2-3ds2auth-response.json'));
    const result = await adapter({ payloadEncryption: true }).purchase(request, progress);
    assert.equal(result.pendingAction?.type, 'OTP_PAGE');
    assert.deepEqual(JSON.parse(gateway.seen[2]?.body ?? ''), { ref: REFERENCE });
  });

  it('sends the OTP in plaintext by default', async () => {
    gateway.answer({ status: 200, body: { status: true, message: 'Transaction successful' } }, verifyAnswer('success'));
    await adapter({ payloadEncryption: true }).capabilities.customerSteps.continueAction(otpPayment(), { id: '1933565739', type: 'OTP', otp: '123456' });
    assert.deepEqual(JSON.parse(gateway.seen[0]?.body ?? ''), { otp: '123456', ref: REFERENCE, payid: '1933565739' });
  });
});

describe('An unusable answer to a step of a transaction Sayswitch holds is never a failure', () => {
  const unusable: ReadonlyArray<readonly [string, CannedAnswer]> = [
    ['refused as malformed (HTTP 400, as a server expecting the other encryption answers)', { status: 400, body: { status: false, message: 'Validation error', error: 'ref is required' } }],
    ['not found (HTTP 404)', { status: 404, body: { success: false, message: 'Transaction not found' } }],
    ['encrypted with another key', { status: 200, body: { data: encryptSayswitchPayload('{"status":true}', sayswitchPayloadKey('f'.repeat(32), AES_IV)) } }],
    ['not JSON', { status: 200, body: '<html>Bad gateway</html>' }],
    ['not the documented shape', { status: 200, body: { status: true, message: 'Proceed payer authentication' } }],
  ];

  for (const [what, answer] of unusable) {
    it(`leaves a card charge whose 3-D Secure step answer is ${what} unknown`, async () => {
      gateway.answer(CARD_BLOB, THREEDS_INITIALIZE(), answer);
      await assert.rejects(adapter({ payloadEncryption: true }).purchase(request, progress), (error: unknown) => {
        assert.ok(leavesOutcomeUnknown(error), String(error));
        return true;
      });
    });
  }

  it('asks verify when the OTP step is refused as malformed, and keeps the payment waiting for the code', async () => {
    gateway.answer({ status: 400, body: { status: false, message: 'Validation error', error: 'otp is required' } }, verifyAnswer('pending'));
    const result = await adapter({ payloadEncryption: true }).capabilities.customerSteps.continueAction(otpPayment(), { id: '1933565739', type: 'OTP', otp: '123456' });
    assert.deepEqual([result?.outcome, result?.status, result?.pendingAction?.type], ['pending', 'requires_action', 'OTP']);
    assert.match(result?.gatewayMessage ?? '', /otp is required/);
    assert.equal(gateway.seen[1]?.url, `/api/s2s/v1/transaction/verify/${REFERENCE}`);
  });
});
