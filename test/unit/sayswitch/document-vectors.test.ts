/**
 * The fact sheet's §7 vectors (fixtures/factsheet-s7-*.json), checked separately against the
 * adapter's code and the emulator's, which are written apart from the documents: a misreading
 * shared by both would pass every test that runs one against the other, but not these.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envelopeCiphertextOf, merchantCipher } from '../../../electron/core/gateways/sayswitch/emulator/payload-cipher.ts';
import { signWebhookBody } from '../../../electron/core/gateways/sayswitch/emulator/webhook-signer.ts';
import { decryptSayswitchPayload, encryptSayswitchPayload, sayswitchPayloadKey } from '../../../electron/core/gateways/sayswitch/payload-crypto.ts';
import { webhookSignature, webhookSignatureMatches } from '../../../electron/core/gateways/sayswitch/signing.ts';
import { fixture, fixtureText } from './fixtures.ts';

const aes = fixture('factsheet-s7-aes-vector.json') as { key: string; iv: string; plaintext: string; ciphertext: string };
const hmac = fixture('factsheet-s7-hmac-vector.json') as { secretKey: string; bodyFile: string; payloadSignature: string };
const webhookBody = fixtureText(hmac.bodyFile);

describe('the §7 AES-256-CBC vector', () => {
  it('the adapter encrypts the plaintext to the printed hex and decrypts it back', () => {
    const key = sayswitchPayloadKey(aes.key, aes.iv);
    assert.equal(encryptSayswitchPayload(aes.plaintext, key), aes.ciphertext);
    assert.equal(decryptSayswitchPayload(aes.ciphertext, key), aes.plaintext);
  });

  it('the emulator encrypts the plaintext to the printed hex and decrypts it back, from a {"data": hex} body', () => {
    const cipher = merchantCipher(aes.key, aes.iv);
    assert.ok(cipher);
    assert.equal(cipher.encrypt(aes.plaintext), aes.ciphertext);
    assert.equal(cipher.decrypt(envelopeCiphertextOf({ data: aes.ciphertext }, false) ?? ''), aes.plaintext);
    assert.equal(cipher.decrypt(Buffer.from(aes.ciphertext, 'hex').toString('base64')), aes.plaintext, 'base64, which the prose names');
    assert.equal(envelopeCiphertextOf({ data: Buffer.from(aes.ciphertext, 'hex').toString('base64') }, false), null, 'base64 only when the setting allows it');
  });

  it('the emulator refuses a key that is not 32 bytes of text and cannot read ciphertext under another key', () => {
    assert.equal(merchantCipher(Buffer.from(aes.key).toString('base64'), aes.iv), null);
    assert.equal(merchantCipher('f'.repeat(32), aes.iv)?.decrypt(aes.ciphertext), null);
  });
});

describe('the §7 webhook HMAC-SHA512 vector', () => {
  it('the adapter signs the body to the printed payloadSignature and accepts it', () => {
    assert.equal(webhookSignature(webhookBody, hmac.secretKey), hmac.payloadSignature);
    assert.equal(webhookSignatureMatches(webhookBody, hmac.secretKey, hmac.payloadSignature), true);
  });

  it('the emulator signs the body to the printed payloadSignature', () => {
    assert.equal(signWebhookBody(webhookBody, hmac.secretKey), hmac.payloadSignature);
  });
});
