/**
 * ACI's published webhook decryption example (fixtures/SOURCES.md), checked against each side's
 * own code: the adapter must decrypt it, the emulator must encrypt its plaintext to the same bytes.
 * Each side is written separately from the fact sheet, so a misreading of §8 on either shows here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError } from '../../../electron/core/errors.ts';
import { encryptWebhook } from '../../../electron/core/gateways/aci-oppwa/emulator/webhook-encryption.ts';
import { decryptOppwaNotification } from '../../../electron/core/gateways/aci-oppwa/webhook-crypto.ts';
import { fixture } from './fixtures.ts';

const vector = fixture('aci-docs-webhook-decryption-example.json') as { secret: string; iv: string; tag: string; body: string; plaintext: string };

describe("ACI's webhook decryption example", () => {
  it('the adapter decrypts it to the documented envelope', () => {
    assert.equal(decryptOppwaNotification({ body: vector.body, iv: vector.iv, tag: vector.tag }, vector.secret), vector.plaintext);
    assert.deepEqual(JSON.parse(vector.plaintext), { type: 'PAYMENT' });
  });

  it('the adapter refuses it under another secret', () => {
    assert.throws(() => decryptOppwaNotification({ body: vector.body, iv: vector.iv, tag: vector.tag }, vector.secret.replace(/^00/, '01')), AuthenticationError);
  });

  it('the emulator encrypts the plaintext to the same body and tag', () => {
    assert.deepEqual(encryptWebhook(vector.plaintext, vector.secret, Buffer.from(vector.iv, 'hex')), { body: vector.body, iv: vector.iv, tag: vector.tag });
  });
});
