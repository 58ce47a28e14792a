import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sayswitchRedactor } from '../../../electron/core/gateways/sayswitch/redact.ts';

describe('Sayswitch wire-log redaction', () => {
  it('removes the card number, CVV and PIN from a card-encryption request', () => {
    const body = JSON.stringify({ data: { number: '5204730000002449', expiryMonth: '12', expiryYear: '35', cvv: '244', PIN: '1234' }, reference: 'MOTO-1' });
    const redacted = sayswitchRedactor.body(body);
    assert.doesNotMatch(redacted, /5204730000002449|"244"|"1234"/);
    assert.match(redacted, /"reference":"MOTO-1"/);
    assert.match(redacted, /"expiryMonth":"12"/);
  });

  it('removes the encrypted card Sayswitch answers with, bare or inside initialize', () => {
    const blob = 'a'.repeat(96);
    assert.equal(sayswitchRedactor.body(blob), '[ENCRYPTED]');
    assert.match(sayswitchRedactor.body(JSON.stringify({ amount: '10.00', card: blob, currency: 'NGN' })), /"card":"\[REDACTED\]"/);
  });

  it('keeps AES ciphertexts out of the log', () => {
    assert.equal(sayswitchRedactor.body(`{"data":"${'0f'.repeat(48)}"}`), '{"data":"[ENCRYPTED]"}');
  });

  it('removes OTPs, card tokens and authorization codes from answers and keeps the rest', () => {
    const redacted = sayswitchRedactor.body(JSON.stringify({ otp: '123456', ref: 'R1', data: { status: 'success', authorization: { authorization_code: 'AUTH_x', last4: '2449' } }, card: { token: 'ss-tkn-1', last4Digits: '2449' } }));
    assert.doesNotMatch(redacted, /123456|AUTH_x|ss-tkn-1/);
    assert.match(redacted, /"last4Digits":"2449"/);
  });

  it('keeps the scheme of Authorization and drops the key, the signature and the AES headers', () => {
    const headers = sayswitchRedactor.headers({ Authorization: 'Bearer sk_test_secret', payloadSignature: 'abc', key: 'k'.repeat(32), iv: 'i'.repeat(16), 'content-type': 'application/json' });
    assert.deepEqual(headers, { Authorization: 'Bearer [REDACTED]', payloadSignature: '[REDACTED]', key: '[REDACTED]', iv: '[REDACTED]', 'content-type': 'application/json' });
  });
});
