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
import { fixture, fixtureText } from './fixtures.ts';

const aesVector = fixture('factsheet-s7-aes-vector.json') as { key: string; iv: string; plaintext: string; ciphertext: string };
const { key: KEY, iv: IV, plaintext: PLAINTEXT, ciphertext: CIPHERTEXT } = aesVector;
const HMAC = (fixture('factsheet-s7-hmac-vector.json') as { payloadSignature: string }).payloadSignature;

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
