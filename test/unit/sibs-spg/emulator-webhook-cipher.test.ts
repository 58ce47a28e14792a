/** The emulator's webhook encryption (fact sheet §8) on the same vectors as the adapter's decryption. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sealWebhook } from '../../../electron/core/gateways/sibs-spg/emulator/webhook-cipher.ts';
import { webhookVectors } from './fixtures.ts';

const DOCUMENTED = { ivBytes: 12, tagBytes: 16, aad: '' };

describe('SIBS webhook encryption (emulator)', () => {
  it('encrypts GCM test case 15 to its published ciphertext and tag', () => {
    const { gcmSpecTestCase15: spec } = webhookVectors();
    const sealed = sealWebhook(Buffer.from(spec.plaintextBase64, 'base64'), spec.secretBase64, DOCUMENTED, Buffer.from(spec.ivBase64, 'base64'));
    assert.deepEqual(sealed, { body: spec.ciphertextBase64, headers: { 'x-initialization-vector': spec.ivBase64, 'x-authentication-tag': spec.tagBase64 } });
  });

  it('encrypts the §8 payload to the vector another implementation computed', () => {
    const { factsheetS8Payload: vector } = webhookVectors();
    const sealed = sealWebhook(vector.plaintext, vector.secretBase64, DOCUMENTED, Buffer.from(vector.ivBase64, 'base64'));
    assert.deepEqual(sealed, { body: vector.ciphertextBase64, headers: { 'x-initialization-vector': vector.ivBase64, 'x-authentication-tag': vector.tagBase64 } });
  });

  it('draws a fresh IV of the configured length for every webhook', () => {
    const { factsheetS8Payload: vector } = webhookVectors();
    const first = sealWebhook(vector.plaintext, vector.secretBase64, DOCUMENTED);
    const second = sealWebhook(vector.plaintext, vector.secretBase64, DOCUMENTED);
    assert.equal(Buffer.from(first.headers['x-initialization-vector'], 'base64').length, 12);
    assert.equal(Buffer.from(first.headers['x-authentication-tag'], 'base64').length, 16);
    assert.notEqual(first.headers['x-initialization-vector'], second.headers['x-initialization-vector']);
  });

  it('refuses a secret that is not 32 bytes', () => {
    assert.throws(() => sealWebhook('{}', Buffer.alloc(16).toString('base64'), DOCUMENTED), /32/);
  });
});
