/**
 * The fact sheet's §7 vectors (self-computed by its author with the algorithm of the official
 * samples, cross-checked with OpenSSL): AES-256-CBC with the key string's bytes, the IV string's
 * first 16 characters, PKCS#7 and hex; and the webhook HMAC-SHA512.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import {
  decryptSayswitchPayload,
  encryptedEnvelope,
  encryptSayswitchPayload,
  envelopeCiphertext,
  sayswitchPayloadKey,
} from '../../../electron/core/gateways/sayswitch/payload-crypto.ts';
import { webhookSignature, webhookSignatureMatches } from '../../../electron/core/gateways/sayswitch/signing.ts';
import { fixtureText } from './fixtures.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const IV = 'fedcba9876543210ZZZZ';
const PLAINTEXT = '{"amount":"10.00","currency":"NGN"}';
const CIPHERTEXT = '869562ed04477434249c5a0c57b2838ca627c914422a472ed742603db21b82b2f4feead214f934cbe0e70ebf2c771313';
const HMAC = '5f3b962a0968be825bf90f637f23299d1a32d3baafc16fb96a4c77586fe0bbf79c112b7d75a19be2320b68b98739914e780f16d633df4eeaa7d39b4d8fb6d451';

describe('Sayswitch payload encryption (AES-256-CBC, fact sheet §7)', () => {
  const key = sayswitchPayloadKey(KEY, IV);

  it('encrypts the vector plaintext to the vector hex, using only the first 16 IV characters', () => {
    assert.equal(encryptSayswitchPayload(PLAINTEXT, key), CIPHERTEXT);
    assert.equal(encryptSayswitchPayload(PLAINTEXT, sayswitchPayloadKey(KEY, 'fedcba9876543210')), CIPHERTEXT);
  });

  it('decrypts the vector hex back to the plaintext, and reads the same bytes given as base64', () => {
    assert.equal(decryptSayswitchPayload(CIPHERTEXT, key), PLAINTEXT);
    assert.equal(decryptSayswitchPayload(CIPHERTEXT.toUpperCase(), key), PLAINTEXT);
    assert.equal(decryptSayswitchPayload(Buffer.from(CIPHERTEXT, 'hex').toString('base64'), key), PLAINTEXT);
  });

  it('wraps the ciphertext as {"data": hex} and finds it again', () => {
    const envelope = encryptedEnvelope(PLAINTEXT, key);
    assert.equal(envelope, `{"data":"${CIPHERTEXT}"}`);
    assert.equal(envelopeCiphertext(JSON.parse(envelope)), CIPHERTEXT);
    assert.equal(envelopeCiphertext({ data: { number: '4111' }, reference: 'R' }), null, 'the card-encryption request is not an envelope');
    assert.equal(envelopeCiphertext({ data: CIPHERTEXT, reference: 'R' }), null, 'an envelope has data only');
  });

  it('refuses a key that is not 32 bytes of text and an IV shorter than 16 characters', () => {
    assert.throws(() => sayswitchPayloadKey(Buffer.from(KEY).toString('base64'), IV), AuthenticationError);
    assert.throws(() => sayswitchPayloadKey(KEY, 'short'), AuthenticationError);
  });

  it('reports a wrong key as an unreadable payload, not as data', () => {
    assert.throws(() => decryptSayswitchPayload(CIPHERTEXT, sayswitchPayloadKey('ffffffffffffffffffffffffffffffff', IV)), DeserializationError);
    assert.throws(() => decryptSayswitchPayload('abc', key), DeserializationError);
  });
});

describe('Sayswitch webhook signature (HMAC-SHA512, fact sheet §6–§7)', () => {
  const body = fixtureText('factsheet-s7-hmac-vector-webhook-body.json');

  it('signs the vector body with the secret key to the vector hex', () => {
    assert.equal(webhookSignature(body, 'sk_test_abc'), HMAC);
  });

  it('accepts the signature in either case and refuses another key or a changed body', () => {
    assert.equal(webhookSignatureMatches(body, 'sk_test_abc', HMAC), true);
    assert.equal(webhookSignatureMatches(body, 'sk_test_abc', HMAC.toUpperCase()), true);
    assert.equal(webhookSignatureMatches(body, 'sk_test_abd', HMAC), false);
    assert.equal(webhookSignatureMatches(body.replace('10.00', '100.00'), 'sk_test_abc', HMAC), false);
    assert.equal(webhookSignatureMatches(body, 'sk_test_abc', ''), false);
  });
});
