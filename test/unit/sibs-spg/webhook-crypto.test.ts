/** SIBS webhook encryption (fact sheet §8) on fixed vectors computed once with node:crypto. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, DeserializationError } from '../../../electron/core/errors.ts';
import { decryptNotification, encryptNotification, webhookKey } from '../../../electron/core/gateways/sibs-spg/webhook-crypto.ts';

/** Key bytes 0x00…0x1f, IV bytes 0x00…0x0b. */
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const IV = 'AAECAwQFBgcICQoL';
const PLAINTEXT = '{"paymentStatus":"Success","notificationID":"b6571d90-35d6-41a6-b7b1-732464b1e58c"}';
const CIPHERTEXT = 'PCCmeryIp3X5EuPqxZwLT7n01EGTGDoPS0XJp3MGdNtnec2d26h99j3gXdeq5R4N2WgEtGr7kO9boQctKYLDw5ILpEv+5hVTKGKeDN7qO9BbqLQ=';
const TAG = 'BnAKi/rFhH6SycEK9+eu/w==';

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('SIBS webhook encryption', () => {
  it('encrypts the vector to the expected Base64 ciphertext and tag', () => {
    const encrypted = encryptNotification(PLAINTEXT, SECRET, undefined, Buffer.from(IV, 'base64'));
    assert.deepEqual(encrypted, { body: CIPHERTEXT, iv: IV, tag: TAG });
  });

  it('decrypts the vector back to the plaintext', () => {
    assert.equal(decryptNotification({ body: CIPHERTEXT, iv: IV, tag: TAG }, SECRET), PLAINTEXT);
  });

  it('round-trips with a random 12-byte IV and a 16-byte tag', () => {
    const encrypted = encryptNotification(PLAINTEXT, SECRET);
    assert.equal(Buffer.from(encrypted.iv, 'base64').length, 12);
    assert.equal(Buffer.from(encrypted.tag, 'base64').length, 16);
    assert.equal(decryptNotification(encrypted, SECRET), PLAINTEXT);
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

  it('honours other IV and tag lengths and additional data when configured', () => {
    const parameters = { ivBytes: 16, tagBytes: 12, aad: 'sibs' };
    const encrypted = encryptNotification(PLAINTEXT, SECRET, parameters);
    assert.equal(Buffer.from(encrypted.iv, 'base64').length, 16);
    assert.equal(decryptNotification(encrypted, SECRET, parameters), PLAINTEXT);
    assert.throws(() => decryptNotification(encrypted, SECRET, { tagBytes: 12, aad: '' }), AuthenticationError);
  });
});
