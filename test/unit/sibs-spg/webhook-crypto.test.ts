/**
 * The adapter's webhook decryption (fact sheet §8) on test vectors: SIBS publishes none (see
 * fixtures/SOURCES.md), so one is GCM's own published AES-256 case and one is the §8 payload
 * encrypted by another implementation (fixtures/webhook-aes-gcm-vectors.json).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import { sealWebhook } from '../../../electron/core/gateways/sibs-spg/emulator/webhook-cipher.ts';
import { decryptNotification, decryptNotificationBytes, webhookKey } from '../../../electron/core/gateways/sibs-spg/webhook-crypto.ts';
import { webhookVectors } from './fixtures.ts';

const { gcmSpecTestCase15: spec, factsheetS8Payload: payload } = webhookVectors();
const SECRET = payload.secretBase64;
const IV = payload.ivBase64;
const CIPHERTEXT = payload.ciphertextBase64;
const TAG = payload.tagBase64;

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('SIBS webhook decryption (adapter)', () => {
  it('decrypts GCM test case 15 (AES-256, 96-bit IV, no additional data) to its plaintext', () => {
    const bytes = decryptNotificationBytes({ body: spec.ciphertextBase64, iv: spec.ivBase64, tag: spec.tagBase64 }, spec.secretBase64);
    assert.equal(bytes.toString('base64'), spec.plaintextBase64);
  });

  it('decrypts the §8 payload vector to the documented JSON', () => {
    assert.equal(decryptNotification({ body: CIPHERTEXT, iv: IV, tag: TAG }, SECRET), payload.plaintext);
  });

  it('calls a payload that is not UTF-8 text unreadable', () => {
    // Test case 15's plaintext is random bytes, not text.
    assert.throws(() => decryptNotification({ body: spec.ciphertextBase64, iv: spec.ivBase64, tag: spec.tagBase64 }, spec.secretBase64), DeserializationError);
  });

  it('rejects a wrong tag, an altered body and a wrong key as authentication failures', () => {
    assert.throws(() => decryptNotification({ body: CIPHERTEXT, iv: IV, tag: flipFirstByte(TAG) }, SECRET), AuthenticationError);
    assert.throws(() => decryptNotification({ body: flipFirstByte(CIPHERTEXT), iv: IV, tag: TAG }, SECRET), AuthenticationError);
    const otherKey = Buffer.alloc(32, 7).toString('base64');
    assert.throws(() => decryptNotification({ body: CIPHERTEXT, iv: IV, tag: TAG }, otherKey), AuthenticationError);
  });

  it('refuses a truncated tag instead of checking fewer bytes', () => {
    const truncated = Buffer.from(TAG, 'base64').subarray(0, 12).toString('base64');
    assert.throws(() => decryptNotification({ body: CIPHERTEXT, iv: IV, tag: truncated }, SECRET), AuthenticationError);
  });

  it('refuses a delivery without the IV or tag header', () => {
    assert.throws(() => decryptNotification({ body: CIPHERTEXT, iv: undefined, tag: TAG }, SECRET), AuthenticationError);
    assert.throws(() => decryptNotification({ body: CIPHERTEXT, iv: IV, tag: undefined }, SECRET), AuthenticationError);
  });

  it('calls a body that is not Base64 unreadable', () => {
    assert.throws(() => decryptNotification({ body: '{"not":"base64"}', iv: IV, tag: TAG }, SECRET), DeserializationError);
  });

  it('needs a secret that is Base64 of 32 bytes', () => {
    assert.throws(() => webhookKey(Buffer.alloc(16).toString('base64')), AuthenticationError);
    assert.throws(() => webhookKey('not base64!'), AuthenticationError);
    assert.equal(webhookKey(SECRET).length, 32);
  });

  it('honours another tag length and additional data when configured', () => {
    const sealed = sealWebhook(payload.plaintext, SECRET, { ivBytes: 16, tagBytes: 12, aad: 'sibs' });
    const encrypted = { body: sealed.body, iv: sealed.headers['x-initialization-vector'], tag: sealed.headers['x-authentication-tag'] };
    assert.equal(decryptNotification(encrypted, SECRET, { tagBytes: 12, aad: 'sibs' }), payload.plaintext);
    assert.throws(() => decryptNotification(encrypted, SECRET, { tagBytes: 12, aad: '' }), AuthenticationError);
  });
});
