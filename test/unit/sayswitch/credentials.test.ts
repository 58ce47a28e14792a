import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sayswitch } from '../../../electron/core/gateways/sayswitch/index.ts';

const check = (field: string, value: string, environment: 'sandbox' | 'test' | 'production') => sayswitch.descriptor.checkCredential?.(field, value, environment) ?? null;

describe('Sayswitch credential checks before storing', () => {
  it('refuses a live key on sandbox and test profiles, saying why', () => {
    assert.match(check('secretKey', 'sk_live_0123456789abcdef', 'sandbox') ?? '', /live key .* cannot be stored on a sandbox profile/);
    assert.match(check('secretKey', 'sk_live_0123456789abcdef', 'test') ?? '', /test profile/);
  });

  it('refuses a test key on a production profile', () => {
    assert.match(check('secretKey', 'sk_test_0123456789abcdef', 'production') ?? '', /test key .* production profile/);
  });

  it('accepts a key that matches the environment', () => {
    assert.equal(check('secretKey', 'sk_test_0123456789abcdef', 'sandbox'), null);
    assert.equal(check('secretKey', 'sk_test_0123456789abcdef', 'test'), null);
    assert.equal(check('secretKey', 'sk_live_0123456789abcdef', 'production'), null);
  });

  it('refuses a public key and anything that is not a Sayswitch key', () => {
    assert.match(check('secretKey', 'pk_test_0123456789abcdef', 'sandbox') ?? '', /public key/);
    assert.match(check('secretKey', 'Bearer sk_test_x', 'sandbox') ?? '', /starts with sk_test_ or sk_live_/);
  });

  it('checks the encryption key length and the IV as the samples use them', () => {
    assert.equal(check('encryptionKey', '0123456789abcdef0123456789abcdef', 'sandbox'), null);
    assert.match(check('encryptionKey', 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', 'sandbox') ?? '', /exactly 32 bytes/);
    assert.equal(check('encryptionIv', 'fedcba9876543210ZZZZ', 'sandbox'), null);
    assert.match(check('encryptionIv', 'fedcba', 'sandbox') ?? '', /at least 16/);
  });

  it('declares partial refunds unsupported, with the reason for the operator', () => {
    assert.equal(sayswitch.descriptor.partialRefunds, false);
    assert.match(sayswitch.descriptor.refundNote ?? '', /no amount/);
  });
});
